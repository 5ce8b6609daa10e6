package http_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	stdnet "net"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/internal/testutil"
)

// echoHandler answers a POST with its own body, piped, with the request's
// Content-Length (so the client knows where the response ends).
func echoHandler(req *http.IncomingMessage, res *http.ServerResponse) {
	res.SetHeader("Content-Length", req.Header("content-length"))
	req.Pipe(res)
}

// streamHandler writes ?n= chunks of one shared 64 KiB buffer, honouring
// write()'s result and 'drain', as uvhttp's /stream does.
func streamHandler(req *http.IncomingMessage, res *http.ServerResponse) {
	n, _ := strconv.Atoi(req.URL[len("/stream?n="):])
	i := 0
	var pump func()
	pump = func() {
		for i < n {
			i++
			if !res.Write(bulkChunk, nil) {
				events.Once0(&res.Emitter, events.Drain, pump)
				return
			}
		}
		res.End(nil)
	}
	pump()
}

var bulkChunk = bytes.Repeat([]byte("a"), 64<<10)

// bulkClient runs fn on a connection to srv from another goroutine, then
// closes the server; the loop runs on the test's goroutine.
func bulkClient(t *testing.T, l interface{ Post(func()) error }, srv *http.Server, fn func(c stdnet.Conn) error) {
	result := make(chan error, 1)
	go func() {
		defer l.Post(func() { srv.Close(nil); srv.CloseAllConnections() })
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err != nil {
			result <- err
			return
		}
		defer c.Close()
		result <- fn(c)
	}()
	t.Cleanup(func() {
		if err := <-result; err != nil {
			t.Error(err)
		}
	})
}

// readResponse reads one response whose body ends with end (or has
// bodyLen bytes when end is nil) into buf, and returns the body.
func readResponse(c stdnet.Conn, buf []byte, bodyLen int, slow bool) ([]byte, error) {
	got, head := 0, -1
	for i := 0; ; i++ {
		if slow && i < 30 {
			time.Sleep(2 * time.Millisecond)
		}
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		k, err := c.Read(buf[got:])
		got += k
		if head < 0 {
			if j := bytes.Index(buf[:got], []byte("\r\n\r\n")); j >= 0 {
				head = j + 4
			}
		}
		if head >= 0 && got-head >= bodyLen {
			return buf[head:got], nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// A large POST echoed through req.Pipe(res) comes back byte for byte, with
// a client that reads slowly at first (the response's writes queue, the
// body's reads pause), although the body's read buffers are recycled.
func TestEchoBodyIntact(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := http.CreateServer(l, echoHandler)
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	r := rand.New(rand.NewPCG(3, 4))
	body := make([]byte, 8<<20)
	for i := range body {
		body[i] = byte(r.Uint32())
	}
	bulkClient(t, l, srv, func(c stdnet.Conn) error {
		go func() {
			fmt.Fprintf(c, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", len(body))
			c.Write(body)
		}()
		got, err := readResponse(c, make([]byte, len(body)+4096), len(body), true)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, body) {
			return fmt.Errorf("the echoed body differs from the request's")
		}
		return nil
	})
	testutil.Run(t, l, 30*time.Second)
}

// A handler that keeps the body's chunks while piping them: what it kept
// is exactly the body (a chunk user code has seen is never reused).
func TestKeptBodyChunksIntact(t *testing.T) {
	l := testutil.NewLoop(t)
	var kept [][]byte
	srv := http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		req.OnData(func(p []byte) { kept = append(kept, p) })
		echoHandler(req, res)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	body := bytes.Repeat([]byte("0123456789abcdef"), 256<<10) // 4 MiB
	bulkClient(t, l, srv, func(c stdnet.Conn) error {
		go func() {
			fmt.Fprintf(c, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", len(body))
			c.Write(body)
		}()
		_, err := readResponse(c, make([]byte, len(body)+4096), len(body), true)
		return err
	})
	testutil.Run(t, l, 30*time.Second)
	assert.True(t, bytes.Equal(body, bytes.Join(kept, nil)), "a kept body chunk was overwritten")
}

// bulkRun serves warm+n requests of one kind over a keep-alive loopback
// connection (head out, body written by the client's second goroutine,
// respBody bytes of response body back) and calls mark just before the
// n measured ones and done after them, on the client's goroutine. The
// client allocates nothing per request.
func bulkRun(tb testing.TB, h http.Handler, head, body []byte, respBody, warm, n int, mark, done func()) {
	l := testutil.NewLoop(tb)
	srv := http.CreateServer(l, h)
	require.NoError(tb, srv.Listen(0, "127.0.0.1", nil))
	result := make(chan error, 1)
	go func() {
		defer l.Post(func() { srv.Close(nil); srv.CloseAllConnections() })
		result <- func() error {
			c, err := stdnet.Dial("tcp", srv.Address().String())
			if err != nil {
				return err
			}
			defer c.Close()
			bodies := make(chan struct{}, 1)
			go func() {
				for range bodies {
					if _, err := c.Write(body); err != nil {
						return
					}
				}
			}()
			defer close(bodies)
			buf := make([]byte, respBody+4096)
			for i := range warm + n {
				if i == warm {
					mark()
				}
				c.SetDeadline(time.Now().Add(10 * time.Second))
				if _, err := c.Write(head); err != nil {
					return err
				}
				if len(body) > 0 {
					bodies <- struct{}{}
				}
				if _, err := readResponse(c, buf, respBody, false); err != nil {
					return err
				}
			}
			done()
			return nil
		}()
	}()
	testutil.Run(tb, l, 10*time.Minute)
	require.NoError(tb, <-result)
}

// bulkMallocs returns the heap allocations of the whole process per
// request, measured over reqs requests after a warm-up (bulkRun).
func bulkMallocs(t *testing.T, h http.Handler, head []byte, body []byte, respBody int, reqs int) float64 {
	var ms runtime.MemStats
	var m0 uint64
	var mallocs float64
	bulkRun(t, h, head, body, respBody, 5, reqs, func() {
		runtime.ReadMemStats(&ms)
		m0 = ms.Mallocs
	}, func() {
		runtime.ReadMemStats(&ms)
		mallocs = float64(ms.Mallocs-m0) / float64(reqs)
	})
	return mallocs
}

// The bulk paths allocate nothing per chunk in steady state: a response
// of 64 chunks of 64 KiB costs no more allocations than one of 4 chunks,
// and an echoed 4 MiB body no more than a 256 KiB one (what remains per
// request is the request/response pair, its headers, the pipe's
// listeners).
func TestBulkAllocationsPerChunk(t *testing.T) {
	for _, tc := range []struct {
		name  string
		small func() float64
		large func() float64
	}{
		{"stream", func() float64 {
			return bulkMallocs(t, streamHandler, []byte("GET /stream?n=4 HTTP/1.1\r\nHost: x\r\n\r\n"), nil, 4*(65536+9)+5, 30)
		}, func() float64 {
			return bulkMallocs(t, streamHandler, []byte("GET /stream?n=64 HTTP/1.1\r\nHost: x\r\n\r\n"), nil, 64*(65536+9)+5, 30)
		}},
		{"echo", func() float64 {
			body := bytes.Repeat([]byte("e"), 256<<10)
			return bulkMallocs(t, echoHandler, fmt.Appendf(nil, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", len(body)), body, len(body), 30)
		}, func() float64 {
			body := bytes.Repeat([]byte("e"), 4<<20)
			return bulkMallocs(t, echoHandler, fmt.Appendf(nil, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", len(body)), body, len(body), 30)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			small, large := tc.small(), tc.large()
			require.Positive(t, small, "no request was measured")
			t.Logf("allocations per request: %.1f (small) %.1f (16x the chunks)", small, large)
			// 16x the chunks: a per-chunk allocation would add 15+ per request
			assert.Less(t, large, small+4, "allocations grow with the number of chunks")
		})
	}
}

// benchBulk serves b.N requests of one kind (bulkRun). b.SetBytes counts
// the response body; allocs/op counts the whole process per request.
func benchBulk(b *testing.B, h http.Handler, head, body []byte, respBody int) {
	b.SetBytes(int64(respBody))
	b.ReportAllocs()
	bulkRun(b, h, head, body, respBody, 2, b.N, b.ResetTimer, b.StopTimer)
}

// BenchmarkStream1MiB: GET of 16 chunks of 64 KiB written with
// write()/'drain' (uvhttp's /stream), chunked, over loopback.
func BenchmarkStream1MiB(b *testing.B) {
	benchBulk(b, streamHandler, []byte("GET /stream?n=16 HTTP/1.1\r\nHost: x\r\n\r\n"), nil, 16*(65536+9)+5)
}

// BenchmarkEcho1MiB: POST of 1 MiB piped back into the response (uvhttp's
// /echo), over loopback.
func BenchmarkEcho1MiB(b *testing.B) {
	body := bytes.Repeat([]byte("e"), 1<<20)
	benchBulk(b, echoHandler, fmt.Appendf(nil, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", len(body)), body, len(body))
}
