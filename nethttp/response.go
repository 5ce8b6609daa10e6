package nethttp

import (
	"errors"
	"fmt"
	stdhttp "net/http"
	"net/textproto"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// errHandlerDone is returned by a Write after the handler returned.
var errHandlerDone = errors.New("nethttp: Write after the handler returned (a ResponseWriter is valid only while ServeHTTP runs)")

// responseWriter is the net/http ResponseWriter of one bridged request.
// Its methods run on the handler's goroutine (net/http's rule too: a
// ResponseWriter is not safe for concurrent use); it reaches the
// response only through the exchange.
type responseWriter struct {
	x      *exchange
	header stdhttp.Header
	snap   stdhttp.Header // the header as WriteHeader froze it
	status int
	method string

	wroteHeader bool  // WriteHeader (explicit or implied) happened
	sent        bool  // the head was posted to the loop
	ended       bool  // End (or a destroy) was posted: res is off limits
	err         error // sticky: the response is gone or the loop stopped
	bodyOK      bool  // the status allows a body
	declared    int64 // the handler's Content-Length, -1 if none
	written     int64
	buf         []byte // gathered bytes, handed to the loop on a flush
}

func newResponseWriter(x *exchange, r *stdhttp.Request) *responseWriter {
	return &responseWriter{x: x, header: make(stdhttp.Header), method: r.Method, declared: -1}
}

// Header returns the header map that WriteHeader (or the first Write)
// sends. Changes after that are ignored, except trailers.
func (w *responseWriter) Header() stdhttp.Header { return w.header }

// WriteHeader sets the status and freezes the header, as net/http's does.
// 100 Continue is sent at once; other 1xx codes are not supported and
// only logged.
func (w *responseWriter) WriteHeader(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	if w.wroteHeader {
		if _, file, line, ok := runtime.Caller(1); ok {
			w.x.o.Logf("http: superfluous response.WriteHeader call from %s:%d", file, line)
		} else {
			w.x.o.Logf("http: superfluous response.WriteHeader call")
		}
		return
	}
	if code >= 100 && code <= 199 && code != stdhttp.StatusSwitchingProtocols {
		if code == stdhttp.StatusContinue && !w.ended {
			x := w.x
			_ = x.post(func() {
				if !x.resGone && !x.res.HeadersSent() {
					x.res.WriteContinue()
				}
			})
		} else {
			w.x.o.Logf("nethttp: informational status %d is not supported and was not sent", code)
		}
		return
	}
	w.wroteHeader = true
	w.status = code
	w.snap = w.header.Clone()
	w.bodyOK = bodyAllowed(code)
	if cl := w.snap.Get("Content-Length"); cl != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(cl), 10, 64)
		if err != nil || n < 0 {
			w.x.o.Logf("http: invalid Content-Length of %q", cl)
			w.snap.Del("Content-Length")
		} else {
			w.declared = n
		}
	}
}

// Write gathers p and hands the gathered bytes to the response when there
// are enough of them. It blocks while the response is above its
// high-water mark, until 'drain'; once the client has gone it returns
// ErrClientGone.
func (w *responseWriter) Write(p []byte) (int, error) {
	if w.ended {
		return 0, errHandlerDone
	}
	if !w.wroteHeader {
		w.WriteHeader(stdhttp.StatusOK)
	}
	if w.err != nil {
		return 0, w.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if !w.bodyOK {
		return 0, stdhttp.ErrBodyNotAllowed
	}
	if w.declared >= 0 && w.written+int64(len(p)) > w.declared {
		return 0, stdhttp.ErrContentLength
	}
	w.written += int64(len(p))
	limit := w.x.o.BufferSize
	if !w.sent {
		limit = headBufferSize
	}
	if len(w.buf)+len(p) <= limit {
		w.buf = append(w.buf, p...)
		return len(p), nil
	}
	var data []byte
	if len(w.buf) == 0 {
		data = append([]byte(nil), p...)
	} else {
		data = append(w.buf, p...)
	}
	w.buf = nil
	if err := w.send(data); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush sends the head and the gathered bytes (http.Flusher).
func (w *responseWriter) Flush() { _ = w.FlushError() }

// FlushError is Flush that reports the response's error (what
// http.ResponseController.Flush calls).
func (w *responseWriter) FlushError() error {
	if w.ended {
		return errHandlerDone
	}
	if !w.wroteHeader {
		w.WriteHeader(stdhttp.StatusOK)
	}
	if w.err != nil {
		return w.err
	}
	if w.sent && len(w.buf) == 0 {
		return nil
	}
	data := w.buf
	w.buf = nil
	return w.send(data)
}

// send posts the head (the first time) and data to the response, once
// it has a write credit: it blocks only while the response is above its
// high-water mark. data is the loop's from now on.
func (w *responseWriter) send(data []byte) error {
	x := w.x
	if err := x.credit(); err != nil {
		w.err = err
		return err
	}
	var hd *head
	if !w.sent {
		hd = w.makeHead(data)
		w.sent = true
	}
	if err := x.post(func() {
		if x.resGone {
			return
		}
		if hd != nil {
			hd.apply(x)
		}
		switch {
		case len(data) > 0:
			if !x.res.Write(data, nil) {
				x.owed++ // given back on 'drain'
				return
			}
		case hd != nil:
			x.res.FlushHeaders()
		}
		x.credits <- struct{}{}
	}); err != nil {
		w.err = err
		return err
	}
	return nil
}

// finish completes the response after the handler returned: the head if
// not sent yet, the gathered bytes, the trailers, and End. It does not
// wait: the goroutine is done with the response.
func (w *responseWriter) finish() {
	if !w.wroteHeader {
		w.WriteHeader(stdhttp.StatusOK)
	}
	if w.err != nil || w.ended {
		return
	}
	if w.bodyOK && w.declared >= 0 && w.written < w.declared && w.method != stdhttp.MethodHead {
		// Fewer bytes than the handler's Content-Length: net/http sends
		// them and closes the connection; so does the bridge.
		if len(w.buf) > 0 || !w.sent {
			data := w.buf
			w.buf = nil
			if w.send(data) != nil {
				return
			}
		}
		w.abort()
		return
	}
	var hd *head
	if !w.sent {
		hd = w.makeHead(w.buf)
		w.sent = true
	}
	trailers := w.trailers()
	data := w.buf
	w.buf = nil
	w.ended = true
	x := w.x
	_ = x.post(func() {
		if x.resGone {
			return
		}
		if hd != nil {
			hd.apply(x)
		}
		if len(trailers) > 0 {
			if err := x.res.AddTrailers(trailers...); err != nil {
				x.o.Logf("nethttp: trailers dropped: %v", err)
			}
		}
		if len(data) > 0 && (hd == nil || hd.chunked) {
			x.res.Write(data, nil)
			data = nil
		}
		if len(data) > 0 {
			x.res.EndWith(data, nil)
		} else {
			x.res.End(nil)
		}
	})
}

// abort destroys the connection: the response cannot be completed.
func (w *responseWriter) abort() {
	if w.ended {
		return
	}
	w.ended = true
	x := w.x
	_ = x.post(func() {
		if !x.resGone {
			x.res.Destroy(nil)
		}
	})
}

// internalError answers 500 for a handler that panicked before anything
// of its response was sent.
func (w *responseWriter) internalError() {
	if w.ended {
		return
	}
	w.ended = true
	x := w.x
	_ = x.post(func() {
		if x.resGone {
			return
		}
		x.res.StatusCode = stdhttp.StatusInternalServerError
		_ = x.res.SetHeader("Content-Type", "text/plain; charset=utf-8")
		_ = x.res.SetHeader("X-Content-Type-Options", "nosniff")
		x.res.EndString("Internal Server Error\n", nil)
	})
}

// trailers returns the trailer fields to send: those the Trailer header
// announced, with their values set after WriteHeader, and those set with
// net/http's TrailerPrefix.
func (w *responseWriter) trailers() []string {
	var kv []string
	for _, v := range w.snap["Trailer"] {
		for _, k := range strings.Split(v, ",") {
			k = textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k))
			for _, val := range w.header[k] {
				kv = append(kv, k, cleanValue(val))
			}
		}
	}
	for k, vals := range w.header {
		if name, ok := strings.CutPrefix(k, stdhttp.TrailerPrefix); ok {
			for _, val := range vals {
				kv = append(kv, name, cleanValue(val))
			}
		}
	}
	return kv
}

// head is a frozen response head, built on the goroutine and applied on
// the loop.
type head struct {
	status  int
	names   []string
	vals    [][]string
	chunked bool // trailers announced: the body must be chunked
}

// makeHead freezes the head to send before first (the first bytes of the
// body): net/http's rules for the Content-Type it sniffs and the headers
// a status without a body drops.
func (w *responseWriter) makeHead(first []byte) *head {
	h := w.snap
	if w.bodyOK {
		_, haveType := h["Content-Type"]
		hasTE := h.Get("Transfer-Encoding") != ""
		hasCE := h.Get("Content-Encoding") != ""
		if !haveType && !hasTE && !hasCE && len(first) > 0 {
			h.Set("Content-Type", stdhttp.DetectContentType(first))
		}
	} else {
		drop := []string{"Content-Length", "Transfer-Encoding"}
		if w.status == stdhttp.StatusNotModified {
			drop = append(drop, "Content-Type")
		}
		for _, k := range drop {
			delete(h, k)
		}
	}
	hd := &head{status: w.status}
	names := make([]string, 0, len(h))
	for k, v := range h {
		if len(v) > 0 && !strings.HasPrefix(k, stdhttp.TrailerPrefix) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		vals := make([]string, len(h[k]))
		for i, v := range h[k] {
			vals[i] = cleanValue(v)
		}
		hd.names = append(hd.names, k)
		hd.vals = append(hd.vals, vals)
	}
	hd.chunked = len(h["Trailer"]) > 0
	return hd
}

// apply sets the head on the response (on the loop). A header the
// response refuses (a name that is not a token) is dropped and logged,
// as net/http drops it.
func (hd *head) apply(x *exchange) {
	x.res.StatusCode = hd.status
	if t := stdhttp.StatusText(hd.status); t != "" {
		x.res.StatusMessage = t
	} else {
		x.res.StatusMessage = "status code " + strconv.Itoa(hd.status)
	}
	for i, k := range hd.names {
		if err := x.res.SetHeaderValues(k, hd.vals[i]); err != nil {
			x.o.Logf("http: invalid header field %q dropped: %v", k, err)
		}
	}
}

// cleanValue is net/http's header value cleanup: each CR and LF becomes a
// space, and the value is trimmed of surrounding blanks.
func cleanValue(v string) string {
	if strings.ContainsAny(v, "\r\n") {
		v = strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
	}
	return textproto.TrimString(v)
}

// bodyAllowed is net/http's bodyAllowedForStatus.
func bodyAllowed(status int) bool {
	switch {
	case status >= 100 && status <= 199:
		return false
	case status == 204, status == 304:
		return false
	}
	return true
}
