package parity

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/uvgo/uvgo/dns"
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
		continued := false
		s.OnData(func(d []byte) {
			buf += string(d)
			// Expect: 100-continue is answered as soon as the head is in.
			if h := strings.Index(buf, "\r\n\r\n"); h >= 0 && !continued && strings.Contains(strings.ToLower(buf[:h]), "\r\nexpect: 100-continue") {
				continued = true
				rs.log = append(rs.log, "server: conn "+strconv.Itoa(id)+" continue")
				s.Write([]byte("HTTP/1.1 100 Continue\r\n\r\n"), nil)
			}
			for {
				end := rawRequestEnd(buf)
				if end < 0 {
					break
				}
				req := buf[:end]
				buf = buf[end:]
				n++
				rs.log = append(rs.log, "server: conn "+strconv.Itoa(id)+" req "+strconv.Itoa(n)+" "+
					jsStringify(strings.ReplaceAll(req, strconv.Itoa(rs.port), "PORT")))
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

// jsStringify is JSON.stringify for strings and string arrays (no HTML
// escaping, as in JavaScript).
func jsStringify(v any) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	e.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

// clientErrCode is err.code as Node prints it.
func clientErrCode(err error) string {
	switch e := err.(type) {
	case *uv.Error:
		return e.Name()
	case *http.ClientError:
		return e.Code
	case *dns.Error:
		return e.Code
	}
	return code(err)
}

// rawHeadersJSON prints res.rawHeaders as JSON.stringify does.
func rawHeadersJSON(m *http.IncomingMessage) string {
	if m.RawHeaders == nil {
		return "[]"
	}
	return jsStringify(m.RawHeaders)
}

func rawTrailersJSON(m *http.IncomingMessage) string {
	if m.RawTrailers == nil {
		return "[]"
	}
	return jsStringify(m.RawTrailers)
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
					p.Log(n, "response", res.StatusCode, jsStringify(res.StatusMessage), res.HTTPVersion, headersJSON(res), rawHeadersJSON(res))
					res.OnData(func(d []byte) { p.Log(n, "data", jsStringify(string(d))) })
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
					p.Log("free sockets", jsStringify(free))
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
			sequence(len(cases), func(i int, next func()) {
				c := cases[i]
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
			}, func() {
				agent.Destroy()
				srv.Close(func(error) { srv.dump() })
			})
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
			case "/bigheader":
				s.Write([]byte("HTTP/1.1 200 OK\r\nX-Big: "+strings.Repeat("x", 20000)+"\r\n\r\n"), nil)
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
					switch x := e.(type) {
					case *uv.Error:
						sys = x.Syscall
					case *dns.Error:
						sys = x.Syscall
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
				{"lookup", func(done func()) {
					req, _ := http.Get(l, http.RequestOptions{Host: "nonexistent.invalid", Port: port, Agent: agent}, nil)
					trace("lookup", req)
					req.OnClose(done)
				}},
				{"hangup", func(done func()) { get("hangup", "/hangup", http.RequestOptions{}).OnClose(done) }},
				{"midbody", func(done func()) {
					get("midbody", "/midbody", http.RequestOptions{}).OnClose(after(20*time.Millisecond, done))
				}},
				{"midchunk", func(done func()) {
					get("midchunk", "/midchunk", http.RequestOptions{}).OnClose(after(20*time.Millisecond, done))
				}},
				{"bigheader", func(done func()) { get("bigheader", "/bigheader", http.RequestOptions{}).OnClose(done) }},
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
			sequence(len(cases), func(i int, next func()) {
				c := cases[i]
				c.fn(func() { p.Log(c.name, "close"); l.SetImmediate(next) })
			}, func() {
				agent.Destroy()
				srv.Close(func(error) { srv.dump() })
			})
		})
		p.Run()
	})
	register("client/special", func(p *P) {
		l := p.Loop()
		var srv *rawServer
		srv = newRawServer(p, func(s *net.Socket, req string, id, n int) {
			w := func(x string) { s.Write([]byte(x), nil) }
			switch strings.Split(req, " ")[1] {
			case "/head":
				w("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
			case "/204":
				w("HTTP/1.1 204 No Content\r\n\r\n")
			case "/304":
				w("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\nETag: \"x\"\r\n\r\n")
			case "/info":
				w("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\nLink: </b.js>\r\n\r\nHTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nfin")
			case "/continue":
				w("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone")
			case "/trailers":
				w("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n2\r\nab\r\n0\r\nX-Sum: 42\r\nx-other: a b \r\n\r\n")
			case "/eof":
				s.EndWith([]byte("HTTP/1.1 200 OK\r\n\r\nall of it"), nil)
			case "/close":
				w("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
			case "/http10":
				w("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
			default:
				w("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
			}
		}, func(port int) {
			agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true, MaxSockets: 1})
			var prev *net.Socket
			run := func(name string, o http.RequestOptions, body string, done func()) {
				o.Host, o.Port, o.Agent = "127.0.0.1", port, agent
				req, _ := http.Request(l, o, func(res *http.IncomingMessage) {
					p.Log(name, "response", res.StatusCode, jsStringify(res.StatusMessage), res.HTTPVersion, rawHeadersJSON(res))
					res.OnData(func(d []byte) { p.Log(name, "data", jsStringify(string(d))) })
					res.OnEnd(func() {
						p.Log(name, "end complete", res.Complete, rawTrailersJSON(res), trailersJSON(res))
					})
					res.OnClose(func() { p.Log(name, "res close") })
				})
				req.OnSocket(func(s *net.Socket) {
					p.Log(name, "socket reused", req.ReusedSocket, "same as before", s == prev)
					prev = s
				})
				req.OnInformation(func(info *http.IncomingMessage) {
					p.Log(name, "information", info.StatusCode, jsStringify(info.StatusMessage), rawHeadersJSON(info))
				})
				req.OnContinue(func() { p.Log(name, "continue"); req.EndString(body, nil) })
				req.OnError(func(e error) { p.Log(name, "error", clientErrCode(e)) })
				req.OnClose(func() { p.Log(name, "close"); l.SetImmediate(done) })
				if _, ok := req.GetHeader("expect"); ok {
					req.FlushHeaders()
				} else if body != "" {
					req.EndString(body, nil)
				} else {
					req.End(nil)
				}
			}
			type tc struct {
				name string
				o    http.RequestOptions
				body string
			}
			cases := []tc{
				{"head", http.RequestOptions{Method: "HEAD", Path: "/head"}, ""},
				{"204", http.RequestOptions{Path: "/204"}, ""},
				{"304", http.RequestOptions{Path: "/304"}, ""},
				{"info", http.RequestOptions{Path: "/info"}, ""},
				{"trailers", http.RequestOptions{Path: "/trailers"}, ""},
				{"continue", http.RequestOptions{Method: "POST", Path: "/continue", Headers: []string{"Expect", "100-continue"}}, "body"},
				{"close", http.RequestOptions{Path: "/close"}, ""},
				{"after close", http.RequestOptions{Path: "/x"}, ""},
				{"http10", http.RequestOptions{Path: "/http10"}, ""},
				{"after http10", http.RequestOptions{Path: "/x"}, ""},
				{"eof", http.RequestOptions{Path: "/eof"}, ""},
			}
			sequence(len(cases), func(i int, next func()) {
				c := cases[i]
				run(c.name, c.o, c.body, next)
			}, func() {
				agent.Destroy()
				srv.Close(func(error) { srv.dump() })
			})
		})
		p.Run()
	})
	register("client/agent", func(p *P) {
		l := p.Loop()
		var srv *rawServer
		srv = newRawServer(p, func(s *net.Socket, req string, id, n int) {
			path := strings.Split(req, " ")[1]
			ka := ""
			switch path {
			case "/hint":
				ka = "Keep-Alive: timeout=2\r\n"
			case "/hint1":
				ka = "Keep-Alive: timeout=1\r\n"
			}
			body := "c" + strconv.Itoa(id) + "r" + strconv.Itoa(n)
			s.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: "+strconv.Itoa(len(body))+"\r\n"+ka+"\r\n"+body), nil)
			if path == "/then-close" {
				l.SetTimeout(func() { s.End(nil) }, 30*time.Millisecond)
			}
		}, func(port int) {
			get := func(agent *http.Agent, name, path string, cb func()) *http.ClientRequest {
				var req *http.ClientRequest
				req, _ = http.Get(l, http.RequestOptions{Host: "127.0.0.1", Port: port, Agent: agent, Path: path}, func(res *http.IncomingMessage) {
					b := ""
					res.OnData(func(d []byte) { b += string(d) })
					res.OnEnd(func() { p.Log(name, "body", b, "reused", req.ReusedSocket) })
				})
				req.OnError(func(e error) { p.Log(name, "error", clientErrCode(e)) })
				req.OnClose(func() {
					if cb != nil {
						cb()
					}
				})
				return req
			}
			vals := func(m map[string]int) string {
				out := []int{}
				for _, v := range m {
					out = append(out, v)
				}
				return jsStringify(out)
			}
			counts := func(a *http.Agent) string {
				return "[" + vals(a.Sockets()) + "," + vals(a.FreeSockets()) + "," + vals(a.Requests()) + "]"
			}
			after := func(d time.Duration, fn func()) { l.SetTimeout(fn, d) }
			steps := []func(done func()){
				func(done func()) {
					agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true, MaxSockets: 2})
					left := 5
					for i := 1; i <= 5; i++ {
						get(agent, "q"+strconv.Itoa(i), "/q", func() {
							if left--; left == 0 {
								l.SetImmediate(func() { p.Log("queue done", counts(agent)); agent.Destroy(); done() })
							}
						})
					}
					p.Log("queued", counts(agent))
				},
				func(done func()) {
					var run func(scheduling string, cb func())
					run = func(scheduling string, cb func()) {
						agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true, Scheduling: scheduling})
						left := 2
						for i := 1; i <= 2; i++ {
							get(agent, scheduling+strconv.Itoa(i), "/s", func() {
								if left--; left == 0 {
									l.SetImmediate(func() {
										get(agent, scheduling+" next", "/s", func() { l.SetImmediate(func() { agent.Destroy(); cb() }) })
									})
								}
							})
						}
					}
					run("lifo", func() { run("fifo", done) })
				},
				func(done func()) {
					agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true})
					get(agent, "then-close", "/then-close", func() {
						l.SetImmediate(func() { p.Log("free before close", counts(agent)) })
						after(100*time.Millisecond, func() {
							p.Log("free after close", counts(agent))
							get(agent, "after server close", "/x", func() { l.SetImmediate(func() { agent.Destroy(); done() }) })
						})
					})
				},
				func(done func()) {
					agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true, Timeout: 50 * time.Millisecond})
					get(agent, "timeout", "/t", func() {
						l.SetImmediate(func() { p.Log("free before timeout", counts(agent)) })
						after(150*time.Millisecond, func() { p.Log("free after timeout", counts(agent)); agent.Destroy(); done() })
					})
				},
				func(done func()) {
					agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true})
					get(agent, "hint1", "/hint1", func() {
						l.SetImmediate(func() { p.Log("after hint1", counts(agent)); agent.Destroy(); done() })
					})
				},
				func(done func()) {
					agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true, MaxFreeSockets: 1})
					left := 2
					for i := 1; i <= 2; i++ {
						get(agent, "mf"+strconv.Itoa(i), "/mf", func() {
							if left--; left == 0 {
								l.SetImmediate(func() { p.Log("maxFree", counts(agent)); agent.Destroy(); done() })
							}
						})
					}
				},
				func(done func()) {
					agent := http.NewAgent(l, http.AgentOptions{MaxSockets: 1})
					get(agent, "nka1", "/n", func() {
						l.SetImmediate(func() { p.Log("no keepAlive", counts(agent)); agent.Destroy(); done() })
					})
				},
			}
			sequence(len(steps), func(i int, next func()) {
				steps[i](func() { l.SetImmediate(next) })
			}, func() { srv.Close(func(error) { srv.dump() }) })
		})
		p.Run()
	})
	register("client/upgrade", func(p *P) {
		l := p.Loop()
		var srv *rawServer
		srv = newRawServer(p, func(s *net.Socket, req string, id, n int) {
			path := strings.Split(req, " ")[1]
			if strings.HasPrefix(req, "CONNECT") {
				s.Write([]byte("HTTP/1.1 200 Connection Established\r\nX-T: 1\r\n\r\ntunnel-head"), nil)
			} else {
				s.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nfirst"), nil)
			}
			s.OnData(func(d []byte) { s.Write([]byte("echo:"+string(d)), nil) })
			if path == "/nolistener" {
				l.SetTimeout(func() { s.Destroy(nil) }, 50*time.Millisecond)
			}
		}, func(port int) {
			agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true})
			steps := []func(done func()){
				func(done func()) {
					req, _ := http.Request(l, http.RequestOptions{Host: "127.0.0.1", Port: port, Agent: agent, Path: "/up", Headers: []string{"Connection", "Upgrade", "Upgrade", "echo"}}, nil)
					req.OnUpgrade(func(res *http.IncomingMessage, s *net.Socket, head []byte) {
						p.Log("upgrade", res.StatusCode, rawHeadersJSON(res), jsStringify(string(head)), "sockets", len(agent.Sockets()))
						s.OnData(func(d []byte) { p.Log("socket data", string(d)); s.Destroy(nil) })
						s.OnClose(func() { p.Log("socket close"); done() })
						s.Write([]byte("ping"), nil)
					})
					req.OnResponse(func(*http.IncomingMessage) { p.Log("response (unexpected)") })
					req.OnClose(func() { p.Log("req close") })
					req.OnError(func(e error) { p.Log("error", clientErrCode(e)) })
					req.End(nil)
				},
				func(done func()) {
					req, _ := http.Request(l, http.RequestOptions{Host: "127.0.0.1", Port: port, Agent: agent, Path: "/nolistener", Headers: []string{"Connection", "Upgrade", "Upgrade", "echo"}}, nil)
					req.OnResponse(func(*http.IncomingMessage) { p.Log("nolistener response") })
					req.OnClose(func() { p.Log("nolistener req close"); done() })
					req.OnError(func(e error) { p.Log("nolistener error", clientErrCode(e)) })
					req.End(nil)
				},
				func(done func()) {
					req, _ := http.Request(l, http.RequestOptions{Host: "127.0.0.1", Port: port, Agent: agent, Method: "CONNECT", Path: "example:443"}, nil)
					req.OnConnect(func(res *http.IncomingMessage, s *net.Socket, head []byte) {
						p.Log("connect", res.StatusCode, jsStringify(res.StatusMessage), jsStringify(string(head)))
						s.Destroy(nil)
						s.OnClose(func() { p.Log("tunnel close"); done() })
					})
					req.OnClose(func() { p.Log("connect req close") })
					req.OnError(func(e error) { p.Log("connect error", clientErrCode(e)) })
					req.End(nil)
				},
			}
			sequence(len(steps), func(i int, next func()) {
				steps[i](func() { l.SetImmediate(next) })
			}, func() {
				agent.Destroy()
				srv.Close(func(error) { srv.dump() })
			})
		})
		p.Run()
	})
	register("client/global_agent", func(p *P) {
		l := p.Loop()
		var srv *rawServer
		srv = newRawServer(p, func(s *net.Socket, req string, id, n int) {
			body := "c" + strconv.Itoa(id) + "r" + strconv.Itoa(n)
			s.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"+body), nil)
		}, func(port int) {
			get := func(name, host string, next func()) {
				var req *http.ClientRequest
				req, _ = http.Get(l, http.RequestOptions{Host: host, Port: port, Path: "/" + name}, func(res *http.IncomingMessage) {
					b := ""
					res.OnData(func(d []byte) { b += string(d) })
					res.OnEnd(func() { p.Log(name, "body", b, "reused", req.ReusedSocket) })
				})
				req.OnError(func(e error) { p.Log(name, "error", clientErrCode(e)) })
				req.OnClose(func() { l.SetImmediate(next) })
			}
			get("a", "127.0.0.1", func() {
				get("b", "127.0.0.1", func() {
					get("c", "localhost", func() {
						free := http.GlobalAgent(l).FreeSockets()
						keys := make([]string, 0, len(free))
						for k := range free {
							keys = append(keys, k)
						}
						sort.Strings(keys)
						var out []any
						for _, k := range keys {
							out = append(out, []any{strings.ReplaceAll(k, strconv.Itoa(port), "PORT"), free[k]})
						}
						p.Log("free", jsStringify(out))
						srv.Close(func(error) { srv.dump() })
						http.GlobalAgent(l).Destroy()
					})
				})
			})
		})
		p.Run()
	})
}

// trailersJSON prints res.trailers as JSON.stringify does.
func trailersJSON(m *http.IncomingMessage) string {
	t := m.Trailers()
	var b strings.Builder
	b.WriteByte('{')
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.RawTrailers); i += 2 {
		k := strings.ToLower(m.RawTrailers[i])
		if seen[k] {
			continue
		}
		seen[k] = true
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		var v any = t[k][0]
		if k == "set-cookie" {
			v = t[k]
		}
		b.WriteString(jsStringify(k) + ":" + jsStringify(v))
	}
	b.WriteByte('}')
	return b.String()
}

// codedErr is an error with a Node code, as a JS Error with .code.
type codedErr struct{ code, msg string }

func (e *codedErr) Error() string    { return e.msg }
func (e *codedErr) NodeCode() string { return e.code }

// sequence runs step(0, next), step(1, next), ... one after another, each
// when the one before calls next, then finish.
func sequence(n int, step func(i int, next func()), finish func()) {
	i := 0
	var next func()
	next = func() {
		if i == n {
			finish()
			return
		}
		i++
		step(i-1, next)
	}
	next()
}
