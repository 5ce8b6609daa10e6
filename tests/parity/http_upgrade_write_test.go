// The Go side of http/upgrade_write_drain.js: 'upgrade' hands the real
// *net.Socket, with its backpressure and 'drain'.

package parity

import (
	"bytes"
	"strings"
	"time"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/net"
)

func init() {
	register("http/upgrade_write_drain", func(p *P) {
		l := p.Loop()
		filler := bytes.Repeat([]byte{'f'}, 65536)
		payload := bytes.Repeat([]byte{'p'}, 65536)
		var server *http.Server
		server = http.CreateServer(l, func(*http.IncomingMessage, *http.ServerResponse) { p.Log("request (not expected)") })
		server.OnUpgrade(func(req *http.IncomingMessage, socket *net.Socket, head []byte) {
			p.Log("upgrade", req.URL, req.Header("upgrade"), "head", len(head))
			socket.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: slow\r\nConnection: Upgrade\r\n\r\n"), nil)
			for socket.Write(filler, nil) {
			}
			p.Log("filler: write returned false, needDrain", socket.WritableNeedDrain(), "queued", socket.WritableLength() > 0)
			i := 0
			var pump func()
			pump = func() {
				if i == 16 {
					p.Log("server: end")
					socket.End(nil)
					return
				}
				i++
				socket.Cork()
				r := socket.Write(payload, nil)
				p.Log("write", i, r, "writableLength", socket.WritableLength(), "needDrain", socket.WritableNeedDrain())
				socket.Uncork()
				if r {
					pump()
				}
			}
			drains := 0
			socket.OnDrain(func() {
				drains++
				p.Log("drain", drains, "writableLength", socket.WritableLength())
				pump()
			})
			socket.OnClose(func() {
				p.Log("server: socket close")
				server.Close(func(error) { p.Log("server closed") })
			})
		})
		server.Listen(0, "127.0.0.1", func() {
			c := net.Connect(l, int(server.Address().Port()), "127.0.0.1", nil)
			var head []byte
			upgraded := false
			pn, fn, other := 0, 0, 0
			count := func(d []byte) {
				for _, b := range d {
					switch b {
					case 'p':
						pn++
					case 'f':
						fn++
					default:
						other++
					}
				}
			}
			c.OnData(func(d []byte) {
				if !upgraded {
					head = append(head, d...)
					k := bytes.Index(head, []byte("\r\n\r\n"))
					if k < 0 {
						return
					}
					upgraded = true
					p.Log("client:", stringify(strings.Split(string(head), "\r\n")[0]))
					count(head[k+4:])
				} else {
					count(d)
				}
				c.Pause()
				l.SetTimeout(c.Resume, time.Millisecond)
			})
			c.OnEnd(func() {
				p.Log("client: end, payload bytes", pn, "filler is whole 64 KiB writes", fn > 0 && fn%65536 == 0, "other bytes", other)
				c.End(nil)
			})
			c.WriteString("GET /slow HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: slow\r\n\r\n", nil)
		})
		p.Run()
	})
}
