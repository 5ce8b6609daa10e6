package http

import (
	"bytes"
	"testing"

	"github.com/uvgo/uvgo/http/internal/llhttp"
	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

// newMemClient returns a keep-alive agent whose one idle connection to
// 127.0.0.1:80 is an in-memory transport (no syscalls): requests go out
// into m.out, responses come in through feedClient.
func newMemClient(tb testing.TB) (*uv.Loop, *Agent, *clientConn, *memTransport) {
	l, a, c, m, done := openMemClient(tb)
	tb.Cleanup(done)
	return l, a, c, m
}

// openMemClient is newMemClient with the cleanup returned: it closes the
// connection and the loop, and fails tb if a handle was left open.
func openMemClient(tb testing.TB) (*uv.Loop, *Agent, *clientConn, *memTransport, func()) {
	l, err := uv.New()
	if err != nil {
		tb.Fatal(err)
	}
	a := NewAgent(l, AgentOptions{KeepAlive: true})
	ls := stateOf(l)
	c := &clientConn{loop: l, ls: ls, agent: a, name: a.Name("127.0.0.1", 80)}
	c.parser = llhttp.NewResponseParser(ls.scratch, defaultMaxHeaderSize)
	mc := &memClientTransport{loop: l}
	m := &mc.memTransport
	c.core.Init(l, mc, c, stream.DefaultHighWaterMark, &ls.bufs)
	c.bits |= ccConnected | ccFree
	a.free[c.name] = []*clientConn{c}
	a.total++
	done := func() {
		a.Destroy()
		for range 3 {
			l.DrainTicks()
			l.RunMode(uv.RunNoWait)
		}
		if err := l.Close(); err != nil {
			tb.Fatalf("loop leak: %v", err)
		}
	}
	return l, a, c, m, done
}

// memClientTransport is memTransport with libuv's close timing: the
// close callback runs in a later loop phase, not inside Close.
type memClientTransport struct {
	memTransport
	loop *uv.Loop
}

func (m *memClientTransport) Close(cb func()) {
	m.closed = true
	if cb != nil {
		m.loop.SetImmediate(cb)
	}
}

// feedClient parses data on c as the read filter would, then delivers
// the read.
func (c *clientConn) feedClient(data []byte) {
	c.parser.Execute(data)
	c.SockRead(data, nil)
}

var benchResponse = []byte("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n" +
	"Connection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 14\r\n\r\nHello, World!\n")

// BenchmarkClientRoundTrip is one GET on a kept-alive connection and its
// response read to the end, the client's own cost (in-memory transport).
func BenchmarkClientRoundTrip(b *testing.B) {
	l, a, c, m := newMemClient(b)
	o := RequestOptions{Host: "127.0.0.1", Port: 80, Agent: a, Path: "/hello"}
	ended := 0
	onRes := func(res *IncomingMessage) {
		res.OnData(func([]byte) {})
		res.OnEnd(func() { ended++ })
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := Get(l, o, onRes); err != nil {
			b.Fatal(err)
		}
		l.DrainTicks()
		c.feedClient(benchResponse)
		l.DrainTicks()
		if ended != i+1 || !bytes.HasPrefix(m.out, []byte("GET /hello HTTP/1.1\r\n")) {
			b.Fatalf("round trip %d: ended %d, wrote %q", i, ended, m.out)
		}
		m.out = m.out[:0]
	}
}
