package http_test

import (
	"bufio"
	"fmt"
	"io"
	stdnet "net"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

func hello(req *http.IncomingMessage, res *http.ServerResponse) {
	if strings.HasPrefix(req.URL, "/stream") {
		chunk := strings.Repeat("s", 64<<10)
		var pump func()
		n := 0
		pump = func() {
			for n < 2000 {
				n++
				if !res.WriteString(chunk, nil) {
					res.Once("drain", func(...any) { pump() })
					return
				}
			}
			res.End(nil)
		}
		pump()
		return
	}
	res.SetHeader("Content-Type", "text/plain")
	res.EndString("Hello, World!\n", nil)
}

// A slowloris client, sending its headers a byte at a time, is answered
// with 408 and closed once headersTimeout passes.
func TestSlowlorisClosedByHeadersTimeout(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := http.NewServer(l, http.ServerOptions{HeadersTimeout: 150 * time.Millisecond, ConnectionsCheckEvery: 50 * time.Millisecond}, hello)
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	got := make(chan string, 1)
	go func() {
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		go func() {
			for _, b := range []byte("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ") {
				if _, err := c.Write([]byte{b}); err != nil {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		b, _ := io.ReadAll(c)
		got <- string(b)
		l.Post(func() { srv.Close(nil) })
	}()
	start := time.Now()
	testutil.Run(t, l, 10*time.Second)
	assert.Equal(t, "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n", <-got)
	assert.Less(t, time.Since(start), 3*time.Second)
}

// A client that aborts in the middle of a large response leaves nothing
// behind: the connection closes, queued writes are freed, no handle stays.
func TestClientAbortMidResponseLeaksNothing(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := http.CreateServer(l, hello)
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err != nil {
			return
		}
		c.Write([]byte("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n"))
		r := bufio.NewReader(c)
		r.ReadString('\n')
		c.(*stdnet.TCPConn).SetLinger(0)
		c.Close()
		time.Sleep(100 * time.Millisecond)
		l.Post(func() { srv.Close(nil) })
	}()
	testutil.Run(t, l, 10*time.Second)
	<-done
	assert.Equal(t, 0, srv.Connections())
	assert.Equal(t, 0, l.QueuedWriteBytes())
	assert.Empty(t, l.LiveHandles())
}

// Close stops accepting, closes idle keep-alive connections and lets an
// in-flight request finish.
func TestCloseIsGraceful(t *testing.T) {
	l := testutil.NewLoop(t)
	var srv *http.Server
	// As in Node, the in-flight connection stays keep-alive after Close and
	// ends at the idle timeout, shortened here.
	srv = http.NewServer(l, http.ServerOptions{KeepAliveTimeout: 50 * time.Millisecond}, func(req *http.IncomingMessage, res *http.ServerResponse) {
		if req.URL == "/slow" {
			srv.Close(nil)
			l.SetTimeout(func() { res.EndString("late\n", nil) }, 50*time.Millisecond)
			return
		}
		res.EndString("ok\n", nil)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	closed := testutil.MustCall(t, 1, "close")
	srv.OnClose(closed.Hit)
	out := make(chan string, 2)
	go func() {
		idle, err := stdnet.Dial("tcp", srv.Address().String())
		require.NoError(t, err)
		idle.Write([]byte("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"))
		buf := make([]byte, 512)
		n, _ := idle.Read(buf)
		slow, err := stdnet.Dial("tcp", srv.Address().String())
		require.NoError(t, err)
		slow.Write([]byte("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"))
		b, _ := io.ReadAll(slow)
		rest, _ := io.ReadAll(idle)
		out <- string(buf[:n]) + "|" + string(rest)
		out <- string(b)
	}()
	testutil.Run(t, l, 10*time.Second)
	first := <-out
	assert.True(t, strings.HasSuffix(first, "ok\n|"), "idle connection closed without more bytes: %q", first)
	assert.True(t, strings.HasSuffix(<-out, "late\n"), "the in-flight request finished")
}

func TestServerAPI(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		assert.NoError(t, res.SetHeader("X-A", "1"))
		assert.True(t, res.HasHeader("x-a"))
		v, ok := res.GetHeader("X-a")
		assert.True(t, ok)
		assert.Equal(t, "1", v)
		assert.Equal(t, []string{"x-a"}, res.GetHeaderNames())
		assert.Error(t, res.SetHeader("bad name", "x"))
		assert.ErrorIs(t, res.WriteHead(1000), http.ErrInvalidStatusCode)
		require.NoError(t, res.WriteHead(201, "X-B", "2"))
		assert.True(t, res.HeadersSent())
		assert.ErrorIs(t, res.SetHeader("X-C", "3"), http.ErrHeadersSent)
		res.EndString("created", nil)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	got := make(chan string, 1)
	go func() {
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err == nil {
			c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
			b, _ := io.ReadAll(c)
			got <- string(b)
		}
		l.Post(func() { srv.Close(nil) })
	}()
	testutil.Run(t, l, 5*time.Second)
	resp := <-got
	assert.True(t, strings.HasPrefix(resp, "HTTP/1.1 201 Created\r\nX-A: 1\r\nX-B: 2\r\nDate: "), resp)
	assert.True(t, strings.HasSuffix(resp, "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n7\r\ncreated\r\n0\r\n\r\n"), resp)
}

var _ = uv.Version

// A request body nobody reads stops the server from reading the socket;
// reading the body resumes it.
func TestPausedBodyStopsReading(t *testing.T) {
	l := testutil.NewLoop(t)
	var srv *http.Server
	const size = 8 << 20
	var buffered int
	received := 0
	srv = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		srv.Close(nil)
		req.Pause()
		l.SetTimeout(func() {
			buffered = req.ReadableLength()
			req.OnData(func(b []byte) { received += len(b) })
			req.OnEnd(func() { res.EndString("got it\n", nil) })
			req.Resume()
		}, 200*time.Millisecond)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	var sentWhilePaused atomic.Int64
	go func() {
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err != nil {
			return
		}
		defer c.Close()
		fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", size)
		chunk := make([]byte, 64<<10)
		for n := 0; n < size; n += len(chunk) {
			if _, err := c.Write(chunk); err != nil {
				return
			}
			sentWhilePaused.Add(int64(len(chunk)))
		}
		io.ReadAll(c)
	}()
	testutil.Run(t, l, 20*time.Second)
	assert.Equal(t, size, received)
	assert.LessOrEqual(t, buffered, 16384+64<<10, "body buffered past its high-water mark while paused")
}

// maxRequestsPerSocket: max= in Keep-Alive, Connection: close on the last
// allowed response, 503 past it (Node 20's bytes).
func TestMaxRequestsPerSocket(t *testing.T) {
	l := testutil.NewLoop(t)
	var srv *http.Server
	srv = http.NewServer(l, http.ServerOptions{MaxRequestsPerSocket: 2}, func(req *http.IncomingMessage, res *http.ServerResponse) {
		res.EndString("ok", nil)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	got := make(chan string, 1)
	go func() {
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err == nil {
			c.Write([]byte("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n"))
			c.SetReadDeadline(time.Now().Add(3 * time.Second))
			b, _ := io.ReadAll(c)
			got <- string(b)
		}
		l.Post(func() { srv.Close(nil) })
	}()
	testutil.Run(t, l, 5*time.Second)
	resp := dateRE.ReplaceAllString(<-got, "Date: X")
	assert.Equal(t, "HTTP/1.1 200 OK\r\nDate: X\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=2\r\nContent-Length: 2\r\n\r\nok"+
		"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"+
		"HTTP/1.1 503 Service Unavailable\r\nDate: X\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", resp)
}

var dateRE = regexp.MustCompile(`Date: [^\r]*`)

// With an 'upgrade' listener the connection leaves HTTP: the listener gets
// the request, the socket and the bytes that followed.
func TestUpgradeListener(t *testing.T) {
	l := testutil.NewLoop(t)
	var srv *http.Server
	srv = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		t.Error("the request handler must not see an upgrade")
	})
	var head string
	srv.OnUpgrade(func(req *http.IncomingMessage, sock *net.Socket, h []byte) {
		head = string(h)
		assert.Equal(t, "websocket", req.Header("upgrade"))
		sock.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"), nil)
		sock.OnData(func(b []byte) { sock.Write(append([]byte("echo:"), b...), nil) })
		sock.OnEnd(func() { sock.End(nil) })
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	got := make(chan string, 1)
	go func() {
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err == nil {
			c.Write([]byte("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nfirst"))
			time.Sleep(50 * time.Millisecond)
			c.Write([]byte("raw bytes"))
			time.Sleep(50 * time.Millisecond)
			c.(*stdnet.TCPConn).CloseWrite()
			b, _ := io.ReadAll(c)
			got <- string(b)
		}
		l.Post(func() { srv.Close(nil) })
	}()
	testutil.Run(t, l, 5*time.Second)
	assert.Equal(t, "first", head)
	assert.Equal(t, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\necho:raw bytes", <-got)
}

// With OnHandlerPanic a panicking handler answers 500 and the server goes
// on serving the same connection; the hook gets the value, a stack that
// names the handler, and the request.
func TestHandlerPanicBecomes500(t *testing.T) {
	l := testutil.NewLoop(t)
	var got []string
	var srv *http.Server
	srv = http.NewServer(l, http.ServerOptions{OnHandlerPanic: func(v any, stack []byte, req *http.IncomingMessage) {
		got = append(got, fmt.Sprint(v), req.URL)
		assert.Contains(t, string(stack), "TestHandlerPanicBecomes500")
	}}, func(req *http.IncomingMessage, res *http.ServerResponse) {
		switch req.URL {
		case "/panic":
			res.SetHeader("X-Half", "set")
			panic("boom")
		case "/late":
			res.WriteString("started", nil)
			panic("late")
		}
		res.EndString("ok", nil)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	out := make(chan string, 2)
	go func() {
		defer l.Post(func() { srv.Close(nil) })
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err != nil {
			return
		}
		c.Write([]byte("GET /panic HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n"))
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		b := make([]byte, 4096)
		n := 0
		for !strings.Contains(string(b[:n]), "ok") {
			k, err := c.Read(b[n:])
			n += k
			if err != nil {
				break
			}
		}
		out <- dateRE.ReplaceAllString(string(b[:n]), "Date: D")
		c.Close()
		c, err = stdnet.Dial("tcp", srv.Address().String())
		if err != nil {
			return
		}
		c.Write([]byte("GET /late HTTP/1.1\r\nHost: x\r\n\r\n"))
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		rest, _ := io.ReadAll(c)
		out <- string(rest)
	}()
	testutil.Run(t, l, 10*time.Second)
	assert.Equal(t, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\nDate: D\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 22\r\n\r\nInternal Server Error\n"+
		"HTTP/1.1 200 OK\r\nDate: D\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\nok", <-out)
	late := <-out
	assert.NotContains(t, late, "Internal Server Error", "a started response is cut off (the connection closes), not appended to")
	assert.Equal(t, []string{"boom", "/panic", "late", "/late"}, got)
}
