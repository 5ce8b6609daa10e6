package parity

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

// Unix-domain socket scenarios (net/pipe_*.js).

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// errCode is a *uv.Error's code name ("EADDRINUSE").
func errCode(err error) string {
	var ue *uv.Error
	if errors.As(err, &ue) {
		return ue.Name()
	}
	return code(err)
}

func init() {
	register("net/pipe_echo_event_order", func(p *P) {
		l := p.Loop()
		dir, err := os.MkdirTemp("", "uvgo-")
		if err != nil {
			p.Log("mkdtemp", err)
			return
		}
		file := filepath.Join(dir, "s.sock")
		var server *net.Server
		server = net.CreateServer(l, func(s *net.Socket) {
			p.Log("server: connection, remoteAddress empty", s.RemoteAddress() == "")
			s.OnData(func(d []byte) { p.Log("server: data", string(d)); s.Write(append([]byte(nil), d...), nil) })
			s.OnEnd(func() { p.Log("server: end") })
			s.OnFinish(func() { p.Log("server: finish") })
			s.OnSocketClose(func(had bool) { p.Log("server: close", had) })
		})
		server.OnListening(func() { p.Log("listening, address is the path", server.Path() == file) })
		server.OnClose(func() {
			p.Log("server close, file exists", exists(file))
			os.Remove(dir)
		})
		err = server.ListenPath(file, func() {
			fi, err := os.Stat(file)
			p.Log("socket file", err == nil && fi.Mode().Type() == os.ModeSocket)
			c := net.ConnectPath(l, file, nil)
			for _, ev := range []string{"connect", "ready", "end", "finish"} {
				events.On0(&c.Emitter, ev, func() { p.Log("client:", ev) })
			}
			c.OnData(func(d []byte) { p.Log("client: data", string(d)); c.End(nil) })
			c.OnSocketClose(func(had bool) {
				p.Log("client: close", had, "bytesRead", c.BytesRead(), "bytesWritten", c.BytesWritten())
				server.Close(nil)
			})
			c.WriteString("ping", nil)
			p.Log("client: pending", c.Pending(), "connecting", c.Connecting())
		})
		if err != nil {
			p.Log("listen error", err)
		}
		p.Run()
	})

	register("net/pipe_listen_errors", func(p *P) {
		l := p.Loop()
		dir, err := os.MkdirTemp("", "uvgo-")
		if err != nil {
			p.Log("mkdtemp", err)
			return
		}
		live := filepath.Join(dir, "live.sock")
		stale := filepath.Join(dir, "stale.sock")
		plain := filepath.Join(dir, "plain")
		os.WriteFile(plain, nil, 0o644)

		// Node's listen errors are 'error' events; uvgo returns them.
		listenOn := func(file string, next func(*net.Server)) {
			s := net.CreateServer(l, nil)
			err := s.ListenPath(file, func() { p.Log("listen", filepath.Base(file), "ok"); next(s) })
			if err != nil {
				p.Log("listen", filepath.Base(file), errCode(err), "listening", s.Listening())
				l.NextTick(func() { next(nil) })
			}
		}
		connectTo := func(file string, next func()) {
			c := net.ConnectPath(l, file, nil)
			c.OnConnect(func() { p.Log("connected?!") })
			c.OnError(func(e error) { p.Log("connect", filepath.Base(file), errnoName(e)) })
			c.OnSocketClose(func(had bool) { p.Log("close", had); next() })
		}
		tmp := net.CreateServer(l, nil)
		tmpFile := filepath.Join(dir, "tmp.sock")
		tmp.ListenPath(tmpFile, func() {
			os.Rename(tmpFile, stale)
			tmp.Close(func(error) {
				listenOn(live, func(srv *net.Server) {
					listenOn(live, func(*net.Server) {
						listenOn(stale, func(*net.Server) {
							listenOn(plain, func(*net.Server) {
								p.Log("stale still there", exists(stale), "plain still there", exists(plain))
								connectTo(stale, func() {
									connectTo(filepath.Join(dir, "missing"), func() {
										srv.Close(func(error) {
											p.Log("live removed", !exists(live))
											os.Remove(stale)
											os.Remove(plain)
											os.Remove(dir)
										})
									})
								})
							})
						})
					})
				})
			})
		})
		p.Run()
	})

	register("http/pipe_server", func(p *P) {
		l := p.Loop()
		dir, err := os.MkdirTemp("", "uvgo-")
		if err != nil {
			p.Log("mkdtemp", err)
			return
		}
		file := filepath.Join(dir, "http.sock")
		js := func(s string) string { b, _ := json.Marshal(s); return string(b) }
		var server *http.Server
		server = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			var body strings.Builder
			req.OnData(func(d []byte) { body.Write(d) })
			req.OnEnd(func() {
				p.Log("request", req.Method, req.URL, "remoteAddress empty", !req.RemoteAddr().IsValid(), "body", js(body.String()))
				res.SetHeader("Content-Type", "text/plain")
				res.EndString(req.Method+" "+req.URL+" "+strconv.Itoa(body.Len())+"\n", nil)
			})
			u := req.URL
			res.OnFinish(func() { p.Log("finish", u) })
		})
		server.OnConnection(func(s *net.Socket) { p.Log("connection, remoteAddress empty", s.RemoteAddress() == "") })
		date := regexp.MustCompile(`Date: [^\r]*`)
		err = server.ListenPath(file, func() {
			p.Log("listening, address is the path", server.Path() == file)
			c := net.ConnectPath(l, file, nil)
			var got strings.Builder
			c.OnData(func(d []byte) {
				got.Write(d)
				g := got.String()
				if strings.Count(g, "HTTP/1.1 ") == 2 && strings.HasSuffix(g, "\n") && strings.Contains(g, "POST /b 5") {
					for _, line := range strings.Split(date.ReplaceAllString(g, "Date: -"), "\r\n") {
						p.Log("client:", js(line))
					}
					c.End(nil)
				}
			})
			c.OnClose(func() {
				server.Close(func(error) {
					p.Log("closed, file exists", exists(file))
					os.Remove(dir)
				})
			})
			c.WriteString("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", nil)
		})
		if err != nil {
			p.Log("listen error", err)
		}
		p.Run()
	})
}
