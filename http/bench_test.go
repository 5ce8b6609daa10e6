package http

import "testing"

func helloHandler(req *IncomingMessage, res *ServerResponse) {
	res.SetHeader("Content-Type", "text/plain")
	res.EndString("Hello, World!\n", nil)
}

// BenchmarkHelloKeepAlive serves GET /hello on one keep-alive connection
// in process (a memory transport: no syscalls), the server's own cost per
// request.
func BenchmarkHelloKeepAlive(b *testing.B) {
	l, c, m := newMemServer(b, helloHandler)
	req := []byte("GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: bench\r\n\r\n")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		c.feed(req)
		l.DrainTicks()
		m.out = m.out[:0]
	}
	b.StopTimer()
}

// BenchmarkHelloPipelined16 serves 16 pipelined GET /hello per read.
func BenchmarkHelloPipelined16(b *testing.B) {
	l, c, m := newMemServer(b, helloHandler)
	var req []byte
	for range 16 {
		req = append(req, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		c.feed(req)
		l.DrainTicks()
		m.out = m.out[:0]
	}
	b.StopTimer()
}

// helloAllocBudget is what one keep-alive GET /hello allocates today: the
// request and response objects with their emitters and stream states, the
// header strings and the listeners the server adds per request. It is a
// ceiling that catches regressions; lowering it (pooling the per-request
// objects) is open work.
const helloAllocBudget = 15

func TestHelloAllocationBudget(t *testing.T) {
	l, c, m := newMemServer(t, helloHandler)
	req := []byte("GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: bench\r\n\r\n")
	served := 0
	allocs := testing.AllocsPerRun(200, func() {
		c.feed(req)
		l.DrainTicks()
		if len(m.out) > 0 && string(m.out[len(m.out)-14:]) == "Hello, World!\n" {
			served++
		}
		m.out = m.out[:0]
	})
	if served != 201 {
		t.Fatalf("served %d of 201 requests", served)
	}
	if allocs > helloAllocBudget {
		t.Fatalf("a keep-alive request allocates %.0f times, budget %d", allocs, helloAllocBudget)
	}
	t.Logf("%.0f allocations per request", allocs)
}
