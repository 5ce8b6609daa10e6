package http_test

import (
	"bytes"
	"fmt"
	stdnet "net"
	"runtime"
	"testing"
	"time"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/internal/testutil"
)

// TestHelloOverTCP serves GET /hello over loopback through libuv (the
// real read filter, parser and writes), one request per read and 16
// pipelined per read, and counts what the process does while 2,000
// requests are served: heap allocations (the Go runtime's own included)
// and calls from Go into C. DESIGN.md's budget: at most 2 small
// allocations (the request/response pair, its header array), and at
// most 2 crossings per keep-alive request (the read callback into Go, the
// write into C) and 0.2 per request pipelined x16 (uvgo: one read
// callback and one write per 16).
func TestHelloOverTCP(t *testing.T) {
	for _, c := range []struct {
		depth    int
		maxCalls float64 // Go -> C calls per request; the read callback is the other crossing
	}{{1, 1}, {16, 1.0 / 16}} {
		t.Run(fmt.Sprintf("pipelined_%d", c.depth), func(t *testing.T) {
			mallocs, calls := serveOverTCP(t, c.depth, 2000)
			t.Logf("per request: %.3f allocations, %.3f calls into C", mallocs, calls)
			if mallocs > 2.05 {
				t.Errorf("%.3f heap allocations per request, budget 2 (the request/response pair and its header array)", mallocs)
			}
			if calls > c.maxCalls*1.05 {
				t.Errorf("%.3f calls into C per request, budget %.3f", calls, c.maxCalls)
			}
		})
	}
}

// serveOverTCP serves n requests, depth per write, after a warm-up, and
// returns the heap allocations and the calls into C per request.
func serveOverTCP(t *testing.T, depth, n int) (mallocs, calls float64) {
	l := testutil.NewLoop(t)
	srv := http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		res.SetHeader("Content-Type", "text/plain")
		res.EndString("Hello, World!\n", nil)
	})
	if err := srv.Listen(0, "127.0.0.1", nil); err != nil {
		t.Fatal(err)
	}
	result := make(chan error, 1)
	go func() {
		defer l.Post(func() { srv.Close(nil); srv.CloseAllConnections() })
		result <- func() error {
			c, err := stdnet.Dial("tcp", srv.Address().String())
			if err != nil {
				return err
			}
			defer c.Close()
			req := bytes.Repeat([]byte("GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: bench\r\n\r\n"), depth)
			hello := []byte("Hello, World!\n")
			buf := make([]byte, 64<<10)
			var ms runtime.MemStats
			var m0 uint64
			var c0 int64
			warm := 200 / depth
			for i := range n/depth + warm {
				if i == warm {
					runtime.ReadMemStats(&ms)
					m0, c0 = ms.Mallocs, runtime.NumCgoCall()
				}
				c.SetDeadline(time.Now().Add(5 * time.Second))
				if _, err := c.Write(req); err != nil {
					return err
				}
				got := 0
				for bytes.Count(buf[:got], hello) < depth {
					k, err := c.Read(buf[got:])
					if err != nil {
						return err
					}
					got += k
				}
			}
			calls = float64(runtime.NumCgoCall()-c0) / float64(n)
			runtime.ReadMemStats(&ms)
			mallocs = float64(ms.Mallocs-m0) / float64(n)
			return nil
		}()
	}()
	testutil.Run(t, l, 30*time.Second)
	if err := <-result; err != nil {
		t.Fatal(err)
	}
	return mallocs, calls
}
