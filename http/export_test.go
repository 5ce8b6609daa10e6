package http

import (
	"io"

	"github.com/uvgo/uvgo/http/internal/llhttp"
)

// memTransport is an in-memory socket for the fuzz tests.
type memTransport struct {
	out      []byte
	closed   bool
	shutdown bool
	reading  bool
}

func (m *memTransport) Write(bufs [][]byte, cb func(error)) (bool, error) {
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
func (m *memTransport) WriteQueueSize() int                 { return 0 }

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
