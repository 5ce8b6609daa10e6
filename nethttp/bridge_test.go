package nethttp_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	stdnet "net"
	stdhttp "net/http"
	"net/http/pprof"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/nethttp"
	"github.com/uvgo/uvgo/uv"
)

// serve runs a uvgo server on a new loop with h bridged, calls client
// with its address on another goroutine, then closes the server; the loop
// must end with no live handle.
func serve(t *testing.T, h stdhttp.Handler, o nethttp.Options, client func(addr string)) {
	t.Helper()
	serveWith(t, h, o, nil, client)
}

// serveWith is serve with setup run on the loop before it starts; the
// function setup returns runs on the loop when the server closes.
func serveWith(t *testing.T, h stdhttp.Handler, o nethttp.Options, setup func(l *uv.Loop) func(), client func(addr string)) {
	t.Helper()
	l := testutil.NewLoop(t)
	done := func() {}
	if setup != nil {
		done = setup(l)
	}
	srv := http.CreateServer(l, nethttp.HandlerWith(h, o))
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	addr := srv.Address().String()
	go func() {
		defer func() {
			_ = l.Post(func() {
				done()
				srv.Close(nil)
				srv.CloseAllConnections()
			})
		}()
		client(addr)
	}()
	testutil.Run(t, l, 30*time.Second)
}

// newClient returns a client with its own connections, closed at the
// end of the test.
func newClient(t *testing.T) *stdhttp.Client {
	tr := &stdhttp.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &stdhttp.Client{Transport: tr, Timeout: 20 * time.Second,
		CheckRedirect: func(*stdhttp.Request, []*stdhttp.Request) error { return stdhttp.ErrUseLastResponse }}
}

func get(t *testing.T, c *stdhttp.Client, url string) (*stdhttp.Response, string) {
	res, err := c.Get(url)
	if !assert.NoError(t, err) {
		return nil, ""
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	assert.NoError(t, err)
	return res, string(b)
}

// goroutinesBack waits (bounded) until the goroutine count is back to at
// most n, and reports the count.
func goroutinesBack(n int) int {
	for range 200 {
		if g := runtime.NumGoroutine(); g <= n {
			return g
		}
		time.Sleep(10 * time.Millisecond)
	}
	return runtime.NumGoroutine()
}

func TestServeMux(t *testing.T) {
	mux := stdhttp.NewServeMux()
	mux.HandleFunc("GET /hello/{name}", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("X-Name", r.PathValue("name"))
		fmt.Fprintf(w, "hello %s, q=%s host=%s proto=%s remote=%t", r.PathValue("name"),
			r.URL.Query().Get("q"), r.Host, r.Proto, strings.HasPrefix(r.RemoteAddr, "127.0.0.1:"))
	})
	mux.HandleFunc("POST /echo", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		b, err := io.ReadAll(r.Body)
		assert.NoError(t, err)
		fmt.Fprintf(w, "%d %d %s %s", r.ContentLength, len(b), r.Header.Get("X-Test"), b)
	})
	serve(t, mux, nethttp.Options{}, func(addr string) {
		c := newClient(t)
		res, body := get(t, c, "http://"+addr+"/hello/ann?q=1")
		if assert.NotNil(t, res) {
			assert.Equal(t, 200, res.StatusCode)
			assert.Equal(t, "ann", res.Header.Get("X-Name"))
			assert.Equal(t, "text/plain; charset=utf-8", res.Header.Get("Content-Type"))
			assert.Equal(t, int64(len(body)), res.ContentLength)
			assert.Equal(t, "hello ann, q=1 host="+addr+" proto=HTTP/1.1 remote=true", body)
		}
		res, body = get(t, c, "http://"+addr+"/nothing")
		if assert.NotNil(t, res) {
			assert.Equal(t, 404, res.StatusCode)
			assert.Equal(t, "404 page not found\n", body)
			assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
		}
		res, _ = get(t, c, "http://"+addr+"/echo")
		if assert.NotNil(t, res) {
			assert.Equal(t, 405, res.StatusCode)
			assert.Equal(t, "POST", res.Header.Get("Allow"))
		}
		req, _ := stdhttp.NewRequest("POST", "http://"+addr+"/echo", strings.NewReader("abc"))
		req.Header.Set("X-Test", "t")
		res, err := c.Do(req)
		if assert.NoError(t, err) {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			assert.Equal(t, "3 3 t abc", string(b))
		}
	})
}

// Each Flush puts its bytes on the wire while the handler still runs: the
// handler waits for the client to have read a chunk before writing the
// next one.
func TestFlushStreams(t *testing.T) {
	got := make(chan string, 8)
	h := stdhttp.HandlerFunc(func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		f := w.(stdhttp.Flusher)
		for i := range 3 {
			fmt.Fprintf(w, "event %d\n", i)
			f.Flush()
			select {
			case line := <-got:
				assert.Equal(t, fmt.Sprintf("event %d\n", i), line)
			case <-time.After(10 * time.Second):
				t.Error("the client did not get a flushed chunk")
				return
			}
		}
	})
	serve(t, h, nethttp.Options{}, func(addr string) {
		res, err := newClient(t).Get("http://" + addr + "/")
		if !assert.NoError(t, err) {
			close(got)
			return
		}
		defer res.Body.Close()
		assert.Equal(t, []string{"chunked"}, res.TransferEncoding)
		br := bufio.NewReader(res.Body)
		for range 3 {
			line, err := br.ReadString('\n')
			assert.NoError(t, err)
			got <- line
		}
		rest, err := io.ReadAll(br)
		assert.NoError(t, err)
		assert.Empty(t, rest)
	})
}

// A handler writing 32 MiB to a client that reads slowly blocks in Write
// while the response is above its high-water mark: the bytes the loop
// queues for the socket stay bounded, and the handler is never far ahead
// of the reader.
func TestLargeResponseSlowReaderBoundedMemory(t *testing.T) {
	const total = 32 << 20
	var written, read, maxAhead atomic.Int64
	h := stdhttp.HandlerFunc(func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		chunk := make([]byte, 64<<10)
		for written.Load() < total {
			if _, err := w.Write(chunk); err != nil {
				t.Errorf("write: %v", err)
				return
			}
			n := written.Add(int64(len(chunk)))
			if ahead := n - read.Load(); ahead > maxAhead.Load() {
				maxAhead.Store(ahead)
			}
		}
	})
	var maxQueued atomic.Int64
	sample := func(l *uv.Loop) func() {
		sampler := l.SetInterval(func() {
			if q := int64(l.QueuedWriteBytes()); q > maxQueued.Load() {
				maxQueued.Store(q)
			}
		}, time.Millisecond)
		return func() { l.ClearInterval(sampler) }
	}
	serveWith(t, h, nethttp.Options{}, sample, func(addr string) {
		conn, err := stdnet.Dial("tcp", addr)
		if !assert.NoError(t, err) {
			return
		}
		defer conn.Close()
		_ = conn.(*stdnet.TCPConn).SetReadBuffer(64 << 10)
		_, err = io.WriteString(conn, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
		assert.NoError(t, err)
		res, err := stdhttp.ReadResponse(bufio.NewReaderSize(conn, 4096), nil)
		if !assert.NoError(t, err) {
			return
		}
		buf := make([]byte, 32<<10)
		for i := 0; ; i++ {
			n, err := res.Body.Read(buf)
			read.Add(int64(n))
			if err == io.EOF {
				break
			}
			if !assert.NoError(t, err) {
				return
			}
			if i%4 == 0 {
				time.Sleep(2 * time.Millisecond) // a slow reader
			}
		}
		assert.Equal(t, int64(total), read.Load())
	})
	t.Logf("max queued on the loop %d KiB, max handler lead %d KiB", maxQueued.Load()>>10, maxAhead.Load()>>10)
	// The loop queues at most the response's mark and one gathered write
	// beyond what the kernel took.
	assert.LessOrEqual(t, maxQueued.Load(), int64(1<<20))
	// The handler is ahead of the reader by at most the kernel's socket
	// buffers plus those bytes: far less than the whole response.
	assert.Less(t, maxAhead.Load(), int64(16<<20))
}

// A client that goes away while the handler waits cancels the request's
// context; the handler's goroutine returns.
func TestClientGoneCancelsContext(t *testing.T) {
	base := runtime.NumGoroutine()
	ctxErr := make(chan error, 1)
	h := stdhttp.HandlerFunc(func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		io.WriteString(w, "started\n")
		w.(stdhttp.Flusher).Flush()
		select {
		case <-r.Context().Done():
			ctxErr <- r.Context().Err()
		case <-time.After(10 * time.Second):
			ctxErr <- errors.New("context not cancelled")
		}
	})
	serve(t, h, nethttp.Options{}, func(addr string) {
		conn, err := stdnet.Dial("tcp", addr)
		if !assert.NoError(t, err) {
			return
		}
		_, err = io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		assert.NoError(t, err)
		res, err := stdhttp.ReadResponse(bufio.NewReader(conn), nil)
		if assert.NoError(t, err) {
			line, _ := bufio.NewReader(res.Body).ReadString('\n')
			assert.Equal(t, "started\n", line)
		}
		conn.Close()
		assert.Equal(t, context.Canceled, <-ctxErr)
	})
	assert.LessOrEqual(t, goroutinesBack(base), base, "a goroutine leaked")
}

// Clients that reset in the middle of large responses leave nothing
// behind: the handlers' blocked Writes fail with ErrClientGone, their
// goroutines return, and the loop ends with no live handle.
func TestClientResetMidResponseLeaksNothing(t *testing.T) {
	base := runtime.NumGoroutine()
	const clients = 8
	var wg sync.WaitGroup
	wg.Add(clients)
	errs := make(chan error, clients)
	h := stdhttp.HandlerFunc(func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		defer wg.Done()
		chunk := make([]byte, 64<<10)
		for range 1 << 14 { // 1 GiB: never finishes
			if _, err := w.Write(chunk); err != nil {
				errs <- err
				return
			}
		}
		errs <- errors.New("the whole response was written")
	})
	serve(t, h, nethttp.Options{}, func(addr string) {
		var cw sync.WaitGroup
		for range clients {
			cw.Add(1)
			go func() {
				defer cw.Done()
				conn, err := stdnet.Dial("tcp", addr)
				if !assert.NoError(t, err) {
					wg.Done()
					return
				}
				_, _ = io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
				_, err = io.ReadFull(conn, make([]byte, 256<<10))
				assert.NoError(t, err)
				_ = conn.(*stdnet.TCPConn).SetLinger(0) // RST
				conn.Close()
			}()
		}
		cw.Wait()
		wg.Wait()
	})
	close(errs)
	for err := range errs {
		assert.ErrorIs(t, err, nethttp.ErrClientGone)
	}
	assert.LessOrEqual(t, goroutinesBack(base), base, "a goroutine leaked")
}

// A handler reads a large POST body, chunked and with a Content-Length,
// and gets every byte.
func TestLargePostBody(t *testing.T) {
	const size = 24 << 20
	h := stdhttp.HandlerFunc(func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		sum := sha256.New()
		n, err := io.Copy(sum, r.Body)
		assert.NoError(t, err)
		fmt.Fprintf(w, "%d %d %s", r.ContentLength, n, hex.EncodeToString(sum.Sum(nil)))
	})
	payload := make([]byte, size)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	want := sha256.Sum256(payload)
	serve(t, h, nethttp.Options{}, func(addr string) {
		c := newClient(t)
		for _, chunked := range []bool{false, true} {
			var body io.Reader = strings.NewReader(string(payload))
			if chunked {
				body = io.MultiReader(body) // no length known: chunked
			}
			res, err := c.Post("http://"+addr+"/up", "application/octet-stream", body)
			if !assert.NoError(t, err) {
				continue
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			cl := size
			if chunked {
				cl = -1
			}
			assert.Equal(t, fmt.Sprintf("%d %d %s", cl, size, hex.EncodeToString(want[:])), string(b))
		}
	})
}

// A panicking handler never reaches the loop: before anything was sent it
// is answered 500, after that its connection is closed; OnPanic hears of
// it, except for ErrAbortHandler. The server goes on serving.
func TestPanicRecovered(t *testing.T) {
	var panics atomic.Int32
	mux := stdhttp.NewServeMux()
	mux.HandleFunc("/early", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("X-Lost", "1")
		panic("boom")
	})
	mux.HandleFunc("/late", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		io.WriteString(w, "partial")
		w.(stdhttp.Flusher).Flush()
		panic("late boom")
	})
	mux.HandleFunc("/abort", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		panic(stdhttp.ErrAbortHandler)
	})
	mux.HandleFunc("/ok", func(w stdhttp.ResponseWriter, r *stdhttp.Request) { io.WriteString(w, "ok") })
	o := nethttp.Options{OnPanic: func(r *stdhttp.Request, v any, stack []byte) {
		panics.Add(1)
		assert.Contains(t, string(stack), "TestPanicRecovered")
	}}
	serve(t, mux, o, func(addr string) {
		c := newClient(t)
		res, body := get(t, c, "http://"+addr+"/early")
		if assert.NotNil(t, res) {
			assert.Equal(t, 500, res.StatusCode)
			assert.Equal(t, "Internal Server Error\n", body)
			assert.Empty(t, res.Header.Get("X-Lost"))
		}
		for _, path := range []string{"/late", "/abort"} {
			res, err := c.Get("http://" + addr + path)
			if err == nil {
				_, err = io.ReadAll(res.Body)
				res.Body.Close()
			}
			assert.Error(t, err, path)
		}
		_, body = get(t, c, "http://"+addr+"/ok")
		assert.Equal(t, "ok", body)
	})
	assert.Equal(t, int32(2), panics.Load())
}

// WriteHeader and Header follow net/http: the status is set once, the
// header is frozen by WriteHeader, 204 takes no body, a Write beyond
// Content-Length fails, and announced trailers are sent.
func TestResponseWriterSemantics(t *testing.T) {
	var logs sync.Map
	mux := stdhttp.NewServeMux()
	mux.HandleFunc("/twice", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("X-Before", "1")
		w.WriteHeader(201)
		w.Header().Set("X-After", "1")
		w.WriteHeader(202)
		io.WriteString(w, "x")
	})
	mux.HandleFunc("/nocontent", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.WriteHeader(204)
		_, err := io.WriteString(w, "x")
		assert.ErrorIs(t, err, stdhttp.ErrBodyNotAllowed)
	})
	mux.HandleFunc("/length", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("Content-Length", "3")
		_, err := io.WriteString(w, "abc")
		assert.NoError(t, err)
		_, err = io.WriteString(w, "d")
		assert.ErrorIs(t, err, stdhttp.ErrContentLength)
	})
	mux.HandleFunc("/trailers", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("Trailer", "X-Sum")
		io.WriteString(w, "body")
		w.Header().Set("X-Sum", "42")
		w.Header().Set(stdhttp.TrailerPrefix+"X-Late", "7")
	})
	o := nethttp.Options{Logf: func(f string, a ...any) { logs.Store(fmt.Sprintf(f, a...), true) }}
	serve(t, mux, o, func(addr string) {
		c := newClient(t)
		res, body := get(t, c, "http://"+addr+"/twice")
		if assert.NotNil(t, res) {
			assert.Equal(t, 201, res.StatusCode)
			assert.Equal(t, "1", res.Header.Get("X-Before"))
			assert.Empty(t, res.Header.Get("X-After"))
			assert.Equal(t, "x", body)
		}
		res, body = get(t, c, "http://"+addr+"/nocontent")
		if assert.NotNil(t, res) {
			assert.Equal(t, 204, res.StatusCode)
			assert.Empty(t, body)
		}
		res, body = get(t, c, "http://"+addr+"/length")
		if assert.NotNil(t, res) {
			assert.Equal(t, int64(3), res.ContentLength)
			assert.Equal(t, "abc", body)
		}
		res, body = get(t, c, "http://"+addr+"/trailers")
		if assert.NotNil(t, res) {
			assert.Equal(t, "body", body)
			assert.Equal(t, "42", res.Trailer.Get("X-Sum"))
			assert.Equal(t, "7", res.Trailer.Get("X-Late"))
		}
	})
	superfluous := false
	logs.Range(func(k, _ any) bool {
		superfluous = superfluous || strings.Contains(k.(string), "superfluous response.WriteHeader")
		return true
	})
	assert.True(t, superfluous, "the second WriteHeader was not logged")
}

// A handler that reads a large body slowly holds at most about the
// body's high-water mark of it: the request is paused (and the socket
// with it) until Read catches up.
func TestSlowBodyReadIsBounded(t *testing.T) {
	const size = 8 << 20
	const hwm = 64 << 10
	var maxQueued atomic.Int64
	nethttp.SetQueuedHook(func(n int) {
		if int64(n) > maxQueued.Load() {
			maxQueued.Store(int64(n))
		}
	})
	t.Cleanup(func() { nethttp.SetQueuedHook(nil) })
	h := stdhttp.HandlerFunc(func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		buf := make([]byte, 16<<10)
		total := 0
		for i := 0; ; i++ {
			n, err := r.Body.Read(buf)
			total += n
			if err == io.EOF {
				break
			}
			if !assert.NoError(t, err) {
				return
			}
			if i%8 == 0 {
				time.Sleep(time.Millisecond)
			}
		}
		fmt.Fprint(w, total)
	})
	serve(t, h, nethttp.Options{BodyHighWaterMark: hwm}, func(addr string) {
		res, err := newClient(t).Post("http://"+addr+"/", "application/octet-stream", strings.NewReader(strings.Repeat("y", size)))
		if !assert.NoError(t, err) {
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, fmt.Sprint(size), string(b))
	})
	t.Logf("max body bytes waiting for Read: %d KiB", maxQueued.Load()>>10)
	assert.Greater(t, maxQueued.Load(), int64(0))
	// The mark, plus what the paused request had buffered and one read.
	assert.LessOrEqual(t, maxQueued.Load(), int64(hwm+256<<10))
}

// The loop never waits for a handler: while one handler blocks, other
// requests (on other connections) are served.
func TestBlockedHandlerDoesNotBlockLoop(t *testing.T) {
	release := make(chan struct{})
	mux := stdhttp.NewServeMux()
	mux.HandleFunc("/block", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		<-release
		io.WriteString(w, "released")
	})
	mux.HandleFunc("/ok", func(w stdhttp.ResponseWriter, r *stdhttp.Request) { io.WriteString(w, "ok") })
	serve(t, mux, nethttp.Options{}, func(addr string) {
		c := newClient(t)
		blocked := make(chan string, 1)
		go func() {
			_, body := get(t, c, "http://"+addr+"/block")
			blocked <- body
		}()
		for range 5 {
			_, body := get(t, c, "http://"+addr+"/ok")
			assert.Equal(t, "ok", body)
		}
		select {
		case b := <-blocked:
			t.Errorf("the blocked handler answered early: %q", b)
		default:
		}
		close(release)
		assert.Equal(t, "released", <-blocked)
	})
}

// Handlers from the ecosystem work as they do under net/http: pprof's
// pages, TimeoutHandler (a 503 when the inner handler is too slow) and
// MaxBytesHandler (a body read past its limit fails).
func TestEcosystemHandlers(t *testing.T) {
	mux := stdhttp.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	slow := stdhttp.HandlerFunc(func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		io.WriteString(w, "too late")
	})
	mux.Handle("/slow", stdhttp.TimeoutHandler(slow, 20*time.Millisecond, "timed out"))
	mux.Handle("/limited", stdhttp.MaxBytesHandler(stdhttp.HandlerFunc(func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		_, err := io.ReadAll(r.Body)
		var mbe *stdhttp.MaxBytesError
		if errors.As(err, &mbe) {
			stdhttp.Error(w, "too big", stdhttp.StatusRequestEntityTooLarge)
			return
		}
		io.WriteString(w, "fits")
	}), 100))
	serve(t, mux, nethttp.Options{}, func(addr string) {
		c := newClient(t)
		res, body := get(t, c, "http://"+addr+"/debug/pprof/goroutine?debug=1")
		if assert.NotNil(t, res) {
			assert.Equal(t, 200, res.StatusCode)
			assert.Contains(t, body, "nethttp.run") // this very handler's goroutine
		}
		res, body = get(t, c, "http://"+addr+"/slow")
		if assert.NotNil(t, res) {
			assert.Equal(t, 503, res.StatusCode)
			assert.Equal(t, "timed out", body)
		}
		for size, want := range map[int]string{10: "fits", 1000: "too big\n"} {
			res, err := c.Post("http://"+addr+"/limited", "text/plain", strings.NewReader(strings.Repeat("b", size)))
			if assert.NoError(t, err) {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				assert.Equal(t, want, string(b))
			}
		}
	})
}
