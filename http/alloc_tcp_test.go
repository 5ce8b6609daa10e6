package http_test

import (
	"bytes"
	stdnet "net"
	"runtime"
	"testing"
	"time"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/internal/testutil"
)

// TestHelloAllocationsOverTCP serves keep-alive GET /hello over loopback
// through libuv (the real read filter, parser and writes) and counts the
// process's heap allocations while 2,000 requests are served. The client
// reuses its buffers; the count includes the Go runtime's own.
func TestHelloAllocationsOverTCP(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		res.SetHeader("Content-Type", "text/plain")
		res.EndString("Hello, World!\n", nil)
	})
	if err := srv.Listen(0, "127.0.0.1", nil); err != nil {
		t.Fatal(err)
	}
	const n = 2000
	result := make(chan string, 1)
	var mallocs uint64
	go func() {
		defer l.Post(func() { srv.Close(nil); srv.CloseAllConnections() })
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err != nil {
			result <- err.Error()
			return
		}
		defer c.Close()
		req := []byte("GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: bench\r\n\r\n")
		buf := make([]byte, 4096)
		var ms runtime.MemStats
		for i := range n + 200 {
			if i == 200 {
				runtime.ReadMemStats(&ms)
				mallocs = ms.Mallocs
			}
			c.SetDeadline(time.Now().Add(5 * time.Second))
			if _, err := c.Write(req); err != nil {
				result <- err.Error()
				return
			}
			got := 0
			for !bytes.HasSuffix(buf[:got], []byte("Hello, World!\n")) {
				k, err := c.Read(buf[got:])
				if err != nil {
					result <- err.Error()
					return
				}
				got += k
			}
		}
		runtime.ReadMemStats(&ms)
		mallocs = ms.Mallocs - mallocs
		result <- ""
	}()
	testutil.Run(t, l, 30*time.Second)
	if msg := <-result; msg != "" {
		t.Fatal(msg)
	}
	per := float64(mallocs) / n
	t.Logf("%d allocations over %d requests (%.3f per request)", mallocs, n, per)
	if per >= 0.05 {
		t.Fatalf("%.3f heap allocations per request over TCP", per)
	}
}
