package parity

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/net"
)

// chunkedCount decodes a chunked body held in s (after the head) and returns
// the number of chunks and how many of their bytes are b.
func chunkedCount(s string, b byte) (chunks, n int) {
	for {
		eol := strings.Index(s, "\r\n")
		size, _ := strconv.ParseInt(s[:eol], 16, 64)
		if size == 0 {
			return
		}
		chunks++
		n += strings.Count(s[eol+2:eol+2+int(size)], string(b))
		s = s[eol+2+int(size)+2:]
	}
}

// The Go sides of http/res_write_64k.js and http/pipelined_write_waiting.js:
// res.write()'s return value and res.writableLength (issue 10).
func init() {
	register("http/res_write_64k", func(p *P) {
		l := p.Loop()
		chunk := bytes.Repeat([]byte{'z'}, 65536)
		var server *http.Server
		server = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			res.SetHeader("Content-Type", "text/plain")
			show := func(what string, r bool) {
				p.Log(what, r, "writableLength", res.WritableLength(), "needDrain", res.WritableNeedDrain())
			}
			for i := 1; i <= 4; i++ {
				show("write "+strconv.Itoa(i), res.Write(chunk, nil))
			}
			round := 0
			res.OnDrain(func() {
				round++
				p.Log("drain", round, "writableLength", res.WritableLength())
				if round == 1 {
					show("write 5", res.Write(chunk, nil))
					show("write 6", res.Write(chunk, nil))
				} else {
					res.End(func(error) { p.Log("end callback") })
					p.Log("after end: writableLength", res.WritableLength(), "writableEnded", res.WritableEnded())
				}
			})
			// Bounds the scenario where 'drain' never comes (silent in Node).
			guard := l.SetTimeout(func() { p.Log("no drain within 3 s"); res.End(nil) }, 3*time.Second)
			res.OnFinish(func() { guard.Close(); p.Log("finish") })
		})
		server.Listen(0, "127.0.0.1", func() {
			var c *net.Socket
			c = net.Connect(l, int(server.Address().Port()), "127.0.0.1", nil)
			var got []byte
			c.OnData(func(d []byte) {
				got = append(got, d...)
				if bytes.HasSuffix(got, []byte("\r\n0\r\n\r\n")) {
					s := string(got)
					chunks, n := chunkedCount(s[strings.Index(s, "\r\n\r\n")+4:], 'z')
					p.Log("client: chunks", chunks, "z bytes", n)
					c.End(nil)
				}
			})
			c.OnClose(func() { server.Close(func(error) { p.Log("server closed") }) })
			c.WriteString("GET / HTTP/1.1\r\nHost: x\r\n\r\n", nil)
		})
		p.Run()
	})

	register("http/pipelined_write_waiting", func(p *P) {
		l := p.Loop()
		chunk := bytes.Repeat([]byte{'w'}, 8192)
		var server *http.Server
		server = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			u := req.URL
			res.OnFinish(func() { p.Log(u, "finish") })
			if u == "/1" {
				l.SetTimeout(func() { p.Log("ending /1"); res.EndString("one", nil) }, 30*time.Millisecond)
				return
			}
			res.OnDrain(func() {
				p.Log(u, "drain", "writableLength", res.WritableLength())
				res.End(nil)
			})
			for i := 1; i <= 4; i++ {
				r := res.Write(chunk, nil)
				p.Log(u, "write", i, r, "writableLength", res.WritableLength(), "needDrain", res.WritableNeedDrain())
			}
			l.SetImmediate(func() {
				r := res.Write(chunk, nil)
				p.Log(u, "later write", r, "writableLength", res.WritableLength(), "needDrain", res.WritableNeedDrain())
			})
		})
		server.Listen(0, "127.0.0.1", func() {
			var c *net.Socket
			c = net.Connect(l, int(server.Address().Port()), "127.0.0.1", nil)
			var got []byte
			c.OnData(func(d []byte) {
				got = append(got, d...)
				if bytes.HasSuffix(got, []byte("\r\n0\r\n\r\n")) {
					s := string(got)
					p.Log("client: responses", strings.Count(s, "HTTP/1.1 200 OK"), "w bytes", strings.Count(s, "w"),
						"one first", strings.Index(s, "one") < strings.Index(s, "w"))
					c.End(nil)
				}
			})
			c.OnClose(func() { server.Close(func(error) { p.Log("server closed") }) })
			c.WriteString("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n", nil)
		})
		p.Run()
	})
}
