package parity

import (
	"regexp"
	"strings"
	"time"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/net"
)

var dateLine = regexp.MustCompile(`Date: [^\r]*\r\n`)

func init() {
	register("http/header_rules", func(p *P) {
		l := p.Loop()
		var server *http.Server
		server = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			switch req.URL {
			case "/204":
				res.WriteHead(204, "Transfer-Encoding", "chunked")
				res.End(nil)
			case "/304":
				res.SetHeader("Transfer-Encoding", "chunked")
				res.StatusCode = 304
				res.End(nil)
			case "/204ka":
				res.WriteHead(204, "Transfer-Encoding", "chunked", "Connection", "keep-alive")
				res.End(nil)
			case "/head":
				res.SetHeader("Transfer-Encoding", "chunked")
				res.End(nil)
			case "/ka":
				res.SetHeader("Keep-Alive", "timeout=50")
				res.EndString("x", nil)
			case "/nodate":
				res.RemoveHeader("Date")
				res.EndString("x", nil)
			case "/rmcl":
				res.RemoveHeader("Content-Length")
				res.EndString("abc", nil)
			case "/rmte":
				res.RemoveHeader("Transfer-Encoding")
				res.WriteString("a", nil)
				res.EndString("bc", nil)
			case "/rmconn":
				res.RemoveHeader("Connection")
				res.EndString("abc", nil)
			case "/rawdup", "/setdup":
				if req.URL == "/setdup" {
					res.SetHeader("X-Pre", "p")
				}
				res.WriteHead(200, "Set-Cookie", "a=1", "X-B", "2", "Set-Cookie", "b=2")
				v, ok := res.GetHeader("x-b")
				if !ok {
					v = "undefined"
				}
				res.EndString(v, nil)
			default:
				res.EndString("ok", nil)
			}
		})
		reqs := [][2]string{{"GET", "/204"}, {"GET", "/304"}, {"GET", "/204ka"}, {"HEAD", "/head"}, {"GET", "/ka"},
			{"GET", "/nodate"}, {"GET", "/rmcl"}, {"GET", "/rmte"}, {"GET", "/rmconn"}, {"GET", "/rawdup"}, {"GET", "/setdup"}}
		server.Listen(0, "127.0.0.1", func() {
			i := 0
			var next func()
			next = func() {
				if i == len(reqs) {
					server.Close(func(error) { p.Log("server closed") })
					return
				}
				method, path := reqs[i][0], reqs[i][1]
				i++
				c := net.Connect(l, int(server.Address().Port()), "127.0.0.1", nil)
				c.WriteString(method+" "+path+" HTTP/1.1\r\nHost: x\r\n\r\n", nil)
				var out strings.Builder
				c.OnData(func(d []byte) { out.Write(d) })
				show := func(state string) {
					p.Log(method, path, state, stringify(dateLine.ReplaceAllString(out.String(), "Date: DATE\r\n")))
				}
				done := false
				t := l.SetTimeout(func() {
					done = true
					show("open")
					c.Destroy(nil)
					next()
				}, 300*time.Millisecond)
				c.OnEnd(func() {
					if done {
						return
					}
					l.ClearTimeout(t)
					show("closed")
					c.Destroy(nil)
					next()
				})
			}
			next()
		})
		p.Run()
	})
}

func init() {
	register("http/timeouts", func(p *P) {
		l := p.Loop()
		client := func(port int, data, label string, then func()) *net.Socket {
			c := net.Connect(l, port, "127.0.0.1", nil)
			if data != "" {
				c.WriteString(data, nil)
			}
			var out strings.Builder
			c.OnData(func(d []byte) { out.Write(d) })
			c.OnClose(func() {
				p.Log(label, "client closed", stringify(dateLine.ReplaceAllString(out.String(), "Date: DATE\r\n")))
				then()
			})
			return c
		}
		stepB := func() {
			var b *http.Server
			b = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
				p.Log("b request", req.URL)
				if req.URL == "/body" {
					req.SetTimeout(150*time.Millisecond, func() {
						p.Log("req timeout, complete", req.Complete)
						res.EndString("timed out", nil)
					})
				}
			})
			b.SetTimeout(150*time.Millisecond, func(sock *net.Socket) {
				p.Log("server timeout, socket", sock != nil)
				sock.Destroy(nil)
			})
			b.Listen(0, "127.0.0.1", func() {
				port := int(b.Address().Port())
				client(port, "GET /hang HTTP/1.1\r\nHost: x\r\n\r\n", "hang:", func() {
					var c *net.Socket
					c = client(port, "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345", "body:", func() {
						b.Close(func(error) { p.Log("server b closed") })
					})
					c.OnData(func([]byte) { c.Destroy(nil) })
				})
			})
		}
		a := http.NewServer(l, http.ServerOptions{HeadersTimeout: 300 * time.Millisecond, ConnectionsCheckEvery: 50 * time.Millisecond},
			func(*http.IncomingMessage, *http.ServerResponse) {})
		a.Listen(0, "127.0.0.1", func() {
			client(int(a.Address().Port()), "", "silent:", func() {
				a.Close(func(error) { p.Log("server a closed"); stepB() })
			})
		})
		p.Run()
	})
}
