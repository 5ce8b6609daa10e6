package nethttp

import (
	"context"
	"errors"
	"fmt"
	"log"
	stdhttp "net/http"
	"runtime"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/uv"
)

// DefaultBufferSize is how many response bytes a handler's writes gather
// before they are handed to the loop (Options.BufferSize).
const DefaultBufferSize = 4096

// DefaultBodyHighWaterMark is how many request body bytes may wait for the
// handler's Read before the request is paused (Options.BodyHighWaterMark).
const DefaultBodyHighWaterMark = 64 << 10

// headBufferSize is net/http's bufferBeforeChunkingSize: a response whose
// whole body fits in it when the handler returns gets a Content-Length,
// and its Content-Type is sniffed from these first bytes.
const headBufferSize = 2048

// ErrClientGone is returned by a ResponseWriter's Write (and Flush's
// FlushError) once the response has closed before it finished: the
// client went away or the connection was destroyed.
var ErrClientGone = errors.New("nethttp: client connection closed before the response finished")

// ErrLoopStopped is returned by a ResponseWriter's Write, and by the
// request body's Read, when the loop has been closed while they waited.
var ErrLoopStopped = errors.New("nethttp: the uv loop was closed")

// Options configure a bridged handler. The zero value of each field is
// its default.
type Options struct {
	// BaseContext is the parent of every request's context (default
	// context.Background()). It is read on the loop for each request.
	BaseContext context.Context
	// BufferSize is how many bytes of a handler's writes are gathered
	// before they are posted to the loop (DefaultBufferSize). A write at
	// least this large is posted as it is. The first 2048 bytes of a
	// response are always gathered, as net/http does, to choose between
	// Content-Length and chunked and to sniff the Content-Type.
	BufferSize int
	// BodyHighWaterMark is how many request body bytes may wait unread
	// before the request is paused (DefaultBodyHighWaterMark).
	BodyHighWaterMark int
	// OnPanic is called on the handler's goroutine with the request, the
	// value a handler panicked with and the stack. The default logs them
	// with the log package as net/http does ("http: panic serving ...").
	// A panic with net/http's ErrAbortHandler is not reported.
	OnPanic func(r *stdhttp.Request, v any, stack []byte)
	// Logf reports misuse that net/http logs (a superfluous WriteHeader, a
	// header the response refuses). The default is log.Printf.
	Logf func(format string, args ...any)
}

// Handler returns a uvgo request handler that serves every request with
// h, each on its own goroutine (see the package documentation). It is
// HandlerWith with the default Options.
func Handler(h stdhttp.Handler) http.Handler { return HandlerWith(h, Options{}) }

// HandlerWith is Handler with options. The returned handler must be used
// on servers of one loop or several; it holds no per-loop state.
func HandlerWith(h stdhttp.Handler, o Options) http.Handler {
	if h == nil {
		panic("nethttp: HandlerWith(nil): pass a net/http Handler (http.DefaultServeMux for the default mux)")
	}
	if o.BufferSize <= 0 {
		o.BufferSize = DefaultBufferSize
	}
	if o.BodyHighWaterMark <= 0 {
		o.BodyHighWaterMark = DefaultBodyHighWaterMark
	}
	if o.Logf == nil {
		o.Logf = log.Printf
	}
	if o.OnPanic == nil {
		logf := o.Logf
		o.OnPanic = func(r *stdhttp.Request, v any, stack []byte) {
			logf("http: panic serving %v: %v\n%s", r.RemoteAddr, v, stack)
		}
	}
	return func(req *http.IncomingMessage, res *http.ServerResponse) {
		serve(h, &o, req, res)
	}
}

// serve runs on the loop: it builds the exchange and the request, then
// hands them to a new goroutine.
func serve(h stdhttp.Handler, o *Options, req *http.IncomingMessage, res *http.ServerResponse) {
	loop, ok := res.Loop().(*uv.Loop)
	if !ok {
		panic(fmt.Sprintf("nethttp: the response's scheduler is a %T, not a *uv.Loop", res.Loop()))
	}
	x := newExchange(loop, req, res, o)
	parent := o.BaseContext
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	x.cancel = cancel
	r, err := newRequest(ctx, x)
	if err != nil {
		cancel()
		res.StatusCode = stdhttp.StatusBadRequest
		_ = res.SetHeader("Content-Type", "text/plain; charset=utf-8")
		_ = res.SetHeader("Connection", "close")
		res.EndString("400 Bad Request: "+err.Error(), nil)
		return
	}
	res.OnDrain(x.onDrain)
	res.OnClose(x.onResClose)
	req.OnClose(func() { x.reqGone = true })
	w := newResponseWriter(x, r)
	go run(h, w, r)
}

// run is the handler's goroutine: it calls h, then completes the response
// from what h did, or answers a panic.
func run(h stdhttp.Handler, w *responseWriter, r *stdhttp.Request) {
	x := w.x
	normal := false
	defer func() {
		x.cancel()
		if b, ok := r.Body.(*body); ok {
			b.release()
		}
		if normal {
			return
		}
		v := recover()
		if v != nil && v != stdhttp.ErrAbortHandler {
			buf := make([]byte, 64<<10)
			buf = buf[:runtime.Stack(buf, false)]
			x.o.OnPanic(r, v, buf)
		}
		if v == nil || v == stdhttp.ErrAbortHandler || w.sent {
			// runtime.Goexit, an abort, or a panic after the head went
			// out: the response cannot be completed, so the connection
			// goes, as net/http closes it.
			w.abort()
			return
		}
		w.internalError()
	}()
	h.ServeHTTP(w, r)
	w.finish()
	normal = true
}
