package http

import (
	"errors"
	"io"
	"testing"

	"github.com/uvgo/uvgo/http/internal/llhttp"
	"github.com/uvgo/uvgo/uv"
)

// memTransport is an in-memory socket for the fuzz tests.
type memTransport struct {
	out      []byte
	writes   int
	closed   bool
	shutdown bool
	reading  bool
}

func (m *memTransport) Write(bufs [][]byte, cb func(error)) (bool, error) {
	m.writes++
	for _, b := range bufs {
		m.out = append(m.out, b...)
	}
	return true, nil
}
func (m *memTransport) Shutdown(cb func(error)) error { m.shutdown = true; cb(nil); return nil }
func (m *memTransport) Close(cb func()) {
	m.closed = true
	if cb != nil {
		cb()
	}
}
func (m *memTransport) ReadStart(func([]byte, error)) error { m.reading = true; return nil }
func (m *memTransport) ReadStop() error                     { m.reading = false; return nil }
func (m *memTransport) WriteNoCopy(bufs [][]byte, cb func(error)) (bool, error) {
	return m.Write(bufs, cb)
}
func (m *memTransport) Write3(a, b, c []byte, cb func(error)) (bool, error) {
	return m.Write([][]byte{a, b, c}, cb)
}

// feed parses data on c as the read filter would, then delivers the read.
func (c *conn) feed(data []byte) {
	c.parser.Execute(data)
	c.onRead(data, nil)
}

// feedEOF delivers the peer's FIN.
func (c *conn) feedEOF() {
	c.parser.Finish()
	c.onRead(nil, io.EOF)
}

func newTestConn(s *Server) (*conn, *memTransport) {
	if s.scratch == nil {
		s.scratch = llhttp.NewScratch()
	}
	m := &memTransport{}
	c := newConnOn(s, m)
	s.conns[c] = struct{}{}
	c.startReading()
	return c, m
}

// newMemServer starts a server for h on its own loop with one in-memory
// connection; tb's cleanup closes the connection and the loop.
func newMemServer(tb testing.TB, h Handler) (*uv.Loop, *conn, *memTransport) {
	l, err := uv.New()
	if err != nil {
		tb.Fatal(err)
	}
	c, m := newTestConn(NewServer(l, ServerOptions{}, h))
	tb.Cleanup(func() {
		c.destroy()
		l.RunMode(uv.RunNoWait)
		l.Close()
	})
	return l, c, m
}

func (m *memTransport) ReadLend(func() []byte, func([]byte)) error {
	return errors.New("no ReadLend in memory")
}
