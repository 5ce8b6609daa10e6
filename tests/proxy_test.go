package tests

// The reverse proxy (`uvhttp -upstream`, issue 14 item 4) end to end: the
// built binary in front of an upstream served by this test process (Go's
// net/http, with every accepted connection counted and the bytes it reads
// recorded, so the test sees what the proxy sent upstream). With
// PROXY_TARGET=node the same tests run against Node 20 on bench/proxy.js,
// the reference the tests are checked with (but the -root and flag tests,
// which are uvhttp's own):
// PROXY_TARGET=node go test ./tests/ -run TestProxy -count=1

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// upstream is the server behind the proxy.
type upstream struct {
	addr     string
	accepted atomic.Int64 // TCP connections accepted
	written  atomic.Int64 // body bytes /big wrote
	read     atomic.Int64 // body bytes /slowread read
	mu       sync.Mutex
	lastHead string // the raw head of the last request a handler saw
	started  chan string
	canceled chan string // paths whose request the proxy closed
}

// recConn records what it reads.
type recConn struct {
	net.Conn
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *recConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.buf.Write(p[:n])
	c.mu.Unlock()
	return n, err
}

type recListener struct {
	net.Listener
	u *upstream
}

func (l recListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.u.accepted.Add(1)
	return &recConn{Conn: c}, nil
}

type recKey struct{}

// startUpstream serves, on a free loopback port:
//
//	/echo      the request body back, with the request's Content-Type
//	/hello     "Hello, World!\n"
//	/big       ?bytes=N bytes with a Content-Length, as fast as they go
//	/raw       a response written byte by byte as received in ?resp=
//	           (one fixed head, below), then close
//	/die       ?after=N: a head promising more, N body bytes, then close
//	/diechunk  a chunked head and one chunk, then close
//	/reset     closes the connection without answering
//	/slowread  the body at ?rate= bytes/s (64 KiB receive buffer), until
//	           the request is closed (reported on canceled)
//	/wait      nothing until the request is closed (reported on canceled)
//	/hang      a head and one chunk, then nothing until closed (reported)
func startUpstream(t *testing.T) *upstream {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	u := &upstream{addr: ln.Addr().String(), started: make(chan string, 16), canceled: make(chan string, 16)}
	block := bytes.Repeat([]byte("z"), 64<<10)
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		u.recordHead(r)
		if ct := r.Header.Get("Content-Type"); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Header().Set("X-Upstream-Length", strconv.FormatInt(r.ContentLength, 10))
		w.Header().Set("X-Upstream-TE", strings.Join(r.TransferEncoding, ","))
		// Reading and writing at once (net/http stops reading the body
		// once the response head is flushed, otherwise).
		http.NewResponseController(w).EnableFullDuplex()
		io.Copy(w, r.Body)
	})
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		u.recordHead(r)
		io.WriteString(w, "Hello, World!\n")
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.ParseInt(r.URL.Query().Get("bytes"), 10, 64)
		w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
		for left := n; left > 0; {
			m, err := w.Write(block[:min(left, int64(len(block)))])
			u.written.Add(int64(m))
			left -= int64(m)
			if err != nil {
				u.canceled <- "/big"
				return
			}
		}
	})
	hijack := func(w http.ResponseWriter, raw string) {
		c, bw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		bw.WriteString(raw)
		bw.Flush()
		time.Sleep(50 * time.Millisecond) // the bytes arrive before the close
		c.Close()
	}
	mux.HandleFunc("/raw", func(w http.ResponseWriter, r *http.Request) {
		hijack(w, rawUpstreamResponse)
	})
	mux.HandleFunc("/die", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("after"))
		hijack(w, fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", 10*n, strings.Repeat("d", n)))
	})
	mux.HandleFunc("/diechunk", func(w http.ResponseWriter, r *http.Request) {
		hijack(w, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
	})
	mux.HandleFunc("/reset", func(w http.ResponseWriter, r *http.Request) {
		c, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		c.(*recConn).Conn.(*net.TCPConn).SetLinger(0)
		c.Close()
	})
	mux.HandleFunc("/slowread", func(w http.ResponseWriter, r *http.Request) {
		rate, _ := strconv.ParseInt(r.URL.Query().Get("rate"), 10, 64)
		r.Context().Value(recKey{}).(*recConn).Conn.(*net.TCPConn).SetReadBuffer(64 << 10)
		u.started <- "/slowread"
		buf := make([]byte, 16<<10)
		start := time.Now()
		for {
			if u.read.Load() >= int64(time.Since(start).Seconds()*float64(rate))+int64(len(buf)) {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			n, err := r.Body.Read(buf)
			u.read.Add(int64(n))
			if err != nil {
				u.canceled <- "/slowread"
				return
			}
		}
	})
	waitClosed := func(r *http.Request, path string) {
		u.started <- path
		select {
		case <-r.Context().Done():
			u.canceled <- path
		case <-time.After(20 * time.Second):
		}
	}
	mux.HandleFunc("/wait", func(w http.ResponseWriter, r *http.Request) { waitClosed(r, "/wait") })
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "first")
		w.(http.Flusher).Flush()
		waitClosed(r, "/hang")
	})
	srv := &http.Server{
		Handler:     mux,
		ConnContext: func(ctx context.Context, c net.Conn) context.Context { return context.WithValue(ctx, recKey{}, c) },
	}
	go srv.Serve(recListener{Listener: ln, u: u})
	t.Cleanup(func() { srv.Close() })
	return u
}

// rawUpstreamResponse has every hop-by-hop header, a header its
// Connection names, and a status message of its own.
const rawUpstreamResponse = "HTTP/1.1 201 Made Here\r\n" +
	"X-A: 1\r\n" +
	"Connection: X-Bar\r\n" +
	"X-Bar: gone\r\n" +
	"Keep-Alive: timeout=9\r\n" +
	"Proxy-Authenticate: Basic\r\n" +
	"Proxy-Connection: keep-alive\r\n" +
	"Trailer: X-T\r\n" +
	"Upgrade: h2c\r\n" +
	"Set-Cookie: a=1\r\n" +
	"X-B: 2\r\n" +
	"Set-Cookie: b=2\r\n" +
	"Content-Length: 5\r\n" +
	"\r\n" +
	"hello"

// recordHead keeps the raw head of r as the connection read it.
func (u *upstream) recordHead(r *http.Request) {
	c := r.Context().Value(recKey{}).(*recConn)
	c.mu.Lock()
	b := c.buf.Bytes()
	start := bytes.LastIndex(b, []byte(r.Method+" "+r.RequestURI+" HTTP/1.1\r\n"))
	head := ""
	if start >= 0 {
		if end := bytes.Index(b[start:], []byte("\r\n\r\n")); end >= 0 {
			head = string(b[start : start+end+2])
		}
	}
	c.mu.Unlock()
	u.mu.Lock()
	u.lastHead = head
	u.mu.Unlock()
}

func (u *upstream) head() string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.lastHead
}

// startProxy starts the proxy in front of upstreamAddr: the built uvhttp
// with -upstream, or Node on bench/proxy.js with PROXY_TARGET=node.
func startProxy(t *testing.T, upstreamAddr string) (*exec.Cmd, string) {
	t.Helper()
	switch target := os.Getenv("PROXY_TARGET"); target {
	case "node":
		node, err := exec.LookPath("node")
		require.NoError(t, err, "Node 20 is required")
		return startListening(t, node, "../bench/proxy.js", upstreamAddr, "0")
	case "", "uvhttp":
		return startListening(t, uvhttpBin(t), "-listen", "127.0.0.1:0", "-quiet", "-upstream", "http://"+upstreamAddr)
	default:
		t.Fatalf("PROXY_TARGET=%q: use uvhttp (the default) or node", target)
		return nil, ""
	}
}

// exchange sends one raw request on a new connection and reads the
// response (the body whole).
func exchange(t *testing.T, addr, req string) (*http.Response, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	_, err = io.WriteString(c, req)
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// headLines returns the header lines of a raw head (without its first
// line), as "Name: value".
func headLines(head string) []string {
	lines := strings.Split(strings.TrimSuffix(head, "\r\n"), "\r\n")
	return lines[1:]
}

// names returns the lowercase names of header lines.
func names(lines []string) []string {
	var out []string
	for _, l := range lines {
		n, _, _ := strings.Cut(l, ":")
		out = append(out, strings.ToLower(n))
	}
	return out
}

func TestProxyGetAndPostBodies(t *testing.T) {
	u := startUpstream(t)
	_, addr := startProxy(t, u.addr)

	resp, body := exchange(t, addr, "GET /hello?x=1 HTTP/1.1\r\nHost: front\r\n\r\n")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "Hello, World!\n", body)
	assert.True(t, strings.HasPrefix(u.head(), "GET /hello?x=1 HTTP/1.1\r\n"), "%q", u.head())

	// A Content-Length body of 300 KB: Content-Length on the upstream hop.
	payload := strings.Repeat("0123456789", 30000)
	resp, body = exchange(t, addr, "POST /echo HTTP/1.1\r\nHost: front\r\nContent-Type: text/x-test\r\n"+
		"Content-Length: "+strconv.Itoa(len(payload))+"\r\n\r\n"+payload)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, len(payload), len(body))
	assert.True(t, payload == body, "the body comes back intact")
	assert.Equal(t, "text/x-test", resp.Header.Get("Content-Type"))
	assert.Equal(t, strconv.Itoa(len(payload)), resp.Header.Get("X-Upstream-Length"), "Content-Length forwarded")
	assert.Equal(t, "", resp.Header.Get("X-Upstream-TE"))

	// A chunked body stays chunked upstream; the response (chunked from
	// Go's server, whose Transfer-Encoding is hop-by-hop) is reframed.
	chunks := []string{"first-", strings.Repeat("m", 40000), "-last"}
	var raw strings.Builder
	for _, c := range chunks {
		fmt.Fprintf(&raw, "%x\r\n%s\r\n", len(c), c)
	}
	raw.WriteString("0\r\n\r\n")
	resp, body = exchange(t, addr, "POST /echo HTTP/1.1\r\nHost: front\r\nTransfer-Encoding: chunked\r\n\r\n"+raw.String())
	assert.Equal(t, 200, resp.StatusCode)
	assert.True(t, strings.Join(chunks, "") == body, "chunked body echoed (%d bytes)", len(body))
	assert.Equal(t, "-1", resp.Header.Get("X-Upstream-Length"))
	assert.Equal(t, "chunked", resp.Header.Get("X-Upstream-TE"))

	// A POST with no body.
	resp, body = exchange(t, addr, "POST /echo HTTP/1.1\r\nHost: front\r\nContent-Length: 0\r\n\r\n")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "", body)

	// Keep-alive on the client side: two requests on one connection.
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	for i := range 2 {
		fmt.Fprintf(c, "POST /echo HTTP/1.1\r\nHost: front\r\nContent-Length: 3\r\n\r\nr%02d", i)
		resp, err := http.ReadResponse(br, nil)
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		assert.Equal(t, fmt.Sprintf("r%02d", i), string(b))
		assert.False(t, resp.Close, "the client's connection stays open")
	}
}

func TestProxyHeadersForwardedHopByHopRemoved(t *testing.T) {
	u := startUpstream(t)
	_, addr := startProxy(t, u.addr)

	resp, body := exchange(t, addr, "GET /hello?h=1 HTTP/1.1\r\n"+
		"Host: front.example\r\n"+
		"X-One: 1\r\n"+
		"Connection: keep-alive, X-Drop\r\n"+
		"X-Drop: dropped\r\n"+
		"Keep-Alive: 300\r\n"+
		"Proxy-Connection: keep-alive\r\n"+
		"TE: trailers\r\n"+
		"Trailer: X-T\r\n"+
		"Proxy-Authorization: Basic eDp5\r\n"+
		"X-Forwarded-For: 10.1.2.3\r\n"+
		"Cookie: c=1\r\n"+
		"X-Two: 2\r\n\r\n")
	require.Equal(t, 200, resp.StatusCode)
	require.Equal(t, "Hello, World!\n", body)

	head := u.head()
	require.NotEmpty(t, head)
	lines := headLines(head)
	got := names(lines)
	for _, hop := range []string{"x-drop", "keep-alive", "proxy-connection", "te", "trailer", "proxy-authorization"} {
		assert.NotContains(t, got, hop, "hop-by-hop %s removed upstream: %q", hop, head)
	}
	for _, l := range lines {
		if strings.HasPrefix(strings.ToLower(l), "connection:") {
			assert.Equal(t, "connection: keep-alive", strings.ToLower(l), "only the proxy's own Connection")
		}
	}
	// The end-to-end headers keep their order.
	var kept []string
	for _, l := range lines {
		switch n := strings.ToLower(strings.SplitN(l, ":", 2)[0]); n {
		case "host", "x-one", "cookie", "x-two":
			kept = append(kept, l)
		}
	}
	assert.Equal(t, []string{"Host: front.example", "X-One: 1", "Cookie: c=1", "X-Two: 2"}, kept)
	assert.Contains(t, lines, "X-Forwarded-For: 10.1.2.3, 127.0.0.1", "the client's address appended")
	assert.Contains(t, lines, "X-Forwarded-Proto: http")
	assert.Contains(t, lines, "X-Forwarded-Host: front.example")

	// Response direction: the raw upstream response's hop-by-hop headers
	// are dropped, the rest kept in order with the status message.
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET /raw HTTP/1.1\r\nHost: front\r\n\r\n")
	br := bufio.NewReader(c)
	var rhead strings.Builder
	for {
		l, err := br.ReadString('\n')
		require.NoError(t, err)
		rhead.WriteString(l)
		if l == "\r\n" {
			break
		}
	}
	rh := rhead.String()
	assert.True(t, strings.HasPrefix(rh, "HTTP/1.1 201 Made Here\r\n"), "status code and message: %q", rh)
	rlines := headLines(rh)
	rnames := names(rlines)
	for _, hop := range []string{"x-bar", "proxy-authenticate", "proxy-connection", "trailer", "upgrade", "transfer-encoding"} {
		assert.NotContains(t, rnames, hop, "hop-by-hop %s removed: %q", hop, rh)
	}
	assert.NotContains(t, rlines, "Keep-Alive: timeout=9", "the upstream's Keep-Alive is not forwarded")
	var rkept []string
	for _, l := range rlines {
		switch strings.ToLower(strings.SplitN(l, ":", 2)[0]) {
		case "x-a", "x-b", "set-cookie", "content-length":
			rkept = append(rkept, l)
		}
	}
	// Set-Cookie b=2 follows a=1 (both lines kept; a proxy that
	// groups repeated names moves it before X-B, which HTTP allows).
	assert.Equal(t, "X-A: 1", rkept[0])
	assert.Equal(t, []string{"Set-Cookie: a=1", "Set-Cookie: b=2"}, filter(rkept, "Set-Cookie:"))
	assert.Contains(t, rkept, "X-B: 2")
	assert.Equal(t, "Content-Length: 5", rkept[len(rkept)-1])
	b := make([]byte, 5)
	_, err = io.ReadFull(br, b)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(b))
}

func filter(lines []string, prefix string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return out
}

// 60 requests, each on a client connection of its own (the client does
// not keep anything alive): the proxy's keep-alive agent reuses its
// upstream connections, one at a time here, so the upstream accepts very
// few (a fresh connection per request would be 60).
func TestProxyReusesUpstreamConnections(t *testing.T) {
	u := startUpstream(t)
	_, addr := startProxy(t, u.addr)
	const n = 60
	for i := range n {
		resp, body := exchange(t, addr, fmt.Sprintf("GET /hello?i=%d HTTP/1.1\r\nHost: front\r\nConnection: close\r\n\r\n", i))
		require.Equal(t, 200, resp.StatusCode)
		require.Equal(t, "Hello, World!\n", body)
	}
	conns := u.accepted.Load()
	t.Logf("%d requests over %d upstream connection(s)", n, conns)
	assert.LessOrEqual(t, conns, int64(3), "upstream connections are kept alive and reused")

	// Four clients at once, 15 requests each on keep-alive connections:
	// at most one upstream connection per request in flight.
	before := u.accepted.Load()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.Dial("tcp", addr)
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(20 * time.Second))
			br := bufio.NewReader(c)
			for range 15 {
				if err := helloOnceAny(c, br); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	more := u.accepted.Load() - before
	t.Logf("60 requests from 4 concurrent clients: %d new upstream connection(s)", more)
	assert.LessOrEqual(t, more, int64(4), "no more upstream connections than requests in flight")
}

// helloOnceAny does GET /hello on a keep-alive connection, whatever the
// framing of the answer.
func helloOnceAny(c net.Conn, br *bufio.Reader) error {
	if _, err := io.WriteString(c, "GET /hello HTTP/1.1\r\nHost: front\r\n\r\n"); err != nil {
		return err
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 || string(b) != "Hello, World!\n" {
		return fmt.Errorf("%d %q", resp.StatusCode, b)
	}
	return nil
}

// The upstream is down (nothing listens): 502, and the proxy goes on
// answering. An upstream that resets the connection before answering:
// 502 too.
func TestProxyBadGateway(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	down := ln.Addr().String()
	ln.Close()
	_, addr := startProxy(t, down)
	for range 3 {
		resp, body := exchange(t, addr, "GET /hello HTTP/1.1\r\nHost: front\r\n\r\n")
		assert.Equal(t, 502, resp.StatusCode)
		assert.Equal(t, "Bad Gateway\n", body)
	}
	// A POST whose body the proxy cannot deliver: 502 as well.
	resp, _ := exchange(t, addr, "POST /echo HTTP/1.1\r\nHost: front\r\nContent-Length: 5\r\n\r\nhello")
	assert.Equal(t, 502, resp.StatusCode)

	u := startUpstream(t)
	_, addr = startProxy(t, u.addr)
	resp, body := exchange(t, addr, "GET /reset HTTP/1.1\r\nHost: front\r\n\r\n")
	assert.Equal(t, 502, resp.StatusCode)
	assert.Equal(t, "Bad Gateway\n", body)
	resp, body = exchange(t, addr, "GET /hello HTTP/1.1\r\nHost: front\r\n\r\n")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "Hello, World!\n", body)
}

// The upstream dies after the response head, in a Content-Length body
// and in a chunked one: the proxy cannot finish the response honestly,
// so it destroys the client's connection (the client sees it close
// short of the body's end, never a complete-looking response), and goes
// on serving the other clients.
func TestProxyUpstreamDiesMidResponse(t *testing.T) {
	u := startUpstream(t)
	_, addr := startProxy(t, u.addr)
	for _, target := range []string{"/die?after=1000", "/diechunk"} {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		c.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: front\r\n\r\n", target)
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		require.NoError(t, err, target)
		assert.Equal(t, 200, resp.StatusCode)
		b, err := io.ReadAll(resp.Body)
		require.Error(t, err, "%s: the body must not end cleanly (got %d bytes)", target, len(b))
		assert.True(t, errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "reset") ||
			strings.Contains(err.Error(), "unexpected EOF"), "%s: %v", target, err)
		if target == "/diechunk" {
			assert.Equal(t, "hello", string(b), "what came before the death is forwarded")
		} else {
			assert.Equal(t, strings.Repeat("d", 1000), string(b))
		}
		// The connection is gone, not waiting for more.
		_, err = c.Read(make([]byte, 1))
		assert.Error(t, err)
		c.Close()
	}
	assertStillServes(t, addr)
}

// A client that goes away before the answer (/wait) or in the middle of
// it (/hang) cancels the upstream request: the upstream sees its request
// closed.
func TestProxyClientAbortCancelsUpstream(t *testing.T) {
	u := startUpstream(t)
	_, addr := startProxy(t, u.addr)
	for _, path := range []string{"/wait", "/hang"} {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		c.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: front\r\n\r\n", path)
		select {
		case p := <-u.started:
			require.Equal(t, path, p)
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the upstream never got the request", path)
		}
		if path == "/hang" {
			// the head and the first chunk came through
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			require.NoError(t, err)
			b := make([]byte, 5)
			_, err = io.ReadFull(resp.Body, b)
			require.NoError(t, err)
			assert.Equal(t, "first", string(b))
		}
		c.Close()
		select {
		case p := <-u.canceled:
			assert.Equal(t, path, p)
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the upstream request was not closed after the client left", path)
		}
	}
	assertStillServes(t, addr)
}

// A slow client reads a 2 GiB upstream response at 2 MiB/s for 3 s.
// Backpressure must hold through the proxy: the upstream is allowed to
// write only what the client read plus what the buffers between them
// hold, and the proxy's memory stays flat.
//
// The bounds: the high-water marks allow 16 KiB in the response, 16 KiB
// in the upstream response stream and a 64 KiB read in flight, about
// 100 KiB; a Go process adds its garbage collector's slack on top (the
// heap target never goes below 4 MiB), so uvhttp's RSS may grow by 16
// MiB at most (measured: about 5 MiB). Node's V8 heap keeps more garbage
// Buffers (measured: about 18 MiB), hence 32 MiB with PROXY_TARGET=node.
// The kernel's socket buffers on the two hops (tcp_rmem's maximum is 32
// MiB here, tcp_wmem's 4 MiB) are not the proxy's memory but let the
// upstream run ahead of the client: by 64 MiB at most (measured: about
// 10 MiB). A proxy without backpressure lets the upstream write several
// hundred MB in those 3 s and holds them (Node with
// ures.on('data', d => res.write(d)) instead of pipe: 420 MiB of both).
// Then the client goes away, which cancels the upstream response.
func TestProxySlowClientBoundedMemory(t *testing.T) {
	u, addr, pid := startWarmProxy(t)
	base := rssOf(t, pid)
	rss := sampleRSS(pid, 20*time.Millisecond)

	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	c.(*net.TCPConn).SetReadBuffer(64 << 10)
	const size = 2 << 30
	fmt.Fprintf(c, "GET /big?bytes=%d HTTP/1.1\r\nHost: front\r\n\r\n", size)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 64<<10)
	n, err := c.Read(buf)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(buf[:n], []byte("HTTP/1.1 200 OK\r\n")), "%q", buf[:min(n, 200)])
	const rate = 2 * mib
	const period = 3 * time.Second
	got := int64(n) + readPaced(t, c, buf, rate, period)
	written := u.written.Load()
	peak := rss.Stop()
	t.Logf("client read %.1f MiB, upstream wrote %.1f MiB (ahead by %.1f MiB); proxy RSS base %.1f MiB, peak %.1f MiB (growth %.1f MiB)",
		float64(got)/mib, float64(written)/mib, float64(written-got)/mib, float64(base)/mib, float64(peak)/mib, float64(peak-base)/mib)
	assert.Greater(t, got, int64(rate), "the client read at its pace")
	assert.Less(t, written-got, int64(64*mib), "the upstream runs ahead of the client by the buffers only")
	bound := int64(16 * mib)
	if os.Getenv("PROXY_TARGET") == "node" {
		bound = 32 * mib
	}
	assert.Less(t, peak-base, bound, "proxy RSS growth while a slow client reads a 2 GiB response")

	c.Close()
	select {
	case p := <-u.canceled:
		assert.Equal(t, "/big", p, "the upstream's write fails once the client left")
	case <-time.After(10 * time.Second):
		t.Fatal("the upstream response was not cancelled after the client left")
	}
	assertStillServes(t, addr)
}

// The other direction: a client uploads a large body as fast as it can
// to an upstream that reads it at 2 MiB/s. The request pipe must pause
// the client (the proxy stops reading its socket while the upstream
// request is above its high-water mark): the client gets ahead of the
// upstream by the socket buffers only, and the proxy's memory stays
// flat, with the same bounds as the slow client's (the kernel buffers
// here: the proxy's receive buffer from the client can grow to tcp_rmem's
// 32 MiB maximum, the send buffers to 4 MiB each, the upstream reads
// with 64 KiB). Then the client resets mid-body, which cancels the
// upstream request.
func TestProxySlowUpstreamReaderBoundedMemory(t *testing.T) {
	u, addr, pid := startWarmProxy(t)
	base := rssOf(t, pid)
	rss := sampleRSS(pid, 20*time.Millisecond)

	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	const size = 2 << 30
	const rate = 2 * mib
	fmt.Fprintf(c, "POST /slowread?rate=%d HTTP/1.1\r\nHost: front\r\nContent-Length: %d\r\n\r\n", rate, size)
	var sent atomic.Int64
	go func() {
		block := bytes.Repeat([]byte("u"), 64<<10)
		for sent.Load() < size {
			n, err := c.Write(block)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	}()
	select {
	case <-u.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the upstream never got the request")
	}
	time.Sleep(3 * time.Second)
	got, pushed := u.read.Load(), sent.Load()
	peak := rss.Stop()
	t.Logf("client sent %.1f MiB, upstream read %.1f MiB (behind by %.1f MiB); proxy RSS base %.1f MiB, peak %.1f MiB (growth %.1f MiB)",
		float64(pushed)/mib, float64(got)/mib, float64(pushed-got)/mib, float64(base)/mib, float64(peak)/mib, float64(peak-base)/mib)
	assert.Greater(t, got, int64(rate), "the upstream read at its pace")
	assert.Less(t, pushed-got, int64(64*mib), "the client runs ahead of the upstream by the buffers only")
	bound := int64(16 * mib)
	if os.Getenv("PROXY_TARGET") == "node" {
		bound = 32 * mib
	}
	assert.Less(t, peak-base, bound, "proxy RSS growth while a slow upstream reads a 2 GiB upload")

	// A reset: a plain close would queue its FIN behind the megabytes
	// the proxy, paused, has not read yet. The proxy, not reading, sees
	// the reset when the upstream has taken what it holds.
	c.(*net.TCPConn).SetLinger(0)
	c.Close()
	left := time.Now()
	select {
	case p := <-u.canceled:
		assert.Equal(t, "/slowread", p, "the upstream's read fails once the client left")
		t.Logf("the upstream request was closed %v after the client's reset", time.Since(left).Round(time.Millisecond))
	case <-time.After(20 * time.Second):
		t.Fatal("the upstream request was not cancelled after the client left")
	}
	assertStillServes(t, addr)
}

// With -root too, /static/ is served from the directory and everything
// else goes upstream (uvhttp only: Node's proxy has no files).
func TestProxyWithRootServesStaticLocally(t *testing.T) {
	u := startUpstream(t)
	root := t.TempDir()
	require.NoError(t, os.WriteFile(root+"/local.txt", []byte("from disk\n"), 0o644))
	_, addr, _ := startLogged(t, "-listen", "127.0.0.1:0", "-quiet", "-root", root, "-upstream", "http://"+u.addr)
	resp, body := exchange(t, addr, "GET /static/local.txt HTTP/1.1\r\nHost: front\r\n\r\n")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "from disk\n", body)
	assert.Equal(t, int64(0), u.accepted.Load(), "the upstream saw nothing of /static/")
	resp, body = exchange(t, addr, "GET /hello HTTP/1.1\r\nHost: front\r\n\r\n")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "Hello, World!\n", body)
	assert.Equal(t, int64(1), u.accepted.Load())
}

// A malformed -upstream stops uvhttp at once with the form it wants.
func TestProxyBadUpstreamFlag(t *testing.T) {
	for _, bad := range []string{"127.0.0.1:8080", "https://x:443", "http://x:8080/api"} {
		out, err := exec.Command(uvhttpBin(t), "-listen", "127.0.0.1:0", "-upstream", bad).CombinedOutput()
		var ee *exec.ExitError
		require.True(t, errors.As(err, &ee), "%s: %v %s", bad, err, out)
		assert.Equal(t, 2, ee.ExitCode(), bad)
		assert.Contains(t, string(out), "-upstream", bad)
		assert.Contains(t, string(out), "http://HOST:PORT", bad)
	}
}

// assertStillServes checks that the proxy at addr answers a plain GET.
func assertStillServes(t *testing.T, addr string) {
	t.Helper()
	resp, body := exchange(t, addr, "GET /hello HTTP/1.1\r\nHost: front\r\n\r\n")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "Hello, World!\n", body)
}

// startWarmProxy starts an upstream and the proxy in front of it, and
// warms the proxy up (its baseline RSS is then measured by the caller).
func startWarmProxy(t *testing.T) (*upstream, string, int) {
	u := startUpstream(t)
	cmd, addr := startProxy(t, u.addr)
	for range 3 {
		resp, _ := exchange(t, addr, "GET /hello HTTP/1.1\r\nHost: front\r\n\r\n")
		require.Equal(t, 200, resp.StatusCode)
	}
	return u, addr, cmd.Process.Pid
}
