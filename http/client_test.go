package http_test

import (
	"errors"
	"io"
	"math/rand/v2"
	stdnet "net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

// echoServer answers every request with its method, URL, framing headers
// and body.
func echoServer(t *testing.T, l *uv.Loop) *http.Server {
	srv := http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		var body []byte
		req.OnData(func(p []byte) { body = append(body, p...) })
		req.OnEnd(func() {
			res.SetHeader("X-Method", req.Method)
			res.SetHeader("X-CL", req.Header("content-length"))
			res.SetHeader("X-TE", req.Header("transfer-encoding"))
			res.EndString(req.URL+":"+string(body), nil)
		})
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	return srv
}

// readAll collects a response's body and calls done with it at 'end'.
func readAll(res *http.IncomingMessage, done func(string)) {
	var b []byte
	res.OnData(func(p []byte) { b = append(b, p...) })
	res.OnEnd(func() { done(string(b)) })
}

func TestClientGetPostKeepAlive(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := echoServer(t, l)
	port := int(srv.Address().Port())
	agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true})
	var got []string
	var sockets []*net.Socket
	var reused []bool
	step := 0
	var next func()
	next = func() {
		step++
		o := http.RequestOptions{Host: "127.0.0.1", Port: port, Agent: agent, Path: "/s" + string(rune('0'+step))}
		var req *http.ClientRequest
		var err error
		switch step {
		case 1:
			req, err = http.Get(l, o, nil)
		case 2:
			o.Method = "POST"
			req, err = http.Request(l, o, nil)
			if err == nil {
				req.EndString("hello", nil)
			}
		case 3:
			o.Method = "POST"
			req, err = http.Request(l, o, nil)
			if err == nil {
				req.WriteString("ab", nil)
				req.EndString("cd", nil)
			}
		default:
			agent.Destroy()
			srv.Close(nil)
			return
		}
		require.NoError(t, err)
		req.OnSocket(func(s *net.Socket) { sockets = append(sockets, s) })
		req.OnResponse(func(res *http.IncomingMessage) {
			reused = append(reused, req.ReusedSocket)
			readAll(res, func(body string) {
				got = append(got, res.StatusMessage+"|"+res.Header("x-method")+"|"+res.Header("x-cl")+"|"+res.Header("x-te")+"|"+body)
			})
		})
		req.OnClose(func() { l.SetImmediate(next) })
	}
	next()
	testutil.Run(t, l, 10*time.Second)
	assert.Equal(t, []string{
		"OK|GET|||/s1:",
		"OK|POST|5||/s2:hello",
		"OK|POST||chunked|/s3:abcd",
	}, got)
	assert.Equal(t, []bool{false, true, true}, reused)
	require.Len(t, sockets, 3)
	assert.Same(t, sockets[0], sockets[1])
	assert.Same(t, sockets[1], sockets[2])
}

func TestClientConnRefused(t *testing.T) {
	l := testutil.NewLoop(t)
	// a port nobody listens on: bind, note it, close
	ln, err := stdnet.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*stdnet.TCPAddr).Port
	ln.Close()
	var trace []string
	req, err := http.Get(l, http.RequestOptions{Host: "127.0.0.1", Port: port}, func(*http.IncomingMessage) {
		trace = append(trace, "response")
	})
	require.NoError(t, err)
	req.OnError(func(err error) {
		ue, ok := err.(*uv.Error)
		if assert.True(t, ok, "%T", err) {
			trace = append(trace, "error "+ue.Name()+" "+ue.Syscall)
		}
	})
	req.OnClose(func() { trace = append(trace, "close") })
	testutil.Run(t, l, 5*time.Second)
	assert.Equal(t, []string{"error ECONNREFUSED connect", "close"}, trace)
}

// rawServer answers each connection with canned bytes after reading a
// request head, and records what it received. It closes the connection
// after a reply that says Connection: close or has no framing, and
// otherwise waits for the client to close it.
type rawServer struct {
	ln   stdnet.Listener
	mu   sync.Mutex
	recv []string
}

func newRawServer(t *testing.T, reply func(n int, req string) string) *rawServer {
	ln, err := stdnet.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &rawServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		n := 0
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n++
			go func(c stdnet.Conn, n int) {
				defer c.Close()
				buf := make([]byte, 64<<10)
				var got []byte
				for !strings.Contains(string(got), "\r\n\r\n") {
					k, err := c.Read(buf)
					got = append(got, buf[:k]...)
					if err != nil {
						break
					}
				}
				s.mu.Lock()
				s.recv = append(s.recv, string(got))
				s.mu.Unlock()
				out := reply(n, string(got))
				io.WriteString(c, out)
				if strings.Contains(out, "Connection: close") || !strings.Contains(out, "Content-Length") && !strings.Contains(out, "chunked") {
					return
				}
				// a kept-alive connection stays until the client closes it
				for {
					if _, err := c.Read(buf); err != nil {
						return
					}
				}
			}(c, n)
		}
	}()
	return s
}

func (s *rawServer) port() int { return s.ln.Addr().(*stdnet.TCPAddr).Port }

func TestClientResponseFraming(t *testing.T) {
	cases := []struct {
		name, method, reply, body string
	}{
		{"content-length", "GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello", "hello"},
		{"chunked", "GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", "abcde"},
		{"close-delimited", "GET", "HTTP/1.1 200 OK\r\n\r\nuntil the end", "until the end"},
		{"head", "HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n", ""},
		{"204", "GET", "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", ""},
		{"304", "GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\nConnection: close\r\n\r\n", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRawServer(t, func(int, string) string { return tc.reply })
			l := testutil.NewLoop(t)
			var body string
			ended := false
			req, err := http.Request(l, http.RequestOptions{Host: "127.0.0.1", Port: srv.port(), Method: tc.method}, func(res *http.IncomingMessage) {
				readAll(res, func(b string) { body, ended = b, true })
			})
			require.NoError(t, err)
			req.OnError(func(err error) { t.Errorf("error: %v", err) })
			req.End(nil)
			testutil.Run(t, l, 5*time.Second)
			assert.True(t, ended)
			assert.Equal(t, tc.body, body)
		})
	}
}

var _ = events.Close

// A kept-alive connection of the global agent does not hold the loop
// open, as Node's unref'd free sockets do not hold the process, and is
// closed when the loop has nothing else to do: Run returns with no handle
// open.
func TestClientFreeSocketDoesNotHoldLoop(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := newRawServer(t, func(int, string) string { return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi" })
	var body string
	free := -1
	_, err := http.Get(l, http.RequestOptions{Host: "127.0.0.1", Port: srv.port()}, func(res *http.IncomingMessage) {
		readAll(res, func(b string) {
			body = b
			l.SetImmediate(func() { free = len(http.GlobalAgent(l).FreeSockets()) })
		})
	})
	require.NoError(t, err)
	testutil.Run(t, l, 5*time.Second)
	assert.Equal(t, "hi", body)
	assert.Equal(t, 1, free, "kept alive after the response")
	assert.Empty(t, http.GlobalAgent(l).FreeSockets(), "closed when the loop ran out of work")
	testutil.AssertNoLiveHandles(t, l)
}

// A paused response stops the socket being read: its buffer stays near
// the high-water mark while the server has megabytes to send, and the
// whole body arrives once it is resumed.
func TestClientResponseBackpressure(t *testing.T) {
	const size = 8 << 20
	ln, err := stdnet.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, 4096)
		c.Read(buf)
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: "+strconv.Itoa(size)+"\r\n\r\n")
		chunk := make([]byte, 64<<10)
		for sent := 0; sent < size; sent += len(chunk) {
			if _, err := c.Write(chunk); err != nil {
				return
			}
		}
	}()
	l := testutil.NewLoop(t)
	got := 0
	maxBuffered := 0
	_, err = http.Get(l, http.RequestOptions{Host: "127.0.0.1", Port: ln.Addr().(*stdnet.TCPAddr).Port, NoAgent: true}, func(res *http.IncomingMessage) {
		res.Pause()
		// let the server fill every buffer on the way
		l.SetTimeout(func() {
			maxBuffered = res.ReadableLength()
			res.OnData(func(p []byte) { got += len(p) })
			res.Resume()
		}, 300*time.Millisecond)
	})
	require.NoError(t, err)
	testutil.Run(t, l, 20*time.Second)
	assert.Equal(t, size, got)
	// the high-water mark plus at most one read's worth
	assert.Less(t, maxBuffered, 16<<10+256<<10, "buffered %d bytes while paused", maxBuffered)
	assert.Greater(t, maxBuffered, 0)
}

// A chunked upload to a server that reads slowly: Write returns false
// once the socket is at its mark, 'drain' resumes the producer, and the
// server receives every byte.
func TestClientUploadBackpressure(t *testing.T) {
	const total = 4 << 20
	l := testutil.NewLoop(t)
	received := 0
	srv := http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		req.Pause()
		l.SetTimeout(func() {
			req.OnData(func(p []byte) { received += len(p) })
			req.OnEnd(func() { res.EndString("got it", nil) })
			req.Resume()
		}, 200*time.Millisecond)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	chunk := make([]byte, 64<<10)
	sent, falses, drains := 0, 0, 0
	var body string
	req, err := http.Request(l, http.RequestOptions{Host: "127.0.0.1", Port: int(srv.Address().Port()), Method: "PUT", NoAgent: true},
		func(res *http.IncomingMessage) {
			readAll(res, func(b string) { body = b; srv.Close(nil) })
		})
	require.NoError(t, err)
	var pump func()
	pump = func() {
		for sent < total {
			sent += len(chunk)
			if !req.Write(chunk, nil) {
				falses++
				return
			}
		}
		req.End(nil)
	}
	req.OnDrain(func() { drains++; pump() })
	pump()
	testutil.Run(t, l, 20*time.Second)
	assert.Equal(t, total, received)
	assert.Equal(t, "got it", body)
	assert.Greater(t, falses, 0, "Write never reported backpressure")
	assert.Equal(t, falses, drains)
}

// A request destroyed as a stream (what pipeline does when its source
// fails) destroys its connection, and its error is emitted once.
func TestClientDestroyedAsStream(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		req.Resume()
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	var trace []string
	req, err := http.Request(l, http.RequestOptions{Host: "127.0.0.1", Port: int(srv.Address().Port()), Method: "POST", NoAgent: true}, nil)
	require.NoError(t, err)
	req.OnError(func(err error) { trace = append(trace, "error "+err.Error()) })
	req.OnClose(func() { trace = append(trace, "close"); srv.Close(nil) })
	req.OnSocket(func(*net.Socket) {
		req.WriteString("part", nil)
		l.SetTimeout(func() { req.WritableSide().Destroy(errors.New("source failed")) }, 20*time.Millisecond)
	})
	testutil.Run(t, l, 5*time.Second)
	assert.Equal(t, []string{"error source failed", "close"}, trace)
	assert.True(t, req.Destroyed())
}

// The proxy shape: a server pipes each request into an upstream request
// and the upstream response back, with backpressure both ways; a 2 MiB
// upload of random bytes comes back whole through both hops.
func TestClientPipeThroughProxy(t *testing.T) {
	l := testutil.NewLoop(t)
	upstream := echoServer(t, l)
	agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true})
	proxy := http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		up, err := http.Request(l, http.RequestOptions{Host: "127.0.0.1", Port: int(upstream.Address().Port()),
			Method: req.Method, Path: req.URL, Agent: agent}, func(ures *http.IncomingMessage) {
			res.WriteHead(ures.StatusCode, "X-Method", ures.Header("x-method"))
			ures.Pipe(res)
		})
		require.NoError(t, err)
		up.OnError(func(err error) { res.WriteHead(502); res.End(nil) })
		req.Pipe(up)
	})
	require.NoError(t, proxy.Listen(0, "127.0.0.1", nil))
	// not periodic: a chunk's buffer reused too early would show (the
	// upstream response's reads are lent to the pipe into res)
	r := rand.New(rand.NewPCG(5, 6))
	pb := make([]byte, 2<<20)
	for i := range pb {
		pb[i] = byte(r.Uint32())
	}
	payload := string(pb)
	var got string
	req, err := http.Request(l, http.RequestOptions{Host: "127.0.0.1", Port: int(proxy.Address().Port()), Method: "POST", Path: "/p", NoAgent: true},
		func(res *http.IncomingMessage) {
			readAll(res, func(b string) {
				got = res.Header("x-method") + " " + b
				agent.Destroy()
				proxy.Close(nil)
				upstream.Close(nil)
			})
		})
	require.NoError(t, err)
	for i := 0; i < len(payload); i += 64 << 10 {
		req.WriteString(payload[i:i+64<<10], nil)
	}
	req.End(nil)
	testutil.Run(t, l, 20*time.Second)
	require.Equal(t, len("POST /p:")+len(payload), len(got))
	assert.True(t, got == "POST /p:"+payload)
}

// The server's Keep-Alive: timeout=2 hint shortens the agent's idle
// timeout to a second (the hint less Node's one-second buffer): the idle
// connection is closed although the agent's own timeout (5 s) has not
// passed. An agent without a timeout keeps the connection, as Node's does
// (the hint only ever shortens the agent's timeout).
func TestClientKeepAliveHintTimeout(t *testing.T) {
	srv := newRawServer(t, func(int, string) string {
		return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=2\r\n\r\nok"
	})
	l := testutil.NewLoop(t)
	agents := []*http.Agent{
		http.NewAgent(l, http.AgentOptions{KeepAlive: true, Timeout: 5 * time.Second}),
		http.NewAgent(l, http.AgentOptions{KeepAlive: true}),
	}
	free := [2][3]int{}
	for i, agent := range agents {
		_, err := http.Get(l, http.RequestOptions{Host: "127.0.0.1", Port: srv.port(), Agent: agent}, func(res *http.IncomingMessage) {
			res.Resume()
			res.OnEnd(func() {
				l.SetImmediate(func() { free[i][0] = len(agent.FreeSockets()) })
				// ref'd timers keep the loop running (an idle connection does not)
				l.SetTimeout(func() { free[i][1] = len(agent.FreeSockets()) }, 500*time.Millisecond)
				l.SetTimeout(func() { free[i][2] = len(agent.FreeSockets()); agent.Destroy() }, 2500*time.Millisecond)
			})
		})
		require.NoError(t, err)
	}
	testutil.Run(t, l, 10*time.Second)
	assert.Equal(t, [3]int{1, 1, 0}, free[0], "agent with a timeout: kept, then closed at the hint")
	assert.Equal(t, [3]int{1, 1, 1}, free[1], "agent without a timeout: kept")
}

// Misuse fails loudly: invalid options are errors (Node throws them),
// programming errors panic with a message naming the fix.
func TestClientMisuse(t *testing.T) {
	l := testutil.NewLoop(t)
	_, err := http.Request(l, http.RequestOptions{Method: "G E T"}, nil)
	assert.Equal(t, "ERR_INVALID_HTTP_TOKEN", events.ErrorCode(err))
	_, err = http.Request(l, http.RequestOptions{Path: "/a b"}, nil)
	assert.Equal(t, "ERR_UNESCAPED_CHARACTERS", events.ErrorCode(err))
	_, err = http.Request(l, http.RequestOptions{Port: 70000}, nil)
	assert.Equal(t, "ERR_SOCKET_BAD_PORT", events.ErrorCode(err))
	_, err = http.Request(l, http.RequestOptions{Headers: []string{"Bad Name", "x"}}, nil)
	assert.Equal(t, "ERR_INVALID_HTTP_TOKEN", events.ErrorCode(err))
	_, err = http.Request(l, http.RequestOptions{Headers: []string{"X", "a\r\nb"}}, nil)
	assert.Equal(t, "ERR_INVALID_CHAR", events.ErrorCode(err))
	assert.PanicsWithValue(t, "http.Request: RequestOptions.Headers must hold name, value pairs (odd length 1)", func() {
		http.Request(l, http.RequestOptions{Headers: []string{"X"}}, nil)
	})
	assert.Panics(t, func() { http.NewAgent(l, http.AgentOptions{Scheduling: "random"}) })
	// a request whose head went out refuses new headers
	srv := newRawServer(t, func(int, string) string { return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" })
	req, err := http.Request(l, http.RequestOptions{Host: "127.0.0.1", Port: srv.port(), Method: "POST", NoAgent: true}, func(res *http.IncomingMessage) { res.Resume() })
	require.NoError(t, err)
	req.WriteString("x", nil)
	assert.Equal(t, "ERR_HTTP_HEADERS_SENT", events.ErrorCode(req.SetHeader("X-Late", "1")))
	req.End(nil)
	testutil.Run(t, l, 5*time.Second)
}

// A server that answers and closes while the request body is still
// going out: the response arrives whole, the request closes, and no
// error of the client's own making (ECANCELED from its destroy) is
// reported.
func TestClientEarlyResponseAndClose(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		res.WriteHead(413, "Connection", "close")
		res.EndString("too big", nil)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	var trace []string
	req, err := http.Request(l, http.RequestOptions{Host: "127.0.0.1", Port: int(srv.Address().Port()), Method: "PUT"}, func(res *http.IncomingMessage) {
		trace = append(trace, "response "+res.StatusMessage)
		res.Resume()
		res.OnEnd(func() { trace = append(trace, "end") })
	})
	require.NoError(t, err)
	req.OnError(func(e error) { trace = append(trace, "error "+e.Error()) })
	req.OnClose(func() { trace = append(trace, "close"); srv.Close(nil) })
	chunk := make([]byte, 64<<10)
	sent := 0
	var pump func()
	pump = func() {
		for sent < 8<<20 {
			sent += len(chunk)
			if !req.Write(chunk, nil) {
				return
			}
		}
		req.End(nil)
	}
	req.OnDrain(pump)
	pump()
	testutil.Run(t, l, 10*time.Second)
	require.GreaterOrEqual(t, len(trace), 3, "%v", trace)
	assert.Equal(t, []string{"response Payload Too Large", "end"}, trace[:2])
	assert.Equal(t, "close", trace[len(trace)-1])
	for _, e := range trace[2 : len(trace)-1] {
		// Node reports the peer's EPIPE when a later write meets it
		assert.Contains(t, []string{"error write EPIPE: broken pipe", "error write ECONNRESET: connection reset by peer"}, e)
	}
}

// maxTotalSockets bounds the connections over all hosts: a request for
// another host waits until a connection closes, then gets its own (Node's
// removeSocket serving another origin).
func TestClientMaxTotalSockets(t *testing.T) {
	srv := newRawServer(t, func(n int, req string) string {
		return "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: close\r\n\r\n" + strconv.Itoa(n)
	})
	l := testutil.NewLoop(t)
	agent := http.NewAgent(l, http.AgentOptions{MaxTotalSockets: 1})
	var got []string
	var queued map[string]int
	for _, host := range []string{"127.0.0.1", "localhost"} {
		_, err := http.Get(l, http.RequestOptions{Host: host, Port: srv.port(), Agent: agent}, func(res *http.IncomingMessage) {
			readAll(res, func(b string) { got = append(got, host+" conn "+b) })
		})
		require.NoError(t, err)
		if host == "localhost" {
			queued = agent.Requests()
		}
	}
	testutil.Run(t, l, 5*time.Second)
	assert.Equal(t, map[string]int{"localhost:" + strconv.Itoa(srv.port()) + ":": 1}, queued)
	assert.Equal(t, []string{"127.0.0.1 conn 1", "localhost conn 2"}, got)
	assert.Empty(t, agent.Requests())
}
