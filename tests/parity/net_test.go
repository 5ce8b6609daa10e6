package parity

import (
	"errors"
	"syscall"
	"time"

	"github.com/uvgo/uvgo/dns"
	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

func errnoName(err error) string {
	var ue *uv.Error
	if errors.As(err, &ue) {
		return ue.Name() + " " + ue.Syscall
	}
	return code(err)
}

func init() {
	register("net/echo_event_order", func(p *P) {
		l := p.Loop()
		var server *net.Server
		server = net.CreateServer(l, func(s *net.Socket) {
			p.Log("server: connection", s.RemoteAddress() == "127.0.0.1")
			s.OnEnd(func() { p.Log("server:", "end", "") })
			s.OnFinish(func() { p.Log("server:", "finish", "") })
			s.OnSocketClose(func(had bool) { p.Log("server:", "close", had) })
			s.OnData(func(d []byte) { p.Log("server: data", string(d)); s.Write(append([]byte(nil), d...), nil) })
		})
		server.OnListening(func() { p.Log("listening") })
		server.OnClose(func() { p.Log("server close") })
		err := server.Listen(0, "127.0.0.1", func() {
			c := net.Connect(l, int(server.Address().Port()), "127.0.0.1", nil)
			for _, ev := range []string{"connect", "ready", "end", "finish"} {
				events.On0(&c.Emitter, ev, func() { p.Log("client:", ev) })
			}
			c.OnSocketClose(func(had bool) {
				p.Log("client: close", had, "bytesRead", c.BytesRead(), "bytesWritten", c.BytesWritten())
				server.Close(nil)
			})
			c.OnData(func(d []byte) { p.Log("client: data", string(d)); c.End(nil) })
			c.WriteString("ping", nil)
			p.Log("client: pending", c.Pending(), "connecting", c.Connecting())
		})
		if err != nil {
			p.Log("listen error", err)
		}
		p.Run()
	})

	register("net/half_open", func(p *P) {
		l := p.Loop()
		var server *net.Server
		server = net.NewServer(l, net.ServerOptions{AllowHalfOpen: true}, func(s *net.Socket) {
			s.OnEnd(func() { p.Log("server: end, writable", s.IsWritable()); s.EndString("bye", nil) })
			s.OnClose(func() { p.Log("server: close"); server.Close(nil) })
			s.Resume()
		})
		server.Listen(0, "127.0.0.1", func() {
			c := net.NewSocket(l, net.SocketOptions{AllowHalfOpen: true})
			c.OnData(func(d []byte) { p.Log("client: data", string(d)) })
			c.OnEnd(func() { p.Log("client: end"); c.End(nil) })
			c.OnClose(func() { p.Log("client: close") })
			c.Connect(int(server.Address().Port()), "127.0.0.1", func() { c.End(nil) })
		})
		p.Run()
	})

	register("net/destroy_with_error", func(p *P) {
		l := p.Loop()
		var server *net.Server
		server = net.CreateServer(l, func(s *net.Socket) {
			s.OnClose(func() { p.Log("server: close"); server.Close(nil) })
		})
		server.Listen(0, "127.0.0.1", func() {
			var c *net.Socket
			c = net.Connect(l, int(server.Address().Port()), "127.0.0.1", func() {
				p.Log("connected")
				c.Destroy(errors.New("client gave up"))
				p.Log("destroyed", c.Destroyed())
				l.NextTick(func() { p.Log("tick") })
				l.SetImmediate(func() { p.Log("immediate") })
			})
			c.OnError(func(e error) { p.Log("error", e.Error()) })
			c.OnSocketClose(func(had bool) { p.Log("close", had) })
		})
		p.Run()
	})

	register("net/connect_refused", func(p *P) {
		l := p.Loop()
		s := net.CreateServer(l, nil)
		s.Listen(0, "127.0.0.1", func() {
			port := int(s.Address().Port())
			s.Close(func(error) {
				c := net.Connect(l, port, "127.0.0.1", nil)
				c.OnError(func(e error) {
					p.Log("error", errnoName(e))
					if !errors.Is(e, syscall.ECONNREFUSED) {
						p.Log("(not ECONNREFUSED)")
					}
				})
				c.OnSocketClose(func(had bool) { p.Log("close", had) })
			})
		})
		p.Run()
	})

	register("net/server_close_waits", func(p *P) {
		l := p.Loop()
		var server *net.Server
		server = net.CreateServer(l, func(s *net.Socket) { p.Log("connection, count", "n/a") })
		server.OnClose(func() { p.Log("server close event") })
		server.Listen(0, "127.0.0.1", func() {
			var c *net.Socket
			c = net.Connect(l, int(server.Address().Port()), "127.0.0.1", func() {
				l.SetTimeout(func() {
					server.Close(func(err error) {
						if err == nil {
							p.Log("close callback", "undefined")
						} else {
							p.Log("close callback", err)
						}
					})
					n := server.Connections()
					l.NextTick(func() { p.Log("connections", n) })
					l.SetTimeout(func() { p.Log("ending client"); c.End(nil) }, 10*time.Millisecond)
				}, 5*time.Millisecond)
			})
			c.OnClose(func() { p.Log("client close") })
			c.Resume()
		})
		p.Run()
	})

	register("net/write_after_end", func(p *P) {
		l := p.Loop()
		var server *net.Server
		server = net.CreateServer(l, func(s *net.Socket) {
			s.Resume()
			s.OnEnd(func() { s.End(nil); server.Close(nil) })
		})
		server.Listen(0, "127.0.0.1", func() {
			var c *net.Socket
			c = net.Connect(l, int(server.Address().Port()), "127.0.0.1", func() {
				c.EndString("last", nil)
				r := c.WriteString("late", func(e error) { p.Log("write cb", code(e)) })
				p.Log("write returned", r)
			})
			c.OnError(func(e error) { p.Log("error", code(e)) })
			c.OnSocketClose(func(h bool) { p.Log("close", h) })
			c.Resume()
		})
		p.Run()
	})
}

func init() {
	register("net/destroy_seen_by_peer", func(p *P) {
		l := p.Loop()
		var server *net.Server
		server = net.CreateServer(l, func(s *net.Socket) {
			s.OnClose(func() {
				p.Log("server: socket close")
				server.Close(func(error) { p.Log("server: close") })
			})
			l.SetTimeout(func() { p.Log("server: destroy"); s.Destroy(nil) }, 20*time.Millisecond)
		})
		server.Listen(0, "127.0.0.1", func() {
			c := net.Connect(l, int(server.Address().Port()), "127.0.0.1", nil)
			for _, ev := range []string{"end", "finish", "close"} {
				events.On0(&c.Emitter, ev, func() { p.Log("client:", ev) })
			}
		})
		p.Run()
	})
}

func init() {
	register("net/connect_lookup", func(p *P) {
		l := p.Loop()
		var server *net.Server
		server = net.CreateServer(l, func(s *net.Socket) { s.EndString("hi", nil) })
		server.Listen(0, "127.0.0.1", func() {
			onLookup := func(err error, host string) {
				p.Log("lookup", nodeCodeOrNull(err), host)
			}
			c := net.Connect(l, int(server.Address().Port()), "localhost", nil)
			c.OnLookup(onLookup)
			c.OnConnect(func() { p.Log("connect", c.RemoteAddress()) })
			c.OnData(func(d []byte) { p.Log("data", string(d)) })
			c.OnClose(func() {
				b := net.Connect(l, 80, "no-such-host.invalid", nil)
				b.OnLookup(onLookup)
				b.OnError(func(err error) {
					var de *dns.Error
					if errors.As(err, &de) {
						p.Log("error", de.Code, de.Syscall, de.Hostname, de.Error())
					} else {
						p.Log("error", err)
					}
				})
				b.OnClose(func() { p.Log("close"); server.Close(nil) })
			})
		})
		p.Run()
	})
}

func nodeCodeOrNull(err error) string {
	if err == nil {
		return "null"
	}
	var de *dns.Error
	if errors.As(err, &de) {
		return de.Code
	}
	return err.Error()
}
