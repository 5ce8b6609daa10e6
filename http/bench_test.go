package http

import (
	"testing"

	"github.com/uvgo/uvgo/uv"
)

func helloHandler(req *IncomingMessage, res *ServerResponse) {
	res.SetHeader("Content-Type", "text/plain")
	res.EndString("Hello, World!\n", nil)
}

// BenchmarkHelloKeepAlive serves GET /hello on one keep-alive connection
// in process (a memory transport: no syscalls), the server's own cost per
// request.
func BenchmarkHelloKeepAlive(b *testing.B) {
	l, err := uv.New()
	if err != nil {
		b.Fatal(err)
	}
	s := NewServer(l, ServerOptions{}, helloHandler)
	c, m := newTestConn(s)
	req := []byte("GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: bench\r\n\r\n")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		c.feed(req)
		l.DrainTicks()
		m.out = m.out[:0]
	}
	b.StopTimer()
	c.destroy()
	l.RunMode(uv.RunNoWait)
	l.Close()
}

// BenchmarkHelloPipelined16 serves 16 pipelined GET /hello per read.
func BenchmarkHelloPipelined16(b *testing.B) {
	l, err := uv.New()
	if err != nil {
		b.Fatal(err)
	}
	s := NewServer(l, ServerOptions{}, helloHandler)
	c, m := newTestConn(s)
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
	c.destroy()
	l.RunMode(uv.RunNoWait)
	l.Close()
}
