package http

import (
	"bytes"
	"strings"
	"testing"

	"github.com/uvgo/uvgo/uv"
)

func fuzzHandler(req *IncomingMessage, res *ServerResponse) {
	switch {
	case strings.HasPrefix(req.URL, "/echo"):
		req.Pipe(res)
	case strings.HasPrefix(req.URL, "/stream"):
		res.WriteString("a", nil)
		res.WriteString("b", nil)
		res.End(nil)
	case strings.HasPrefix(req.URL, "/headers"):
		var b strings.Builder
		for _, n := range req.HeaderNames() {
			b.WriteString(n + ": " + strings.Join(req.Headers()[n], ",") + "\n")
		}
		res.EndString(b.String(), nil)
	default:
		res.SetHeader("Content-Type", "text/plain")
		res.EndString("Hello, World!\n", nil)
	}
}

// serveBytes runs one connection over data (in the given splits) and the
// peer's FIN, and returns what the server wrote and whether it closed.
func serveBytes(t testing.TB, parts [][]byte) ([]byte, bool) {
	l, err := uv.New()
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(l, ServerOptions{}, fuzzHandler)
	c, m := newTestConn(s)
	for _, p := range parts {
		if c.closed() {
			break
		}
		c.feed(p)
		l.DrainTicks()
		l.RunMode(uv.RunNoWait)
	}
	if !c.closed() {
		c.feedEOF()
	}
	for i := 0; i < 10 && !c.closed(); i++ {
		l.DrainTicks()
		l.RunMode(uv.RunNoWait)
	}
	closed := c.closed()
	if !closed {
		c.destroy()
	}
	l.RunMode(uv.RunNoWait)
	if len(s.conns) != 0 {
		t.Fatalf("connection not released")
	}
	if err := l.Close(); err != nil {
		t.Fatalf("leak: %v", err)
	}
	return m.out, closed
}

func TestServeBytesKeepAliveAndPipelining(t *testing.T) {
	out, closed := serveBytes(t, [][]byte{[]byte("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")})
	assert2 := bytes.Count(out, []byte("HTTP/1.1 200 OK\r\n"))
	if assert2 != 2 {
		t.Fatalf("want 2 responses, got %q", out)
	}
	if !closed {
		t.Fatal("FIN must end the connection")
	}
	out, _ = serveBytes(t, [][]byte{[]byte("BAD\r\n\r\n")})
	if string(out) != "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n" {
		t.Fatalf("got %q", out)
	}
}

// FuzzServer feeds raw bytes to a server connection in process: never a
// panic, never a leak, and always a response or a close.
func FuzzServer(f *testing.F) {
	for _, seed := range []string{
		"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
		"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\n0\r\nT: 1\r\n\r\n",
		"GET /stream HTTP/1.0\r\nConnection: keep-alive\r\nTE: chunked\r\n\r\n",
		"GET /headers HTTP/1.1\r\nHost: x\r\nCookie: a\r\nCookie: b\r\nSet-Cookie: c\r\n\r\n",
		"GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: ws\r\n\r\nxyz",
		"CONNECT a:1 HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET / HTTP/1.1\nHost: x\n\n",
	} {
		f.Add([]byte(seed), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		if len(data) > 1<<16 {
			return
		}
		parts := [][]byte{data}
		if s := int(split); s > 0 && s < len(data) {
			parts = [][]byte{data[:s], data[s:]}
		}
		out, closed := serveBytes(t, parts)
		if len(out) == 0 && !closed {
			t.Fatalf("no response and no close for %q", data)
		}
	})
}

// FuzzChunkedBody fuzzes the chunked framing of a request body: sizes,
// extensions, trailers and the CRLFs between, split at any point.
func FuzzChunkedBody(f *testing.F) {
	for _, seed := range []string{
		"3\r\nabc\r\n0\r\n\r\n",
		"3;ext=1;x\r\nabc\r\n0\r\nTrailer: t\r\n\r\n",
		"A\r\n0123456789\r\n0\r\n\r\n",
		"3\r\nabcX",
		"fffffffffffffffffff\r\n",
		"3 \r\nabc\r\n0\r\n\r\n",
		"3\nabc\r\n0\r\n\r\n",
	} {
		f.Add([]byte(seed), uint8(0))
	}
	f.Fuzz(func(t *testing.T, body []byte, split uint8) {
		if len(body) > 1<<16 {
			return
		}
		data := append([]byte("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"), body...)
		parts := [][]byte{data}
		if s := int(split); s > 0 && s < len(data) {
			parts = [][]byte{data[:s], data[s:]}
		}
		out, closed := serveBytes(t, parts)
		if len(out) == 0 && !closed {
			t.Fatalf("no response and no close")
		}
		if len(out) > 0 && !bytes.HasPrefix(out, []byte("HTTP/1.1 ")) {
			t.Fatalf("garbage response %q", out)
		}
	})
}

// FuzzHeaders fuzzes the header section: names, values, folding, line
// endings, duplicates (the /headers handler walks Headers()).
func FuzzHeaders(f *testing.F) {
	for _, seed := range []string{
		"Cookie: a\r\nCookie: b\r\nSet-Cookie: c\r\nSet-Cookie: d\r\n",
		"X: a\r\n b\r\n",
		"X : 1\r\n",
		": empty\r\n",
		"X: caf\xe9\r\n",
		"Content-Length: 3\r\nContent-Length: 3\r\n",
		"Transfer-Encoding: chunked, identity\r\n",
		"X: a\nY: b\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, headers []byte) {
		if len(headers) > 1<<15 {
			return
		}
		data := append([]byte("GET /headers HTTP/1.1\r\nHost: x\r\n"), headers...)
		data = append(data, "\r\n"...)
		out, closed := serveBytes(t, [][]byte{data})
		if len(out) == 0 && !closed {
			t.Fatalf("no response and no close")
		}
	})
}
