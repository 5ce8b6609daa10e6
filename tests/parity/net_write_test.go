package parity

import (
	"bytes"
	"time"

	"github.com/uvgo/uvgo/net"
)

// The Go sides of net/write_fast_reader.js and net/write_peer_not_reading.js:
// write()'s return value and writableLength under Node's StreamBase
// accounting (issue 10).
func init() {
	register("net/write_fast_reader", func(p *P) {
		l := p.Loop()
		chunk := bytes.Repeat([]byte{'x'}, 1024)
		var server *net.Server
		server = net.CreateServer(l, func(s *net.Socket) {
			falses, drains := 0, 0
			s.OnDrain(func() { drains++ })
			for i := 1; i <= 100; i++ {
				r := s.Write(chunk, nil)
				if !r {
					falses++
				}
				p.Log("write", i, r, "writableLength", s.WritableLength())
			}
			p.Log("after loop: false returns", falses, "writableLength", s.WritableLength(), "needDrain", s.WritableNeedDrain())
			s.End(func(error) { p.Log("server: end callback, drains", drains) })
			s.OnClose(func() { server.Close(func(error) { p.Log("server closed") }) })
		})
		server.Listen(0, "127.0.0.1", func() {
			var c *net.Socket
			c = net.Connect(l, int(server.Address().Port()), "127.0.0.1", nil)
			n := 0
			c.OnData(func(d []byte) { n += len(d) })
			c.OnEnd(func() { p.Log("client: end, bytes", n); c.End(nil) })
		})
		p.Run()
	})

	register("net/write_peer_not_reading", func(p *P) {
		l := p.Loop()
		chunk := bytes.Repeat([]byte{'y'}, 16384)
		const n = 512
		var server *net.Server
		server = net.NewServer(l, net.ServerOptions{PauseOnConnect: true}, func(s *net.Socket) {
			got := 0
			s.OnData(func(d []byte) { got += len(d) })
			s.OnEnd(func() { p.Log("server: end, bytes", got); s.End(nil) })
			s.OnClose(func() { server.Close(func(error) { p.Log("server closed") }) })
			l.SetTimeout(func() { p.Log("server: resume"); s.Resume() }, 50*time.Millisecond)
		})
		server.Listen(0, "127.0.0.1", func() {
			var c *net.Socket
			c = net.Connect(l, int(server.Address().Port()), "127.0.0.1", func() {
				firstFalse, trueAfterFalse := 0, 0
				rule, takenWhileTrue := true, true
				for i := 1; i <= n; i++ {
					r := c.Write(chunk, nil)
					length := c.WritableLength()
					if r != (length < c.WritableHighWaterMark()) {
						rule = false
					}
					if r && length != 0 {
						takenWhileTrue = false
					}
					if !r && firstFalse == 0 {
						firstFalse = i
					}
					if r && firstFalse != 0 {
						trueAfterFalse++
					}
				}
				queued := c.WritableLength()
				p.Log("client: some write returned false", firstFalse > 0)
				p.Log("client: ret === writableLength < hwm for every write", rule)
				p.Log("client: writes that returned true left writableLength 0", takenWhileTrue)
				p.Log("client: true after the first false", trueAfterFalse)
				p.Log("client: writableLength queued, below the total", queued > 0, queued < n*16384)
				p.Log("client: needDrain", c.WritableNeedDrain())
				drains := 0
				c.OnDrain(func() {
					drains++
					p.Log("client: drain", drains, "writableLength", c.WritableLength())
					c.End(nil)
				})
			})
			c.OnClose(func() { p.Log("client: close") })
		})
		p.Run()
	})
}
