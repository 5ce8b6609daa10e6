package http

import (
	"bytes"
	"testing"
)

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

// TestHelloAllocations: serving GET /hello on a keep-alive connection,
// one request per read or 16 pipelined, allocates twice per request in
// steady state: the request/response pair handed to the handler (new for
// every request, so nobody can see another request's values) and its
// header array; the stream state, buffers and emitter slots behind them
// are reused (see "Object reuse" in doc.go). Every request is checked to
// be answered.
func TestHelloAllocations(t *testing.T) {
	// a browser's request: more headers, some not in the table of common
	// names, all repeated on the keep-alive connection
	browser := "GET /hello?q=1 HTTP/1.1\r\nHost: example.test:8080\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n" +
		"Accept: text/html,application/xhtml+xml\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate\r\n" +
		"Cookie: session=abc123; theme=dark\r\nSec-Fetch-Mode: navigate\r\nDNT: 1\r\nX-Requested-With: test\r\n\r\n"
	for _, tc := range []struct {
		name  string
		req   string
		depth int
	}{
		{"pipelined_1", "GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: bench\r\n\r\n", 1},
		{"pipelined_16", "GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: bench\r\n\r\n", 16},
		{"browser_headers", browser, 1},
	} {
		depth := tc.depth
		t.Run(tc.name, func(t *testing.T) {
			l, c, m := newMemServer(t, helloHandler)
			req := bytes.Repeat([]byte(tc.req), depth)
			served := 0
			allocs := testing.AllocsPerRun(200, func() {
				c.feed(req)
				l.DrainTicks()
				served += bytes.Count(m.out, []byte("\r\n\r\nHello, World!\n"))
				m.out = m.out[:0]
			})
			if served != 201*depth {
				t.Fatalf("served %d of %d requests", served, 201*depth)
			}
			if allocs > float64(2*depth) {
				t.Fatalf("%d requests per read allocate %.2f times per read, want at most %d", depth, allocs, 2*depth)
			}
		})
	}
}
