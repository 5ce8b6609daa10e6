package parity

import (
	"strconv"
	"strings"
	"time"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

// rawServer is client/_raw.js in Go: a TCP server that cuts what each
// connection receives into requests, records them (the port replaced by
// PORT) for dump, and lets the scenario answer with raw bytes.
type rawServer struct {
	*net.Server
	p    *P
	log  []string
	port int
}

// rawRequestEnd is _raw.js's requestEnd: the length of the first request
// in buf, or -1.
func rawRequestEnd(buf string) int {
	i := strings.Index(buf, "\r\n\r\n")
	if i < 0 {
		return -1
	}
	head := strings.ToLower(buf[:i])
	start := i + 4
	if te := strings.Index(head, "\r\ntransfer-encoding:"); te >= 0 && strings.Contains(strings.SplitN(head[te+2:], "\r\n", 2)[0], "chunked") {
		j := strings.Index(buf[start:], "0\r\n\r\n")
		if j < 0 {
			return -1
		}
		return start + j + 5
	}
	n := 0
	if cl := strings.Index(head, "\r\ncontent-length:"); cl >= 0 {
		v := strings.TrimLeft(head[cl+len("\r\ncontent-length:"):], " ")
		k := 0
		for k < len(v) && v[k] >= '0' && v[k] <= '9' {
			k++
		}
		n, _ = strconv.Atoi(v[:k])
	}
	if len(buf) >= start+n {
		return start + n
	}
	return -1
}

func newRawServer(p *P, reply func(s *net.Socket, req string, id, n int), cb func(port int)) *rawServer {
	rs := &rawServer{p: p}
	conns := 0
	rs.Server = net.CreateServer(p.Loop(), func(s *net.Socket) {
		conns++
		id := conns
		buf := ""
		n := 0
		s.OnData(func(d []byte) {
			buf += string(d)
			for {
				end := rawRequestEnd(buf)
				if end < 0 {
					break
				}
				req := buf[:end]
				buf = buf[end:]
				n++
				rs.log = append(rs.log, "server: conn "+strconv.Itoa(id)+" req "+strconv.Itoa(n)+" "+
					stringify(strings.ReplaceAll(req, strconv.Itoa(rs.port), "PORT")))
				reply(s, req, id, n)
			}
		})
		s.OnError(func(error) {})
	})
	rs.Listen(0, "127.0.0.1", func() {
		rs.port = int(rs.Address().Port())
		cb(rs.port)
	})
	return rs
}

func (rs *rawServer) dump() {
	for _, l := range rs.log {
		rs.p.Log(l)
	}
}

// clientErrCode is err.code as Node prints it.
func clientErrCode(err error) string {
	switch e := err.(type) {
	case *uv.Error:
		return e.Name()
	case *http.ClientError:
		return e.Code
	}
	return code(err)
}

// rawHeadersJSON prints res.rawHeaders as JSON.stringify does.
func rawHeadersJSON(m *http.IncomingMessage) string {
	if m.RawHeaders == nil {
		return "[]"
	}
	return stringify(m.RawHeaders)
}

func rawTrailersJSON(m *http.IncomingMessage) string {
	if m.RawTrailers == nil {
		return "[]"
	}
	return stringify(m.RawTrailers)
}

func init() {
	register("client/get_events", func(p *P) {
		l := p.Loop()
		var srv *rawServer
		srv = newRawServer(p, func(s *net.Socket, req string, id, n int) {
			if n == 1 {
				s.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nCookie: c\r\nCookie: d\r\nHost: h1\r\nHost: h2\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\nhello"), nil)
			} else {
				s.Write([]byte("HTTP/1.1 201 Created Here\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"), nil)
			}
		}, func(port int) {
			agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true})
			var first *net.Socket
			var run func(n int, o http.RequestOptions, body *string, next func())
			run = func(n int, o http.RequestOptions, body *string, next func()) {
				o.Host, o.Port, o.Agent = "127.0.0.1", port, agent
				var req *http.ClientRequest
				req, _ = http.Request(l, o, func(res *http.IncomingMessage) {
					p.Log(n, "response", res.StatusCode, stringify(res.StatusMessage), res.HTTPVersion, headersJSON(res), rawHeadersJSON(res))
					res.OnData(func(d []byte) { p.Log(n, "data", stringify(string(d))) })
					res.OnEnd(func() { p.Log(n, "end complete", res.Complete, "trailers", rawTrailersJSON(res)) })
					res.OnClose(func() { p.Log(n, "res close") })
				})
				req.OnSocket(func(s *net.Socket) {
					if first == nil {
						first = s
					}
					p.Log(n, "socket reused", req.ReusedSocket, "same", s == first)
					events.Once0(&s.Emitter, http.EventFree, func() { p.Log(n, "socket free") })
				})
				req.OnFinish(func() { p.Log(n, "finish") })
				req.OnClose(func() {
					p.Log(n, "req close destroyed", req.Destroyed())
					l.SetImmediate(next)
				})
				req.OnError(func(e error) { p.Log(n, "error", clientErrCode(e)) })
				if body == nil {
					req.End(nil)
				} else {
					req.EndString(*body, nil)
				}
				p.Log(n, "after end")
			}
			hello := "hello"
			run(1, http.RequestOptions{Path: "/a"}, nil, func() {
				run(2, http.RequestOptions{Method: "POST", Path: "/b", Headers: []string{"X-Req", "yes"}}, &hello, func() {
					free := []int{}
					for _, v := range agent.FreeSockets() {
						free = append(free, v)
					}
					p.Log("free sockets", stringify(free))
					agent.Destroy()
					srv.Close(func(error) { srv.dump() })
				})
			})
		})
		p.Run()
	})
	register("client/request_bytes", func(p *P) {
		l := p.Loop()
		var srv *rawServer
		srv = newRawServer(p, func(s *net.Socket, req string, id, n int) {
			if strings.HasPrefix(req, "HEAD") {
				s.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"), nil)
			} else {
				s.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), nil)
			}
		}, func(port int) {
			agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true, MaxSockets: 1})
			type tc struct {
				name string
				o    http.RequestOptions
				fn   func(q *http.ClientRequest)
			}
			f := false
			cases := []tc{
				{"get end()", http.RequestOptions{}, func(q *http.ClientRequest) { q.End(nil) }},
				{"post end(data)", http.RequestOptions{Method: "POST"}, func(q *http.ClientRequest) { q.EndString("hello", nil) }},
				{"post write+end", http.RequestOptions{Method: "POST"}, func(q *http.ClientRequest) { q.WriteString("ab", nil); q.EndString("cd", nil) }},
				{"post user CL", http.RequestOptions{Method: "post", Headers: []string{"X-A", "1", "content-length", "3"}}, func(q *http.ClientRequest) { q.WriteString("abc", nil); q.End(nil) }},
				{"put end()", http.RequestOptions{Method: "PUT"}, func(q *http.ClientRequest) { q.End(nil) }},
				{"head", http.RequestOptions{Method: "HEAD"}, func(q *http.ClientRequest) { q.End(nil) }},
				{"delete", http.RequestOptions{Method: "DELETE"}, func(q *http.ClientRequest) { q.End(nil) }},
				{"options write", http.RequestOptions{Method: "OPTIONS"}, func(q *http.ClientRequest) { q.WriteString("abc", nil); q.End(nil) }},
				{"connection close", http.RequestOptions{Method: "POST", Headers: []string{"Connection", "close"}}, func(q *http.ClientRequest) { q.EndString("", nil) }},
				{"te set later", http.RequestOptions{Method: "PATCH"}, func(q *http.ClientRequest) { q.SetHeader("Transfer-Encoding", "chunked"); q.EndString("x", nil) }},
				{"host set", http.RequestOptions{Path: "/a?b"}, func(q *http.ClientRequest) { q.SetHeader("Host", "example"); q.End(nil) }},
				{"no host", http.RequestOptions{SetHost: &f}, func(q *http.ClientRequest) { q.End(nil) }},
				{"remove CL", http.RequestOptions{Method: "POST"}, func(q *http.ClientRequest) { q.RemoveHeader("Content-Length"); q.EndString("xyz", nil) }},
				{"empty write", http.RequestOptions{Method: "POST"}, func(q *http.ClientRequest) { q.WriteString("", nil); q.End(nil) }},
				{"flushHeaders", http.RequestOptions{Method: "POST"}, func(q *http.ClientRequest) { q.FlushHeaders(); q.EndString("late", nil) }},
				{"multi values", http.RequestOptions{Headers: []string{"X-M", "1", "X-M", "2"}}, func(q *http.ClientRequest) { q.End(nil) }},
				{"agent false", http.RequestOptions{NoAgent: true, Method: "PUT"}, func(q *http.ClientRequest) { q.EndString("p", nil) }},
			}
			i := 0
			var next func()
			next = func() {
				if i == len(cases) {
					agent.Destroy()
					srv.Close(func(error) { srv.dump() })
					return
				}
				c := cases[i]
				i++
				o := c.o
				o.Host, o.Port = "127.0.0.1", port
				if !o.NoAgent {
					o.Agent = agent
				}
				req, err := http.Request(l, o, func(res *http.IncomingMessage) {
					res.Resume()
					res.OnEnd(func() { p.Log(c.name, "status", res.StatusCode) })
				})
				if err != nil {
					p.Log(c.name, "throws", err)
					return
				}
				req.OnError(func(e error) { p.Log(c.name, "error", clientErrCode(e)) })
				req.OnClose(func() { l.SetImmediate(next) })
				c.fn(req)
			}
			next()
		})
		p.Run()
	})
	register("client/errors", func(p *P) {
		l := p.Loop()
		var srv *rawServer
		srv = newRawServer(p, func(s *net.Socket, req string, id, n int) {
			switch strings.Split(req, " ")[1] {
			case "/hangup":
				s.Destroy(nil)
			case "/midbody":
				s.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), func(error) {
					l.SetTimeout(func() { s.Destroy(nil) }, 20*time.Millisecond)
				})
			case "/midchunk":
				s.Write([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"), func(error) {
					l.SetTimeout(func() { s.End(nil) }, 20*time.Millisecond)
				})
			case "/bad":
				s.Write([]byte("HTTP/1.1 abc\r\n\r\n"), nil)
			case "/slow":
			default:
				s.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), nil)
			}
		}, func(port int) {
			agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true})
			trace := func(name string, req *http.ClientRequest) {
				req.OnSocket(func(*net.Socket) { p.Log(name, "socket") })
				req.OnResponse(func(res *http.IncomingMessage) {
					p.Log(name, "response", res.StatusCode)
					res.OnData(func(d []byte) { p.Log(name, "data", string(d)) })
					res.OnAborted(func() { p.Log(name, "res aborted", res.Aborted, res.Complete) })
					res.OnError(func(e error) { p.Log(name, "res error", clientErrCode(e), e.Error()) })
					res.OnEnd(func() { p.Log(name, "res end") })
					res.OnClose(func() { p.Log(name, "res close") })
				})
				req.OnTimeout(func() { p.Log(name, "timeout"); req.Destroy(nil) })
				events.On0(&req.Emitter, http.EventAbort, func() { p.Log(name, "abort") })
				req.OnError(func(e error) {
					c := clientErrCode(e)
					sys, m := "", ""
					if ue, ok := e.(*uv.Error); ok {
						sys = ue.Syscall
					}
					if strings.HasPrefix(c, "HPE") {
						m = e.Error()
					}
					p.Log(name, "error", c, sys, m)
				})
				req.OnFinish(func() { p.Log(name, "finish") })
			}
			get := func(name, path string, o http.RequestOptions) *http.ClientRequest {
				o.Host, o.Port, o.Agent, o.Path = "127.0.0.1", port, agent, path
				req, _ := http.Get(l, o, nil)
				trace(name, req)
				return req
			}
			after := func(d time.Duration, fn func()) func() {
				return func() { l.SetTimeout(fn, d) }
			}
			type tc struct {
				name string
				fn   func(done func())
			}
			cases := []tc{
				{"refused", func(done func()) {
					s := net.CreateServer(l, nil)
					s.Listen(0, "127.0.0.1", func() {
						pt := int(s.Address().Port())
						s.Close(func(error) {
							req, _ := http.Get(l, http.RequestOptions{Host: "127.0.0.1", Port: pt, Agent: agent}, nil)
							trace("refused", req)
							req.OnClose(done)
						})
					})
				}},
				{"hangup", func(done func()) { get("hangup", "/hangup", http.RequestOptions{}).OnClose(done) }},
				{"midbody", func(done func()) {
					get("midbody", "/midbody", http.RequestOptions{}).OnClose(after(20*time.Millisecond, done))
				}},
				{"midchunk", func(done func()) {
					get("midchunk", "/midchunk", http.RequestOptions{}).OnClose(after(20*time.Millisecond, done))
				}},
				{"bad", func(done func()) { get("bad", "/bad", http.RequestOptions{}).OnClose(done) }},
				{"timeout", func(done func()) {
					get("timeout", "/slow", http.RequestOptions{Timeout: 50 * time.Millisecond}).OnClose(done)
				}},
				{"settimeout", func(done func()) {
					o := http.RequestOptions{Host: "127.0.0.1", Port: port, Agent: agent, Path: "/slow"}
					req, _ := http.Get(l, o, nil)
					req.SetTimeout(50*time.Millisecond, nil)
					trace("settimeout", req)
					req.OnClose(done)
				}},
				{"destroy early", func(done func()) {
					req := get("destroy early", "/ok", http.RequestOptions{})
					req.Destroy(nil)
					req.OnClose(done)
				}},
				{"destroy err", func(done func()) {
					req := get("destroy err", "/slow", http.RequestOptions{})
					req.OnSocket(func(*net.Socket) {
						l.SetTimeout(func() { req.Destroy(&codedErr{"EMINE", "mine"}) }, 20*time.Millisecond)
					})
					req.OnClose(done)
				}},
				{"abort in response", func(done func()) {
					req := get("abort in response", "/midbody", http.RequestOptions{})
					req.OnResponse(func(*http.IncomingMessage) { req.Abort() })
					req.OnClose(after(30*time.Millisecond, done))
				}},
			}
			i := 0
			var next func()
			next = func() {
				if i == len(cases) {
					agent.Destroy()
					srv.Close(func(error) { srv.dump() })
					return
				}
				c := cases[i]
				i++
				c.fn(func() { p.Log(c.name, "close"); l.SetImmediate(next) })
			}
			next()
		})
		p.Run()
	})
}

// codedErr is an error with a Node code, as a JS Error with .code.
type codedErr struct{ code, msg string }

func (e *codedErr) Error() string    { return e.msg }
func (e *codedErr) NodeCode() string { return e.code }
