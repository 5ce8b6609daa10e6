package parity

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/net"
)

// stringify formats v as JSON.stringify does for strings and string
// arrays.
func stringify(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// headersJSON prints req.headers as JSON.stringify does.
func headersJSON(req *http.IncomingMessage) string {
	var b strings.Builder
	b.WriteByte('{')
	h := req.Headers()
	for i, name := range req.HeaderNames() {
		if i > 0 {
			b.WriteByte(',')
		}
		var v any = h[name][0]
		if name == "set-cookie" {
			v = h[name]
		}
		b.WriteString(stringify(name))
		b.WriteByte(':')
		b.WriteString(stringify(v))
	}
	b.WriteByte('}')
	return b.String()
}

func init() {
	register("http/req_res_events", func(p *P) {
		l := p.Loop()
		var server *http.Server
		server = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			u := req.URL
			p.Log(u, "request", "res finish/close listeners", res.ListenerCount(events.Finish), res.ListenerCount(events.Close),
				"req end/close listeners", req.ListenerCount(events.End), req.ListenerCount(events.Close),
				"destroyed", res.Destroyed(), req.Destroyed(), "headers", headersJSON(req))
			for _, ev := range []string{events.Finish, events.Close} {
				events.On0(&res.Emitter, ev, func() {
					p.Log(u, "res", ev, "destroyed", res.Destroyed(), "writableFinished", res.WritableFinished())
				})
			}
			res.OnError(func(e error) { p.Log(u, "res error", code(e)) })
			for _, ev := range []string{events.End, events.Close, http.EventAborted} {
				events.On0(&req.Emitter, ev, func() {
					p.Log(u, "req", ev, "destroyed", req.Destroyed(), "complete", req.Complete)
				})
			}
			req.OnError(func(e error) { p.Log(u, "req error", code(e), e.Error()) })
			l.NextTick(func() { p.Log(u, "tick") })
			switch u {
			case "/destroy":
				res.Destroy(nil)
				p.Log(u, "after destroy", res.Destroyed())
			case "/abort":
			default:
				res.SetHeader("Content-Type", "text/plain")
				res.EndString("ok\n", nil)
				p.Log(u, "after end: writableEnded", res.WritableEnded(), "writableFinished", res.WritableFinished())
			}
		})
		port := func() int { return int(server.Address().Port()) }
		keepAlive := func(next func()) {
			c := net.Connect(l, port(), "127.0.0.1", nil)
			n := 0
			c.OnData(func([]byte) {
				n++
				p.Log("client: response", n)
				if n == 1 {
					c.WriteString("GET /second HTTP/1.1\r\nHost: b\r\nX-Second: 2\r\n\r\n", nil)
				} else {
					c.End(nil)
				}
			})
			c.OnClose(next)
			c.WriteString("GET /first HTTP/1.1\r\nHost: a\r\nX-First: 1\r\n\r\n", nil)
		}
		destroyed := func(next func()) {
			c := net.Connect(l, port(), "127.0.0.1", nil)
			c.OnData(func([]byte) { p.Log("client: data") })
			c.OnClose(func() { p.Log("client: closed by server"); next() })
			c.WriteString("GET /destroy HTTP/1.1\r\nHost: x\r\n\r\n", nil)
		}
		aborted := func(next func()) {
			c := net.Connect(l, port(), "127.0.0.1", nil)
			events.Once2(&server.Emitter, http.EventRequest, func(*http.IncomingMessage, *http.ServerResponse) {
				l.SetTimeout(func() { c.Destroy(nil) }, 20*time.Millisecond)
			})
			c.OnClose(func() { l.SetTimeout(next, 50*time.Millisecond) })
			c.WriteString("GET /abort HTTP/1.1\r\nHost: x\r\n\r\n", nil)
		}
		server.Listen(0, "127.0.0.1", func() {
			keepAlive(func() {
				destroyed(func() {
					aborted(func() { server.Close(func(error) { p.Log("server closed") }) })
				})
			})
		})
		p.Run()
	})
}

func init() {
	register("http/pipelined_finish_order", func(p *P) {
		l := p.Loop()
		var server *http.Server
		server = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			u := req.URL
			p.Log(u, "request")
			res.OnFinish(func() { p.Log(u, "finish") })
			res.OnClose(func() { p.Log(u, "close") })
			if u == "/1" {
				l.SetTimeout(func() { p.Log("ending /1"); res.EndString("one", nil) }, 20*time.Millisecond)
				return
			}
			res.EndString(u[1:], nil)
			p.Log(u, "end returns", true, "writableEnded", res.WritableEnded(), "writableFinished", res.WritableFinished())
		})
		server.Listen(0, "127.0.0.1", func() {
			c := net.Connect(l, int(server.Address().Port()), "127.0.0.1", nil)
			var got []byte
			c.OnData(func(d []byte) { got = append(got, d...) })
			c.OnEnd(func() {
				parts := strings.Split(string(got), "\r\n\r\n")[1:]
				bodies := make([]string, len(parts))
				for i, s := range parts {
					bodies[i], _, _ = strings.Cut(s, "HTTP/1.1")
				}
				p.Log("client: responses", strings.Count(string(got), "HTTP/1.1 200"), "bodies", strings.Join(bodies, ","))
				server.Close(nil)
			})
			c.WriteString("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", nil)
		})
		p.Run()
	})
}

func init() {
	register("http/write_after_client_gone", func(p *P) {
		l := p.Loop()
		var server *http.Server
		server = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			res.OnError(func(e error) { p.Log("res error", code(e)) })
			res.OnFinish(func() { p.Log("res finish") })
			res.OnClose(func() { p.Log("res close", "destroyed", res.Destroyed()) })
			l.SetTimeout(func() {
				p.Log("late write returns", res.WriteString("x", nil), "destroyed", res.Destroyed())
				res.SetHeader("X-A", "1")
				res.EndString("late", nil)
				p.Log("after end: writableEnded", res.WritableEnded(), "writableFinished", res.WritableFinished(), "headersSent", res.HeadersSent())
				l.SetTimeout(func() {
					p.Log("later: finish seen?")
					server.Close(func(error) { p.Log("server closed") })
				}, 20*time.Millisecond)
			}, 60*time.Millisecond)
		})
		server.Listen(0, "127.0.0.1", func() {
			var c *net.Socket
			c = net.Connect(l, int(server.Address().Port()), "127.0.0.1", func() {
				c.WriteString("GET / HTTP/1.1\r\nHost: x\r\n\r\n", nil)
				l.SetTimeout(func() { c.Destroy(nil) }, 20*time.Millisecond)
			})
		})
		p.Run()
	})
}

func init() {
	register("http/body_events", func(p *P) {
		l := p.Loop()
		var server *http.Server
		server = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			u := req.URL
			p.Log(u, "request", req.Method, headersJSON(req), "complete", req.Complete)
			req.OnEnd(func() { p.Log(u, "req end", "complete", req.Complete) })
			req.OnClose(func() { p.Log(u, "req close") })
			res.OnFinish(func() { p.Log(u, "res finish") })
			res.OnClose(func() { p.Log(u, "res close") })
			switch u {
			case "/echo":
				req.OnData(func(d []byte) { p.Log(u, "data", stringify(string(d))) })
				req.Pipe(res)
			case "/count":
				n := 0
				req.OnData(func(d []byte) { n += len(d) })
				req.OnEnd(func() { res.EndString(fmt.Sprintf("got %d\n", n), nil) })
			default:
				res.EndString("ignored\n", nil)
			}
		})
		steps := [][2]string{
			{"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello", "world"},
			{"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", "4;ext=1\r\ndefg\r\n0\r\nX-T: 1\r\n\r\n"},
			{"POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n123", "456"},
			{"POST /skip HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd", ""},
		}
		server.Listen(0, "127.0.0.1", func() {
			c := net.Connect(l, int(server.Address().Port()), "127.0.0.1", nil)
			i := 0
			var got string
			var next func()
			next = func() {
				if i == len(steps) {
					c.End(nil)
					return
				}
				s := steps[i]
				i++
				c.WriteString(s[0], nil)
				if s[1] != "" {
					l.SetTimeout(func() { c.WriteString(s[1], nil) }, 15*time.Millisecond)
				}
			}
			lenRE := regexp.MustCompile(`Content-Length: (\d+)`)
			c.OnData(func(d []byte) {
				got += string(d)
				k := strings.Index(got, "\r\n\r\n")
				if k < 0 {
					return
				}
				head, body := got[:k], got[k+4:]
				m := lenRE.FindStringSubmatch(head)
				if m != nil {
					if n, _ := strconv.Atoi(m[1]); len(body) < n {
						return
					}
				} else if !strings.HasSuffix(body, "0\r\n\r\n") {
					return
				}
				if m == nil {
					body = strings.ReplaceAll(body, "\r\n", "|")
				}
				p.Log("client: response", stringify(strings.Split(head, "\r\n")[0]), stringify(body))
				got = ""
				l.SetTimeout(next, 15*time.Millisecond)
			})
			c.OnClose(func() { server.Close(func(error) { p.Log("server closed") }) })
			next()
		})
		p.Run()
	})
}

func init() {
	register("http/server_lifecycle", func(p *P) {
		l := p.Loop()
		var slow *http.ServerResponse
		server := http.NewServer(l, http.ServerOptions{KeepAliveTimeout: 100 * time.Millisecond}, func(req *http.IncomingMessage, res *http.ServerResponse) {
			p.Log("request", req.URL)
			if req.URL == "/slow" {
				slow = res
				return
			}
			res.EndString("ok", nil)
		})
		server.OnListening(func() { p.Log("listening") })
		server.OnConnection(func(s *net.Socket) { p.Log("connection", s.RemoteAddr().Addr()) })
		server.OnClose(func() { p.Log("server close event") })
		server.Listen(0, "127.0.0.1", func() {
			port := int(server.Address().Port())
			a := net.Connect(l, port, "127.0.0.1", nil)
			a.OnData(func([]byte) {
				p.Log("a: response")
				b := net.Connect(l, port, "127.0.0.1", nil)
				b.WriteString("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n", nil)
				connRE := regexp.MustCompile(`Connection: (\S+)`)
				b.OnData(func(d []byte) { p.Log("b: response", connRE.FindStringSubmatch(string(d))[1]) })
				b.OnClose(func() { p.Log("b: closed") })
				l.SetTimeout(func() {
					p.Log("closing server")
					server.Close(func(error) { p.Log("close callback") })
					l.SetTimeout(func() { p.Log("ending slow response"); slow.EndString("done", nil) }, 30*time.Millisecond)
				}, 30*time.Millisecond)
			})
			a.OnEnd(func() { p.Log("a: end") })
			a.OnClose(func() { p.Log("a: closed") })
			a.WriteString("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n", nil)
		})
		p.Run()
	})
}

func init() {
	register("http/expect_events", func(p *P) {
		l := p.Loop()
		var server *http.Server
		server = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			p.Log("request", req.URL, "expect", req.Header("expect"))
			n := 0
			req.OnData(func(d []byte) { n += len(d) })
			req.OnEnd(func() { p.Log("request body", req.URL, n); res.EndString(fmt.Sprintf("ok %d\n", n), nil) })
		})
		send := func(head string, body *string, next func()) {
			c := net.Connect(l, int(server.Address().Port()), "127.0.0.1", nil)
			got := ""
			c.OnData(func(d []byte) {
				got += string(d)
				if strings.HasPrefix(got, "HTTP/1.1 100 Continue\r\n\r\n") && body != nil {
					p.Log("client: 100 Continue")
					got = got[25:]
					c.WriteString(*body, nil)
					body = nil
				}
				k := strings.Index(got, "\r\n\r\n")
				if (k >= 0 && strings.HasSuffix(got, "\n") && len(got) > k+4) || strings.HasPrefix(got, "HTTP/1.1 417") {
					p.Log("client:", stringify(strings.Split(got, "\r\n")[0]), stringify(got[k+4:]))
					c.End(nil)
				}
			})
			c.OnClose(next)
			c.WriteString(head, nil)
		}
		str := func(s string) *string { return &s }
		steps := []func(next func()){
			func(next func()) {
				send("POST /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n", str("abc"), next)
			},
			func(next func()) {
				server.OnCheckContinue(func(req *http.IncomingMessage, res *http.ServerResponse) {
					p.Log("checkContinue", req.URL)
					res.WriteContinue()
					events.Emit2(&server.Emitter, http.EventRequest, req, res)
				})
				send("POST /b HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", str("xy"), next)
			},
			func(next func()) {
				server.OnCheckExpectation(func(req *http.IncomingMessage, res *http.ServerResponse) {
					p.Log("checkExpectation", req.URL, req.Header("expect"))
					res.WriteHead(417)
					res.End(nil)
				})
				send("GET /c HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n", nil, next)
			},
		}
		var run func(i int)
		run = func(i int) {
			if i == len(steps) {
				server.Close(func(error) { p.Log("server closed") })
				return
			}
			steps[i](func() { run(i + 1) })
		}
		server.Listen(0, "127.0.0.1", func() { run(0) })
		p.Run()
	})
}

func init() {
	register("http/upgrade_events", func(p *P) {
		l := p.Loop()
		var server *http.Server
		server = http.CreateServer(l, func(*http.IncomingMessage, *http.ServerResponse) { p.Log("request (not expected)") })
		server.OnUpgrade(func(req *http.IncomingMessage, socket *net.Socket, head []byte) {
			p.Log("upgrade", req.Method, req.URL, req.Header("upgrade"), "head", stringify(string(head)))
			socket.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n", nil)
			socket.OnData(func(d []byte) {
				p.Log("server: data", stringify(string(d)))
				socket.WriteString(strings.ToUpper(string(d)), nil)
			})
			socket.OnEnd(func() { p.Log("server: end"); socket.End(nil) })
		})
		server.Listen(0, "127.0.0.1", func() {
			c := net.Connect(l, int(server.Address().Port()), "127.0.0.1", nil)
			got := ""
			c.OnData(func(d []byte) {
				got += string(d)
				if strings.Contains(got, "\r\n\r\n") && !strings.Contains(got, "PING") {
					p.Log("client:", stringify(strings.Split(got, "\r\n")[0]))
					got = ""
					c.WriteString("ping", nil)
				} else if got == "PING" {
					p.Log("client: got", got)
					c.End(nil)
				}
			})
			c.OnClose(func() { server.Close(func(error) { p.Log("server closed") }) })
			c.WriteString("GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nhello", nil)
		})
		p.Run()
	})
}

func init() {
	register("http/header_api", func(p *P) {
		l := p.Loop()
		var server *http.Server
		server = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			p.Log("remote", req.RemoteAddr().Addr(), "number")
			tries := [][2]string{{"X-T", "a\r\nb"}, {"X-T", "a\nb"}, {"X-T", "tab\tok"}, {"X-T", "caf\u00e9"}, {"X-T", "\x7f"}, {"Bad Name", "x"}, {"", "x"}}
			for _, tr := range tries {
				n, v := stringify(tr[0]), stringify(tr[1])
				if err := res.SetHeader(tr[0], tr[1]); err != nil {
					p.Log("setHeader", n, v, code(err), err.Error())
				} else {
					p.Log("setHeader", n, v, "ok")
				}
			}
			res.SetHeader("X-A", "a")
			res.AppendHeader("x-a", "b")
			res.AppendHeader("X-B", "c", "d")
			if err := res.AppendHeader("X-C", "bad\r\nvalue"); err != nil {
				p.Log("appendHeader", code(err), err.Error())
			}
			p.Log("names", stringify(res.GetHeaderNames()))
			res.EndString("ok", nil)
		})
		server.Listen(0, "127.0.0.1", func() {
			var c *net.Socket
			c = net.Connect(l, int(server.Address().Port()), "127.0.0.1", func() {
				c.WriteString("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", nil)
			})
			var got []byte
			c.OnData(func(d []byte) { got = append(got, d...) })
			c.OnClose(func() {
				p.Log("client:", stringify(regexp.MustCompile(`Date: .*\r\n`).ReplaceAllString(string(got), "")))
				server.Close(nil)
			})
		})
		p.Run()
	})
}
