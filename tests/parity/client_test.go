package parity

import (
	"strconv"
	"strings"

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
}
