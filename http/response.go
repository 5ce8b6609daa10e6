package http

import (
	"slices"
	"strconv"
	"time"
	"unsafe"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/lent"
	"github.com/uvgo/uvgo/internal/nodeerr"
	"github.com/uvgo/uvgo/stream"
)

// Errors of the response API, with Node's codes.
var (
	ErrHeadersSent       = nodeerr.New("ERR_HTTP_HEADERS_SENT", "Cannot set headers after they are sent to the client")
	ErrInvalidStatusCode = nodeerr.NewKind("RangeError", "ERR_HTTP_INVALID_STATUS_CODE", "Invalid status code")
	// ErrInvalidHeaderName is returned for a header name that is not an
	// HTTP token.
	ErrInvalidHeaderName = nodeerr.NewKind("TypeError", "ERR_INVALID_HTTP_TOKEN", "Header name must be a valid HTTP token")
	// ErrInvalidHeaderChar is returned for a header value with a control
	// character (CR and LF included, so a value cannot split the
	// response): anything but TAB, 0x20-0x7e and bytes >= 0x80.
	ErrInvalidHeaderChar = nodeerr.NewKind("TypeError", "ERR_INVALID_CHAR", "Invalid character in header content")
	// ErrInvalidHeaderPairs is returned by WriteHead for an odd number of
	// header strings (Node's ERR_INVALID_ARG_VALUE for a raw header array
	// of odd length).
	ErrInvalidHeaderPairs = nodeerr.NewKind("TypeError", "ERR_INVALID_ARG_VALUE", "The argument 'headers' is invalid")
)

type header struct {
	name   string // as set
	lower  string
	values []string
}

// ServerResponse is Node 20's http.ServerResponse: a stream.Writable whose
// bytes go to the connection with HTTP/1.1 framing. Loop thread only.
//
// Framing follows Node exactly: End with data before any Write sends a
// Content-Length; writes without one are chunked; HEAD, 204, 304 and 1xx
// responses carry no body framing; a response to HTTP/1.0 is
// close-delimited unless the app set Content-Length (or the request asked
// for chunked with TE). Header order: headers as set, then Date,
// Connection, Keep-Alive, then Content-Length or Transfer-Encoding.
type ServerResponse struct {
	stream.Writable
	conn *conn
	req  *IncomingMessage

	StatusCode    int
	StatusMessage string
	// SendDate adds a Date header (default true).
	SendDate bool

	headers     []header
	headersSent bool // Node's headersSent: the head exists
	wroteHead   bool // the head was handed to the connection
	chunked     bool
	hasBody     bool
	last        bool // close the connection after this response
	keepAlive   bool
	chunkedOK   bool // useChunkedEncodingByDefault
	contentLen  int  // -1: not computed
	ending      bool
	atHead      bool
	finishedRes bool
	closing     bool     // the server destroys it: the connection stays
	closeSent   bool     // 'close' was emitted
	retireLater bool     // closed before its request was received: reuse both after
	finalDone   bool     // Final ran: every byte of the response was emitted
	cell        *resCell // the stream implementation, moving with the pooled state; nil once it moved on
	expectCont  bool
	removedConn bool // RemoveHeader("Connection"): Node's _removedConnection
	removedCL   bool // RemoveHeader("Content-Length"): no automatic one
	removedTE   bool // RemoveHeader("Transfer-Encoding"): no automatic chunking
	setAny      bool // a header was set: Node's kOutHeaders exists (WriteHead)
	bodyBytes   int64

	// room for the first headers set, so SetHeader allocates nothing for
	// a small response (more than that allocate)
	hdrBuf [2]header
	valBuf [2]string
	nval   int
}

// A response's writes copy what the socket does not take at once and
// release their chunks: a pipe may hand it lent ones.
func init() { lent.Trust((*ServerResponse)(nil)) }

// BodyBytes returns the body bytes written so far (framing excluded).
func (r *ServerResponse) BodyBytes() int64 { return r.bodyBytes }

// resWork is what only a response in progress needs: it lives in the
// response's cell, which moves on with the pooled state, so a finished
// response that user code keeps does not carry it (the per-request
// allocation stays small).
type resWork struct {
	headerBytes []byte      // the rendered head, once headers were stored
	pending     []byte      // output while not at the head of the queue
	held        func(error) // its Final's callback, held while not at the head
	early       int         // its bytes handed to the socket before it had it: still its outputSize for Node
	trailers    []header
}

// resCell binds a response's stream implementation and the server's
// 'finish' listener to whichever response currently owns the pooled
// stream state (made once per state, moved with it).
type resCell struct {
	r         *ServerResponse
	write     func(stream.Chunk, func(error))
	final     func(func(error))
	destroy   func(error, func(error))
	saturated func() bool
	finish    *events.Listener
	resWork
	// where the head is rendered, unless it is longer (scratch: the bytes
	// go to the socket before the response finishes)
	headBuf [256]byte
	// where a chunk's size line is rendered (scratch: the socket copies it)
	sizeLine [20]byte
}

func (k *resCell) writeImpl(c stream.Chunk, cb func(error)) { k.r.writeImpl(c, cb) }
func (k *resCell) finalImpl(cb func(error))                 { k.r.finalImpl(cb) }
func (k *resCell) destroyImpl(err error, cb func(error))    { k.r.destroyImpl(err, cb) }
func (k *resCell) saturatedImpl() bool                      { return k.r.saturated() }
func (k *resCell) finished()                                { k.r.serverFinished() }

// newResponse readies req's response (the other half of its exchange):
// with the stream state of the finished response that came with the
// request's (the old object stays, destroyed, with its own values), or a
// new one. The server's 'finish' listener (Node's resOnFinish) is its
// first listener.
func newResponse(c *conn, req *IncomingMessage, keepAlive bool) *ServerResponse {
	r := req.res
	s := c.srv
	if old := req.spare; old != nil && old.cell != nil &&
		stream.MoveWritable(&r.Writable, &old.Writable, s.deadRes(), old.cell.options(c)) == nil {
		r.cell, old.cell = old.cell, nil
		k := r.cell
		k.r = r
		pending := k.pending[:0]
		if cap(pending) > maxKeptOut {
			pending = nil
		}
		k.resWork = resWork{pending: pending}
		old.atHead = false
	} else {
		k := &resCell{r: r}
		k.write, k.final, k.destroy, k.saturated = k.writeImpl, k.finalImpl, k.destroyImpl, k.saturatedImpl
		k.finish = events.Func0(k.finished)
		r.cell = k
		stream.InitWritable(&r.Writable, s.loop, k.options(c), "ServerResponse")
	}
	req.spare = nil
	r.conn, r.req, r.StatusCode, r.SendDate = c, req, 200, true
	r.hasBody, r.keepAlive, r.chunkedOK, r.contentLen = true, keepAlive, true, -1
	r.headers = r.hdrBuf[:0]
	if req.Method == "HEAD" {
		r.hasBody = false
	}
	if req.major < 1 || req.minor < 1 {
		r.chunkedOK = hasChunkedToken(req.Header("te"))
	}
	r.AddListener(events.Finish, r.cell.finish)
	return r
}

// options: 'close' is the server's to emit (emitResClose), after the
// connection is done with the response, not the stream's.
func (k *resCell) options(c *conn) stream.WritableOptions {
	return stream.WritableOptions{
		HighWaterMark:      c.srv.opts.HighWaterMark,
		Write:              k.write,
		Final:              k.final,
		Destroy:            k.destroy,
		Saturated:          k.saturated,
		DisableEmitClose:   true,
		DisableAutoDestroy: true,
		ReleasesChunks:     true,
	}
}

func (r *ServerResponse) serverFinished() { r.conn.resFinished(r.req, r) }

// saturated is the Writable's Saturated: Node's res.write() returns its
// socket's write() (or, behind another response, outputSize <
// highWaterMark), so the socket's mark counts, framing included.
func (r *ServerResponse) saturated() bool { return r.conn.resSaturated(r) }

// WritableLength is Node's res.writableLength: the bytes the response
// holds while it waits for its turn, plus, once it has the socket, what
// the socket has not written yet (framing included).
func (r *ServerResponse) WritableLength() int {
	k := r.cell
	if k == nil {
		return 0 // finished, its state moved on: nothing is held for it
	}
	n := len(k.pending) + k.early
	if r.atHead && !r.conn.closed() {
		n += r.conn.core.Length()
	}
	return n
}

// destroyImpl is Node's OutgoingMessage.destroy: destroying the response
// destroys its connection ('close' follows when the socket has closed).
func (r *ServerResponse) destroyImpl(_ error, cb func(error)) {
	if !r.closing {
		r.conn.destroy()
	}
	cb(nil)
}

// closeNow marks the response destroyed and emits its 'close' (once).
func (r *ServerResponse) closeNow() {
	if r.closeSent {
		return
	}
	r.closeSent = true
	r.closing = true
	r.Destroy(nil)
	events.Emit0(&r.Emitter, events.Close)
}

// SetTimeout sets the connection's idle timeout (Node's res.setTimeout:
// its socket's setTimeout); cb, if not nil, is added as a 'timeout'
// listener of the response. 0 turns the timeout off.
func (r *ServerResponse) SetTimeout(d time.Duration, cb func()) {
	if cb != nil {
		events.On0(&r.Emitter, events.Timeout, cb)
	}
	if r.conn != nil && !r.finishedRes {
		r.conn.setTimeout(d)
	}
}

// OnTimeout registers fn for the response's 'timeout' (its connection
// was idle for the timeout).
func (r *ServerResponse) OnTimeout(fn func()) *events.Listener {
	return events.On0(&r.Emitter, events.Timeout, fn)
}

// answerPanic ends a response whose handler panicked (with
// ServerOptions.OnHandlerPanic): a plain 500 when nothing of it was sent,
// otherwise the connection is destroyed (its bytes so far cannot be
// completed honestly).
func (r *ServerResponse) answerPanic() {
	switch {
	case r.WritableEnded() || r.Destroyed():
	case r.headersSent:
		r.conn.destroy()
	default:
		r.headers = r.headers[:0]
		r.cell.trailers = nil
		r.StatusCode, r.StatusMessage = 500, ""
		r.SetHeader("Content-Type", "text/plain; charset=utf-8")
		r.EndString("Internal Server Error\n", nil)
	}
}

// Req returns the request this response answers.
func (r *ServerResponse) Req() *IncomingMessage { return r.req }

// SetHeader sets a header (replacing one of the same name, keeping its
// place); it returns ErrHeadersSent once the head was stored.
func (r *ServerResponse) SetHeader(name, value string) error {
	if i := r.nval; i < len(r.valBuf) {
		r.nval++
		r.valBuf[i] = value
		return r.SetHeaderValues(name, r.valBuf[i:i+1:i+1])
	}
	return r.SetHeaderValues(name, []string{value})
}

// SetHeaderValues sets a header with several values (one line each).
func (r *ServerResponse) SetHeaderValues(name string, values []string) error {
	return r.putHeader(name, values, false)
}

// AppendHeader adds values to a header (Node's appendHeader): each one
// is sent on a line of its own, after the values already set, under the
// name as first set; a header not set yet is set. ErrHeadersSent once
// the head was stored.
func (r *ServerResponse) AppendHeader(name string, values ...string) error {
	return r.putHeader(name, slices.Clone(values), true)
}

// putHeader is SetHeaderValues and, with add, AppendHeader: a header
// already set keeps its place; set replaces its name and values, add
// appends the values.
func (r *ServerResponse) putHeader(name string, values []string, add bool) error {
	r.conn.srv.loop.CheckOnLoop("ServerResponse.SetHeader")
	if r.headersSent {
		return ErrHeadersSent
	}
	lower, err := r.checkHeader(name, values)
	if err != nil {
		return err
	}
	r.setAny = true
	for i := range r.headers {
		h := &r.headers[i]
		switch {
		case h.lower != lower:
			continue
		case add:
			h.values = append(slices.Clip(h.values), values...)
		default:
			h.name, h.values = name, values
		}
		return nil
	}
	r.headers = append(r.headers, header{name: name, lower: lower, values: values})
	return nil
}

// checkHeader returns the lowercase name, or Node's error for an invalid
// name or value (the message names the header, as Node's does).
func (r *ServerResponse) checkHeader(name string, values []string) (string, error) {
	lower, ok := r.conn.srv.headerKey(name)
	if !ok {
		return "", headerError(ErrInvalidHeaderName, name)
	}
	for _, v := range values {
		if !validHeaderValue(v) {
			return "", headerError(ErrInvalidHeaderChar, name)
		}
	}
	return lower, nil
}

func headerError(e *nodeerr.Error, name string) error {
	return nodeerr.NewKind(e.Kind, e.Code, e.Message+" [\""+name+"\"]")
}

// validHeaderValue is Node's checkInvalidHeaderChar turned around.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// GetHeader returns the header's first value and whether it is set.
func (r *ServerResponse) GetHeader(name string) (string, bool) {
	lower := lowerName(name)
	for _, h := range r.headers {
		if h.lower == lower && len(h.values) > 0 {
			return h.values[0], true
		}
	}
	return "", false
}

// GetHeaders returns the headers set, by lowercase name.
func (r *ServerResponse) GetHeaders() map[string][]string {
	m := make(map[string][]string, len(r.headers))
	for _, h := range r.headers {
		m[h.lower] = h.values
	}
	return m
}

// GetHeaderNames returns the lowercase names of the headers set, in order.
func (r *ServerResponse) GetHeaderNames() []string {
	out := make([]string, len(r.headers))
	for i, h := range r.headers {
		out[i] = h.lower
	}
	return out
}

// HasHeader reports whether the header is set.
func (r *ServerResponse) HasHeader(name string) bool {
	_, ok := r.GetHeader(name)
	return ok
}

// RemoveHeader removes a header; ErrHeadersSent once the head was stored.
func (r *ServerResponse) RemoveHeader(name string) error {
	if r.headersSent {
		return ErrHeadersSent
	}
	lower := lowerName(name)
	for i, h := range r.headers {
		if h.lower == lower {
			r.headers = append(r.headers[:i], r.headers[i+1:]...)
			break
		}
	}
	// Node's removeHeader turns the automatic headers off too.
	switch lower {
	case "date":
		r.SendDate = false
	case "connection":
		r.removedConn = true
	case "content-length":
		r.removedCL = true
	case "transfer-encoding":
		r.removedTE = true
	}
	return nil
}

// HeadersSent reports whether the head has been stored (Node's
// headersSent).
func (r *ServerResponse) HeadersSent() bool { return r.headersSent }

// WriteHead sets the status and extra headers and stores the head at once
// (Node's writeHead with an array of raw headers). The code must be within
// 100-999. As in Node, when no header was set before, the pairs are sent
// as given, in order, a repeated name on lines of its own (Set-Cookie),
// and they are not kept: GetHeader does not see them. Otherwise each pair
// is a SetHeader (a repeated name replaces the earlier value).
func (r *ServerResponse) WriteHead(code int, headers ...string) error {
	r.conn.srv.loop.CheckOnLoop("ServerResponse.WriteHead")
	if r.headersSent {
		return ErrHeadersSent
	}
	if code < 100 || code > 999 {
		return ErrInvalidStatusCode
	}
	if len(headers)%2 != 0 {
		return ErrInvalidHeaderPairs
	}
	r.StatusCode = code
	if !r.setAny && len(headers) > 0 {
		raw := make([]header, 0, len(headers)/2)
		for i := 0; i < len(headers); i += 2 {
			v := headers[i+1 : i+2 : i+2]
			lower, err := r.checkHeader(headers[i], v)
			if err != nil {
				return err
			}
			raw = append(raw, header{name: headers[i], lower: lower, values: v})
		}
		kept := r.headers
		r.headers = raw
		r.storeHeader()
		r.headers = kept[:0]
		return nil
	}
	for i := 0; i < len(headers); i += 2 {
		if err := r.SetHeader(headers[i], headers[i+1]); err != nil {
			return err
		}
	}
	r.storeHeader()
	return nil
}

// WriteContinue sends "HTTP/1.1 100 Continue" (Node's writeContinue).
func (r *ServerResponse) WriteContinue() {
	if r.cell == nil || r.finishedRes {
		return // finished: nothing more goes out
	}
	r.conn.emit(r, []byte("HTTP/1.1 100 Continue\r\n\r\n"))
}

// AddTrailers sets trailers sent after a chunked body, as name, value
// pairs; an invalid name or value returns Node's error and adds nothing.
func (r *ServerResponse) AddTrailers(kv ...string) error {
	for i := 0; i+1 < len(kv); i += 2 {
		if _, err := r.checkHeader(kv[i], kv[i+1:i+2]); err != nil {
			return err
		}
	}
	k := r.cell
	if k == nil {
		return nil // finished: nothing more goes out
	}
	for i := 0; i+1 < len(kv); i += 2 {
		k.trailers = append(k.trailers, header{name: kv[i], lower: lowerName(kv[i]), values: []string{kv[i+1]}})
	}
	return nil
}

// FlushHeaders stores and sends the head now.
func (r *ServerResponse) FlushHeaders() {
	if !r.headersSent {
		r.storeHeader()
	}
	r.sendHead()
}

// storeHeader renders the head (Node's _storeHeader).
func (r *ServerResponse) storeHeader() {
	r.headersSent = true
	code := r.StatusCode
	if code == 204 || code == 304 || (code >= 100 && code <= 199) {
		r.hasBody = false
	}
	msg := r.StatusMessage
	if msg == "" {
		msg = statusMessage(code)
		if msg == "" {
			msg = "unknown"
		}
	}
	b := r.cell.headBuf[:0]
	b = append(b, "HTTP/1.1 "...)
	b = strconv.AppendInt(b, int64(code), 10)
	b = append(b, ' ')
	b = append(b, msg...)
	b = append(b, "\r\n"...)
	var hasConn, hasCL, hasTE, hasDate, hasKeepAlive, connClose bool
	for _, h := range r.headers {
		switch h.lower {
		case "connection":
			hasConn = true
			for _, v := range h.values {
				if hasCloseToken(v) {
					connClose = true
				}
			}
		case "content-length":
			hasCL = true
		case "transfer-encoding":
			hasTE = true
			for _, v := range h.values {
				if hasChunkedToken(v) {
					r.chunked = true
				}
			}
		case "date":
			hasDate = true
		case "keep-alive":
			hasKeepAlive = true // the app's replaces Node's
		}
		for _, v := range h.values {
			b = append(b, h.name...)
			b = append(b, ": "...)
			b = append(b, v...)
			b = append(b, "\r\n"...)
		}
	}
	if r.SendDate && !hasDate {
		b = append(b, "Date: "...)
		b = append(b, r.conn.srv.date()...)
		b = append(b, "\r\n"...)
	}
	if connClose {
		r.last = true
	}
	if (code == 204 || code == 304) && r.chunked {
		// A body-less status with the app's chunked coding: Node does not
		// keep the connection alive (unless the app says Connection).
		r.keepAlive = false
	}
	switch {
	case r.removedConn:
		r.last = !r.keepAlive
	case !hasConn:
		sendKeepAlive := r.keepAlive && (hasCL || r.chunkedOK)
		switch {
		case sendKeepAlive && r.conn.maxRequestsReached():
			// Node says close but does not end the connection here
			// (no _last): the server ends it when the client does, and
			// the 503s to requests past the limit still go out.
			b = append(b, "Connection: close\r\n"...)
		case sendKeepAlive:
			b = append(b, "Connection: keep-alive\r\n"...)
			if ka := r.conn.srv.opts.KeepAliveTimeout; ka > 0 && !hasKeepAlive {
				b = append(b, "Keep-Alive: timeout="...)
				b = strconv.AppendInt(b, int64(ka.Seconds()), 10)
				if m := r.conn.srv.opts.MaxRequestsPerSocket; m > 0 {
					b = append(b, ", max="...)
					b = strconv.AppendInt(b, int64(m), 10)
				}
				b = append(b, "\r\n"...)
			}
		default:
			r.last = true
			b = append(b, "Connection: close\r\n"...)
		}
	}
	if !hasCL && !hasTE {
		switch {
		case !r.hasBody:
			r.chunked = false
		case !r.chunkedOK:
			r.last = true
		case len(r.cell.trailers) == 0 && r.contentLen >= 0 && !r.removedCL:
			b = append(b, "Content-Length: "...)
			b = strconv.AppendInt(b, int64(r.contentLen), 10)
			b = append(b, "\r\n"...)
		case r.removedTE:
			r.last = true // close-delimited
		default:
			b = append(b, "Transfer-Encoding: chunked\r\n"...)
			r.chunked = true
		}
	}
	b = append(b, "\r\n"...)
	r.cell.headerBytes = b
}

func (r *ServerResponse) sendHead() {
	if k := r.cell; k != nil && !r.wroteHead && k.headerBytes != nil && !r.finishedRes {
		r.wroteHead = true
		r.conn.emit(r, k.headerBytes)
		k.headerBytes = nil
	}
}

// End finishes the response (Node's end()): with no data written at all
// the head says Content-Length: 0.
func (r *ServerResponse) End(cb func(error)) {
	r.conn.srv.loop.CheckOnLoop("ServerResponse.End")
	cb = r.onFinish(cb)
	r.ending = true
	if !r.headersSent && !r.Writable.WritableEnded() {
		r.contentLen = 0
	}
	r.Writable.End(cb)
}

// onFinish makes an end() callback a 'finish' listener, as Node's
// OutgoingMessage does (after the listeners added before it), unless the
// response cannot finish any more: then the Writable reports the error.
func (r *ServerResponse) onFinish(cb func(error)) func(error) {
	if cb == nil || r.Destroyed() || r.Writable.WritableEnded() {
		return cb
	}
	events.Once0(&r.Emitter, events.Finish, func() { cb(nil) })
	return nil
}

// EndWith writes p and finishes; before any Write, the head carries
// Content-Length: len(p).
func (r *ServerResponse) EndWith(p []byte, cb func(error)) {
	r.conn.srv.loop.CheckOnLoop("ServerResponse.End")
	cb = r.onFinish(cb)
	r.ending = true
	if !r.headersSent && r.Writable.WritableLength() == 0 && !r.Writable.WritableEnded() {
		r.contentLen = len(p)
	}
	r.Writable.EndWith(p, cb)
}

// WritableEnded reports whether End has been called (Node's
// writableEnded, which an end() on a destroyed response sets too).
func (r *ServerResponse) WritableEnded() bool { return r.ending || r.Writable.WritableEnded() }

// WritableFinished is Node's writableFinished for a response: End was
// called and every byte was handed to the connection (nothing waits in
// the response behind a pipelined one). It can be true before 'finish'.
func (r *ServerResponse) WritableFinished() bool {
	if r.Writable.WritableFinished() {
		return true
	}
	return r.ending && (r.cell == nil || len(r.cell.pending) == 0) && (r.finalDone || r.Destroyed())
}

// WriteString writes s (Node's write(string)); its bytes are used in
// place, not copied (a string is never modified).
func (r *ServerResponse) WriteString(s string, cb func(error)) bool {
	return r.Writable.Write(unsafe.Slice(unsafe.StringData(s), len(s)), cb)
}

// EndString is EndWith for a string. The string's bytes are used in
// place (they are only read), so this does not copy s.
func (r *ServerResponse) EndString(s string, cb func(error)) {
	r.EndWith(unsafe.Slice(unsafe.StringData(s), len(s)), cb)
}

// writeImpl is the Writable's Write: frame the chunk and hand it to the
// connection.
func (r *ServerResponse) writeImpl(c stream.Chunk, cb func(error)) {
	if !r.headersSent {
		r.storeHeader()
	}
	r.sendHead()
	p := c.Bytes()
	if !r.hasBody || len(p) == 0 {
		c.Release()
		cb(nil)
		return
	}
	r.bodyBytes += int64(len(p))
	if r.chunked {
		h := strconv.AppendInt(r.cell.sizeLine[:0], int64(len(p)), 16)
		h = append(h, '\r', '\n')
		r.conn.emit(r, h)
		r.conn.emitFramed(r, p, crlf)
	} else {
		r.conn.emit(r, p)
	}
	// The bytes are the socket's (or wait in the response) now: the write
	// is complete, and Saturated gives Write Node's return value. The
	// socket layer copied what it did not write, so a pooled chunk can go
	// back (ReleasesChunks).
	c.Release()
	cb(nil)
}

var crlf = []byte("\r\n")

// finalImpl is the Writable's Final: the head if not sent yet, then the
// last chunk of a chunked body.
func (r *ServerResponse) finalImpl(cb func(error)) {
	if !r.headersSent {
		if r.contentLen < 0 {
			r.contentLen = 0
		}
		r.storeHeader()
	}
	r.sendHead()
	if r.chunked && r.hasBody {
		if len(r.cell.trailers) == 0 {
			r.conn.emit(r, lastChunk)
		} else {
			b := append([]byte(nil), "0\r\n"...)
			for _, t := range r.cell.trailers {
				b = append(b, t.name...)
				b = append(b, ": "...)
				b = append(b, t.values[0]...)
				b = append(b, "\r\n"...)
			}
			b = append(b, "\r\n"...)
			r.conn.emit(r, b)
		}
	}
	r.finalDone = true
	r.conn.completeFinal(r, cb)
}

var lastChunk = []byte("0\r\n\r\n")

// OnFinish registers fn for 'finish' (the response was handed to the
// connection).
func (r *ServerResponse) OnFinish(fn func()) *events.Listener { return r.Writable.OnFinish(fn) }
