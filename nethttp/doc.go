// Package nethttp mounts Go's net/http handlers (a ServeMux, middleware,
// pprof, a metrics handler) on a uvgo http server:
//
//	mux := stdhttp.NewServeMux()
//	mux.HandleFunc("/hello", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
//		io.WriteString(w, "Hello, World!\n")
//	})
//	srv := http.CreateServer(loop, nethttp.Handler(mux))
//
// # Threading
//
// The handler Handler returns runs on the loop. For each request it copies
// what the net/http request needs (method, URL, proto, headers, Host,
// RemoteAddr, ContentLength) into a *net/http.Request, registers its
// listeners on the request and the response, and starts one goroutine
// that calls ServeHTTP. The loop never blocks on that goroutine: the
// goroutine reaches the response and the request only through
// uv.Loop.Post, and waits for the loop's answers on channels, each wait
// also ending when the loop is closed (ErrLoopStopped).
//
// A goroutine per request costs a goroutine start and at least one post
// (a wake-up of the loop's locked thread, tens of microseconds under
// load; see DESIGN.md): a bridged handler is slower than a native uvgo
// Handler and should serve what is not on the hot path, or what exists
// only for net/http.
//
// # Responses and backpressure
//
// The ResponseWriter follows net/http: the status is set once (a second
// WriteHeader is logged and ignored), the header map is frozen by
// WriteHeader or the first Write, a 1xx-free response without a
// Content-Type gets one sniffed from its first bytes (DetectContentType),
// a body that fits in 2048 bytes when the handler returns without a Flush
// gets a Content-Length (the uvgo response's End with data), a longer one
// is chunked; 204 and 304 take no body (ErrBodyNotAllowed), a Write beyond
// the handler's Content-Length fails with ErrContentLength, and a body
// shorter than it closes the connection. Trailers are sent when announced
// in a Trailer header or set with TrailerPrefix. Flush (http.Flusher, and
// FlushError for http.ResponseController) sends the head and what was
// gathered.
//
// Writes are gathered (Options.BufferSize) and handed to the loop, whose
// response writes them. At most four gathered writes are on their way to
// the response at once; one the response took below its high-water mark
// frees its place at once, one that reached the mark (Write returned
// false) only on 'drain'. So the handler's Write blocks exactly while the
// response is above its mark, and a handler writing a large body to a
// slow client holds at most the mark plus four writes (each BufferSize,
// or one Write's size when larger): memory stays flat. Each gathered
// write is copied once (io.Writer must not keep p), into memory the loop
// owns from then on.
//
// # Request bodies
//
// Body reads the IncomingMessage with backpressure: the request flows
// from the start (a small body is already there when the handler first
// reads); chunks wait until the handler reads them, and once
// Options.BodyHighWaterMark bytes wait the request is paused (and with it
// reading from the socket) until Read has taken half of them. A body cut
// short reads io.ErrUnexpectedEOF. Body implements io.WriterTo, so
// io.Copy hands the request's chunks on without a buffer. Header values
// reach the handler as the bytes the client sent (uvgo's request decodes
// header text as Latin-1, as Node does; the bridge undoes it, as net/http
// keeps bytes). Close discards the rest; the server
// drains whatever the handler did not read once the response has
// finished, as Node does.
//
// # Lifetime
//
// The request's Context is cancelled when the response closes before it
// finished (the client went away, the connection was destroyed), and,
// as in net/http, when ServeHTTP returns. A Write that waits for 'drain'
// then fails with ErrClientGone, as do later Writes and Flushes, and a
// body Read fails with io.ErrUnexpectedEOF: a handler that checks its
// errors or its context returns, and its goroutine with it.
//
// The uvgo server reuses a request and its response once both have
// emitted 'close' (http's "Object reuse"). The bridge never touches them
// after that: every function the goroutine posts checks, on the loop,
// whether the response (or the request) has closed, and the goroutine
// posts nothing to the response after End. A ResponseWriter or a Body
// used after ServeHTTP returned fails instead of reaching another
// request.
//
// # Panics
//
// A panic in ServeHTTP is recovered on its goroutine and never reaches
// the loop. Options.OnPanic gets it (the default logs it as net/http
// does); net/http's ErrAbortHandler is not reported. If nothing of the
// response was sent yet, the bridge answers 500 Internal Server Error;
// otherwise (and for ErrAbortHandler or runtime.Goexit) the connection is
// destroyed.
//
// # Differences from net/http
//
//   - A panic before anything was sent is answered 500; net/http closes
//     the connection without an answer. A client, a proxy or a log then
//     sees what happened, and the issue asked for it.
//   - Header names go out in net/http's canonical form and sorted order,
//     but Date, Connection, Keep-Alive and Content-Length or
//     Transfer-Encoding come after them, framed by uvgo's response
//     (Node's rules): keep-alive answers carry "Connection: keep-alive"
//     and "Keep-Alive: timeout=5", as Node's do.
//   - Informational statuses other than 100 (102, 103) are logged and
//     not sent: the uvgo response can only send 100 Continue before the
//     final head.
//   - There is no Hijacker (an upgrade belongs to the server's 'upgrade'
//     listener), no CloseNotifier (use the Context), and
//     ResponseController's deadlines are not supported (uvgo's timeouts
//     are ServerOptions and SetTimeout).
//   - The context carries no ServerContextKey or LocalAddrContextKey
//     value: there is no *net/http.Server.
//   - A request with Expect: 100-continue gets its 100 Continue from the
//     server when it arrives (Node's rule, without a checkContinue
//     listener), not at the handler's first Body read as in net/http.
//   - A request body the handler did not read is drained whole by the
//     server after the response (Node's rule); net/http reads up to
//     256 KiB of it and otherwise closes the connection.
package nethttp
