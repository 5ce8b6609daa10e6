package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseUpstream(t *testing.T) {
	for _, tc := range []struct {
		in   string
		host string
		port int
		err  string
	}{
		{in: "http://127.0.0.1:8081", host: "127.0.0.1", port: 8081},
		{in: "http://127.0.0.1:8081/", host: "127.0.0.1", port: 8081},
		{in: "http://backend", host: "backend", port: 80},
		{in: "http://[::1]:9000", host: "::1", port: 9000},
		{in: "https://x:443", err: "no TLS"},
		{in: "127.0.0.1:8081", err: "want http://HOST:PORT"},
		{in: "http://x:8081/api", err: "no path"},
		{in: "http://x:8081?a=1", err: "no path"},
		{in: "http://u:p@x:8081", err: "no path"},
		{in: "http://x:0", err: "want 1-65535"},
		{in: "http://x:99999", err: "want 1-65535"},
		{in: "http://", err: "want http://HOST:PORT"},
	} {
		u, err := parseUpstream(tc.in)
		if tc.err != "" {
			require.Error(t, err, tc.in)
			assert.Contains(t, err.Error(), tc.err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, upstreamAddr{host: tc.host, port: tc.port}, u, tc.in)
	}
}

func TestEndToEndDropsHopByHop(t *testing.T) {
	raw := []string{
		"X-A", "1",
		"connection", "keep-alive, X-Named ,x-other",
		"x-named", "n",
		"X-OTHER", "o",
		"Keep-Alive", "timeout=5",
		"TE", "trailers",
		"Trailer", "X-T",
		"Transfer-Encoding", "chunked",
		"Upgrade", "h2c",
		"Proxy-Connection", "keep-alive",
		"Proxy-Authorization", "Basic eDp5",
		"Proxy-Authenticate", "Basic",
		"Set-Cookie", "a=1",
		"X-B", "2",
		"Set-Cookie", "b=2",
	}
	var got []string
	endToEnd(raw, func(n, v string) { got = append(got, n, v) })
	assert.Equal(t, []string{"X-A", "1", "Set-Cookie", "a=1", "X-B", "2", "Set-Cookie", "b=2"}, got)
}

func TestForwardHeaders(t *testing.T) {
	got, body := forwardHeaders([]string{
		"Host", "front.example",
		"X-Forwarded-For", "10.0.0.1",
		"Connection", "close",
		"Accept", "*/*",
		"x-forwarded-for", "10.0.0.2",
		"Expect", "100-continue",
		"Content-Length", "5",
	}, "127.0.0.1")
	assert.Equal(t, []string{
		"Host", "front.example",
		"X-Forwarded-For", "10.0.0.1, 10.0.0.2, 127.0.0.1",
		"Accept", "*/*",
		"Content-Length", "5",
		"X-Forwarded-Proto", "http",
		"X-Forwarded-Host", "front.example",
	}, got)
	assert.True(t, body, "Content-Length: 5")

	// A chunked body stays chunked; a proxy in front set Proto and Host.
	got, body = forwardHeaders([]string{
		"Host", "h",
		"Transfer-Encoding", "chunked",
		"X-Forwarded-Proto", "https",
		"X-Forwarded-Host", "outer",
	}, "::1")
	assert.Equal(t, []string{
		"Host", "h",
		"X-Forwarded-Proto", "https",
		"X-Forwarded-Host", "outer",
		"X-Forwarded-For", "::1",
		"Transfer-Encoding", "chunked",
	}, got)
	assert.True(t, body, "chunked")

	// No Host (HTTP/1.0): no X-Forwarded-Host.
	got, body = forwardHeaders(nil, "127.0.0.1")
	assert.Equal(t, []string{"X-Forwarded-For", "127.0.0.1", "X-Forwarded-Proto", "http"}, got)
	assert.False(t, body)
	_, body = forwardHeaders([]string{"Content-Length", "0"}, "127.0.0.1")
	assert.False(t, body, "Content-Length: 0")
}
