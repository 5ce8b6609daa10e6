package main

import (
	"log/slog"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/uv"
)

// The app uvhttp serves (issue 5, section 4). tests/parity/wire/app.js is
// the same app in JavaScript; the wire parity suite compares the two.

var intRE = regexp.MustCompile(`^-?\d+$`)

// intParam reads an integer query parameter the way app.js does: the raw
// text after the first '?', no decoding, default when not an integer.
func intParam(url, name string, def int) int {
	q := strings.IndexByte(url, '?')
	if q < 0 {
		return def
	}
	for _, part := range strings.Split(url[q+1:], "&") {
		k, v, _ := strings.Cut(part, "=")
		if k != name {
			continue
		}
		if !intRE.MatchString(v) {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return def
		}
		return n
	}
	return def
}

// newApp returns the app's server on loop; with logger, one structured
// line per request when its response closes (see logRequest); with px,
// every request but the static files' goes to the upstream instead of
// the app's routes.
func newApp(loop *uv.Loop, logger *slog.Logger, static *staticFiles, px *proxy) *http.Server {
	srv := http.CreateServer(loop, func(req *http.IncomingMessage, res *http.ServerResponse) {
		if logger != nil {
			// Read now: the request object may be reused once it is done.
			line := requestLine{start: time.Now(), method: req.Method, path: req.URL, remote: req.RemoteAddr()}
			res.OnClose(func() { line.log(logger, res) })
		}
		if static != nil && strings.HasPrefix(req.URL, staticPrefix) {
			p := req.URL
			if q := strings.IndexByte(p, '?'); q >= 0 {
				p = p[:q]
			}
			static.serve(req, res, p)
			return
		}
		if px != nil {
			px.serve(req, res)
			return
		}
		handle(loop, req, res)
	})
	if px != nil {
		// The idle upstream connections go when the server has closed.
		srv.OnClose(px.agent.Destroy)
	}
	return srv
}

// requestLine is what the access log says of a request, taken when it
// arrives.
type requestLine struct {
	start        time.Time
	method, path string
	remote       netip.AddrPort
}

// log writes the access log's line for a response that closed: on
// 'close' rather than 'finish', so a request whose client went away (or
// that the shutdown deadline cut) is logged too, with aborted=true.
// duration_ms runs from the request's arrival to the close, in
// milliseconds (fractional); remote is the client's address; status is
// 0 when no response head was sent (the client left first).
func (l *requestLine) log(logger *slog.Logger, res *http.ServerResponse) {
	status := res.StatusCode
	if !res.HeadersSent() {
		status = 0
	}
	path := l.path
	if q := strings.IndexByte(path, '?'); q >= 0 {
		path = path[:q]
	}
	logger.Info("request", "method", l.method, "path", path, "status", status,
		"bytes", res.BodyBytes(), "remote", l.remote.String(),
		"duration_ms", float64(time.Since(l.start).Microseconds())/1000,
		"aborted", !res.WritableFinished())
}

func handle(loop *uv.Loop, req *http.IncomingMessage, res *http.ServerResponse) {
	url := req.URL
	path := url
	if q := strings.IndexByte(url, '?'); q >= 0 {
		path = url[:q]
	}
	switch {
	case path == "/hello":
		res.SetHeader("Content-Type", "text/plain")
		res.EndString("Hello, World!\n", nil)
	case path == "/echo":
		res.StatusCode = 200
		ct := req.Header("content-type")
		if ct == "" {
			ct = "application/octet-stream"
		}
		res.SetHeader("Content-Type", ct)
		req.Pipe(res)
	case path == "/stream":
		n := intParam(url, "chunks", 4)
		size := max(intParam(url, "size", 16), 0)
		res.StatusCode = 200
		res.SetHeader("Content-Type", "text/plain")
		chunk := strings.Repeat("a", size)
		i := 0
		var pump func()
		pump = func() {
			for i < n {
				i++
				if !res.WriteString(chunk, nil) {
					events.Once0(&res.Emitter, events.Drain, pump)
					return
				}
			}
			res.End(nil)
		}
		pump()
	case path == "/headers":
		res.StatusCode = 200
		res.SetHeader("Content-Type", "text/plain")
		var b strings.Builder
		h := req.Headers()
		for _, name := range req.HeaderNames() {
			for _, v := range h[name] {
				b.WriteString(name)
				b.WriteString(": ")
				b.WriteString(v)
				b.WriteByte('\n')
			}
		}
		res.EndString(b.String(), nil)
	case strings.HasPrefix(path, "/status/"):
		s := path[len("/status/"):]
		code, err := strconv.Atoi(s)
		if err == nil && s != "" && s[0] != '+' && s[0] != '-' && code >= 100 && code <= 999 {
			res.StatusCode = code
			res.End(nil)
			return
		}
		notFound(res)
	case path == "/delay":
		ms := intParam(url, "ms", 100)
		loop.SetTimeout(func() {
			res.StatusCode = 200
			res.SetHeader("Content-Type", "text/plain")
			res.EndString("done\n", nil)
		}, time.Duration(ms)*time.Millisecond)
	case path == "/big":
		n := intParam(url, "bytes", 1024)
		res.StatusCode = 200
		res.SetHeader("Content-Type", "application/octet-stream")
		res.SetHeader("Content-Length", strconv.Itoa(n))
		res.EndString(strings.Repeat("b", max(n, 0)), nil)
	case path == "/info":
		res.StatusCode = 200
		res.SetHeader("Content-Type", "text/plain")
		res.EndString(req.Method+" "+req.URL+" HTTP/"+req.HTTPVersion+"\n", nil)
	default:
		notFound(res)
	}
}

func notFound(res *http.ServerResponse) {
	res.StatusCode = 404
	res.SetHeader("Content-Type", "text/plain")
	res.EndString("Not Found\n", nil)
}
