package http

import (
	"net/netip"
	"strings"
	"unsafe"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http/internal/llhttp"
	"github.com/uvgo/uvgo/uv"
)

// Canned replies, written when a request cannot be parsed and no response
// has started on the connection (Node's exact bytes).
var (
	badRequest      = []byte("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")
	requestTimeout  = []byte("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n")
	payloadTooLarge = []byte("HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n")
	headersTooLarge = []byte("HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n")
)

// transport is what a connection needs from its socket; *uv.TCP has it.
// The fuzz tests drive a connection through an in-memory one.
type transport interface {
	Write(bufs [][]byte, cb func(error)) (bool, error)
	Shutdown(cb func(error)) error
	Close(cb func())
	ReadStart(cb func(data []byte, err error)) error
	ReadStop() error
	WriteQueueSize() int
}

// conn is one HTTP connection: the TCP handle, its parser (C memory), the
// request being parsed, and the responses in request order.
type conn struct {
	srv    *Server
	tcp    transport
	parser *llhttp.Parser

	// parsing state that survives a read boundary
	cur   *IncomingMessage
	url   []byte
	field []byte
	value []byte
	hinfo llhttp.HeadersInfo

	incoming []*IncomingMessage // requests whose response has not finished
	queue    []*ServerResponse  // responses in request order; queue[0] writes
	out      []byte             // bytes for the socket, flushed once per tick
	iov      [1][]byte
	waiting  []func(error) // write callbacks held while the socket is full
	written  func(error)   // c.onWritten, made once
	prevURL  string        // the previous request's URL and RawHeaders,
	prevRaw  []string      // whose strings repeat on keep-alive

	requests     int
	inValue      bool // parsing: a header value has begun
	trailer      bool // parsing: the next fields are trailers
	flushing     bool
	ended        bool // FIN sent or being sent: nothing more is written
	closed       bool
	reading      bool
	paused       bool // pipelined responses filled the socket
	bodyPaused   bool // a request body filled up
	idle         *uv.Timeout
	headersStart uint64 // when the current request began (loop time, ms)
	remote       netip.AddrPort

	upgrading  *IncomingMessage // an upgrade/CONNECT request handed over at the end of this read
	raw        *Socket          // set once the connection left HTTP (upgrade)
	afterClose *[]func()        // aborted requests finishing their destroy once the socket closed (rare: a pointer keeps conn at 384 bytes)
}

func newConn(s *Server, t *uv.TCP) *conn {
	c := newConnOn(s, t)
	fn, ctx := c.parser.Filter()
	t.SetReadFilter(fn, ctx)
	c.remote, _ = t.PeerName()
	return c
}

func newConnOn(s *Server, t transport) *conn {
	return &conn{srv: s, tcp: t, parser: llhttp.NewParser(s.scratch, s.opts.MaxHeaderSize)}
}

func (c *conn) startReading() {
	if c.reading || c.closed || c.ended {
		return
	}
	if err := c.tcp.ReadStart(c.onRead); err == nil {
		c.reading = true
	}
}

func (c *conn) stopReading() {
	if c.reading && !c.closed {
		c.tcp.ReadStop()
		c.reading = false
	}
}

// onRead runs once per read with the tokens the C filter recorded.
func (c *conn) onRead(data []byte, err error) {
	if c.closed || (data == nil && err == nil) {
		return
	}
	if c.raw != nil {
		c.raw.deliver(data, err)
		return
	}
	loop := c.srv.loop
	for _, t := range c.srv.scratch.Tokens() {
		if c.closed {
			// Destroyed while this read is handled: as Node's parser
			// finishes the chunk it was executing, the message under way
			// still completes; nothing else is handled.
			if t.Kind == llhttp.TMessageDone {
				c.token(t, data)
				return
			}
			if t.Kind != llhttp.TBody {
				return
			}
			continue
		}
		if !c.token(t, data) {
			return
		}
		if t.Kind == llhttp.TBody {
			// Node delivers each body piece in its own callback from its
			// C++ parser, after which the tick queue drains (measured: a
			// tick queued by the 'request' handler runs before 'data').
			loop.DrainTicks()
		}
	}
	if err != nil {
		c.destroy()
	}
}

// span returns the bytes of a token.
func span(t llhttp.Token, data []byte) []byte { return data[t.Off : t.Off+t.Len] }

// token handles one parser event; false stops the processing of this read.
func (c *conn) token(t llhttp.Token, data []byte) bool {
	switch t.Kind {
	case llhttp.TBegin:
		c.cur = newIncoming(c)
		c.url = c.url[:0]
		c.trailer = false
		c.headersStart = c.srv.loop.Now()
	case llhttp.TURL:
		c.url = append(c.url, span(t, data)...)
	case llhttp.TField:
		if c.inValue {
			c.inValue = false
		}
		c.field = append(c.field, span(t, data)...)
	case llhttp.TValue:
		c.inValue = true
		c.value = append(c.value, span(t, data)...)
	case llhttp.TValueDone:
		c.addHeader()
	case llhttp.THeadersDone:
		c.headersComplete(t.Headers())
	case llhttp.TBody:
		if m := c.cur; m != nil && !m.Push(append([]byte(nil), span(t, data)...)) {
			// The body is above its high-water mark: stop reading the
			// socket until the consumer reads (resumeBody).
			c.bodyPaused = true
			c.stopReading()
		}
	case llhttp.TMessageDone:
		if m := c.cur; m != nil {
			m.Complete = true
			m.PushEOF()
			c.cur = nil
			if r := m.res; r != nil && r.retireLater && !m.Aborted {
				r.retireLater = false
				c.srv.retire(m)
			}
		}
	case llhttp.TUpgrade:
		if m := c.upgrading; m != nil {
			// Handed over: the connection leaves HTTP, with the bytes that
			// followed the request as head (Node's 'upgrade'/'connect').
			c.upgrading = nil
			c.leaveHTTP(m, append([]byte(nil), data[t.Off:]...))
			return false
		}
		// An upgrade request without an 'upgrade' listener was handled as
		// a normal request; the rest of this read is dropped, as Node does.
		c.parser.ResumeAfterUpgrade()
		return false
	case llhttp.TError:
		c.parseError(newParseError(c.parser, t.Val, data, t.Off))
		return false
	case llhttp.TEOF:
		c.onEOF(t.Val)
		return false
	case llhttp.TReadError:
		c.destroy()
		return false
	}
	return true
}

func (c *conn) addHeader() {
	m := c.cur
	if m == nil {
		return
	}
	k := len(m.RawHeaders) // where name goes, if this is a header
	if c.trailer {
		k = -1
	}
	// the previous request's name at this place first (a keep-alive
	// client repeats its headers), then the table of common names
	name, ok := c.reused(k, c.field)
	if !ok {
		if name, ok = internName(c.field); !ok {
			name = latin1(c.field)
		}
	}
	value := c.repeated(k+1, trimOWS(c.value))
	if c.trailer {
		m.RawTrailers = append(m.RawTrailers, name, value)
	} else if len(m.RawHeaders) < 2*maxHeaderPairs {
		if m.RawHeaders == nil && len(c.prevRaw) > 0 {
			// sized once, like the previous request's (kept exact: an
			// idle keep-alive connection holds that array)
			m.RawHeaders = make([]string, 0, len(c.prevRaw))
		}
		m.RawHeaders = append(m.RawHeaders, name, value)
	}
	c.field = c.field[:0]
	c.value = c.value[:0]
	c.inValue = false
}

// repeated returns the string for b (Latin-1, as Node decodes header
// text): the previous request's RawHeaders[i] when it holds the same
// ASCII bytes, as a keep-alive client repeats most of its headers, or a
// new string. A negative i never reuses.
func (c *conn) repeated(i int, b []byte) string {
	if s, ok := c.reused(i, b); ok {
		return s
	}
	return latin1(b)
}

// reused returns the previous request's RawHeaders[i] when it holds the
// same ASCII bytes as b.
func (c *conn) reused(i int, b []byte) (string, bool) {
	if i >= 0 && i < len(c.prevRaw) && c.prevRaw[i] == string(b) && isASCII(b) {
		return c.prevRaw[i], true
	}
	return "", false
}

func isASCII(b []byte) bool {
	for _, x := range b {
		if x >= 0x80 {
			return false
		}
	}
	return true
}

// trimOWS cuts the spaces and tabs around a header value.
func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// maxReusedHeaders bounds what a connection keeps of the previous
// request's header strings for reuse.
const maxReusedHeaders = 64

// pendingStart is the first buffer of a response waiting behind another
// one: room for a small response's head and body.
const pendingStart = 512

// maxKeptOut bounds the output buffer a connection keeps between flushes.
const maxKeptOut = 4096

// maxHeaderPairs: Node hands only the first 1000 header lines to the app.
const maxHeaderPairs = 1000

// latin1 decodes bytes as Latin-1, as Node does for header values.
func latin1(b []byte) string {
	if isASCII(b) {
		return string(b)
	}
	r := make([]rune, len(b))
	for i, x := range b {
		r[i] = rune(x)
	}
	return string(r)
}

// headersComplete is Node's parserOnHeadersComplete + parserOnIncoming.
func (c *conn) headersComplete(h llhttp.HeadersInfo) {
	m := c.cur
	if m == nil {
		return
	}
	c.trailer = true
	m.Method = llhttp.MethodName(h.Method)
	if string(c.url) == c.prevURL {
		m.URL = c.prevURL // a keep-alive client asking for the same path again
	} else {
		m.URL = string(c.url)
	}
	c.prevURL = m.URL
	if len(m.RawHeaders) <= 2*maxReusedHeaders {
		c.prevRaw = m.RawHeaders
	} else {
		c.prevRaw = nil
	}
	m.major, m.minor = h.Major, h.Minor
	m.HTTPVersion = versionString(h.Major, h.Minor)
	c.requests++
	s := c.srv
	if h.Upgrade {
		m.upgrade = m.Method == "CONNECT" || s.ListenerCount(events.Upgrade) > 0
	}
	if m.upgrade {
		// CONNECT, or an upgrade with a listener.
		name := events.Upgrade
		if m.Method == "CONNECT" {
			name = events.Connect
		}
		if s.ListenerCount(name) == 0 {
			c.destroy()
			return
		}
		c.upgrading = m
		return
	}
	keepAlive := h.KeepAlive && !s.closing
	res := newResponse(c, m, keepAlive)
	c.incoming = append(c.incoming, m)
	c.queue = append(c.queue, res)
	if len(c.queue) == 1 {
		res.atHead = true
	} else if c.srv.opts.HighWaterMark > 0 && len(c.out) >= c.srv.opts.HighWaterMark {
		c.pauseReading()
	}
	if m.major == 1 && m.minor == 1 && !hasHeader(m, "host") {
		res.WriteHead(400, "Connection", "close")
		res.End(nil)
		return
	}
	if max := s.opts.MaxRequestsPerSocket; max > 0 && c.requests > max {
		// Past maxRequestsPerSocket (pipelined beyond the limit): 503.
		res.WriteHead(503)
		res.End(nil)
		return
	}
	if !hasHeader(m, "expect") {
		events.Emit2(&s.Emitter, events.Request, m, res)
		return
	}
	if exp, ok := m.headerValues("expect"); ok && m.major == 1 && m.minor == 1 {
		if hasToken(exp[0], "100-continue") {
			res.expectCont = true
			if s.ListenerCount(events.CheckContinue) > 0 {
				events.Emit2(&s.Emitter, events.CheckContinue, m, res)
			} else {
				res.WriteContinue()
				events.Emit2(&s.Emitter, events.Request, m, res)
			}
		} else if s.ListenerCount(events.CheckExpectation) > 0 {
			events.Emit2(&s.Emitter, events.CheckExpectation, m, res)
		} else {
			res.WriteHead(417)
			res.End(nil)
		}
		return
	}
	events.Emit2(&s.Emitter, events.Request, m, res)
}

// hasHeader reports whether the request has the header (no allocation).
func hasHeader(m *IncomingMessage, lower string) bool {
	for i := 0; i < len(m.RawHeaders); i += 2 {
		if strings.EqualFold(m.RawHeaders[i], lower) {
			return true
		}
	}
	return false
}

var versions = [3][3]string{
	{"0.0", "0.1", "0.9"},
	{"1.0", "1.1", ""},
	{"2.0", "", ""},
}

// versionString returns "major.minor" without allocating for the usual
// versions.
func versionString(major, minor uint8) string {
	if major <= 2 && minor <= 1 {
		if v := versions[major][minor]; v != "" {
			return v
		}
	}
	if major == 0 && minor == 9 {
		return "0.9"
	}
	return string([]byte{'0' + major, '.', '0' + minor})
}

// readFilterSetter is the part of *uv.TCP that installs the parser.
type readFilterSetter interface {
	SetReadFilter(fn, ctx unsafe.Pointer) error
}

// leaveHTTP hands the connection to an 'upgrade' or 'connect' listener:
// no more parsing; later reads go to the Socket's data listeners.
func (c *conn) leaveHTTP(m *IncomingMessage, head []byte) {
	if f, ok := c.tcp.(readFilterSetter); ok {
		f.SetReadFilter(nil, nil)
	}
	c.raw = &Socket{c: c}
	c.raw.Emitter.Init(events.Options{TypeName: "Socket", Scheduler: c.srv.loop})
	name := events.Upgrade
	if m.Method == "CONNECT" {
		name = events.Connect
	}
	m.Complete = true
	events.Emit3(&c.srv.Emitter, name, m, c.raw, head)
}

// emit appends a response's bytes in order: to the socket buffer when it
// is at the head of the queue, to its own buffer otherwise.
func (c *conn) emit(r *ServerResponse, p []byte) {
	if c.ended || c.closed {
		return
	}
	if !r.atHead {
		if r.pending == nil {
			r.pending = make([]byte, 0, pendingStart)
		}
		r.pending = append(r.pending, p...)
		return
	}
	c.out = append(c.out, p...)
	c.scheduleFlush()
}

func (c *conn) scheduleFlush() {
	if !c.flushing {
		c.flushing = true
		c.srv.loop.NextTickArg(flushConn, c)
	}
}

func flushConn(c any) { c.(*conn).flush() }

// flush hands the buffered bytes to libuv: one (try-)write per tick.
func (c *conn) flush() {
	c.flushing = false
	if c.closed {
		return
	}
	if len(c.queue) > 1 {
		c.movePending()
	}
	if len(c.out) == 0 {
		return
	}
	c.iov[0] = c.out
	if c.written == nil {
		c.written = c.onWritten // made on the first write: idle connections stay small
	}
	done, err := c.tcp.Write(c.iov[:], c.written)
	c.iov[0] = nil
	if cap(c.out) > maxKeptOut {
		c.out = nil // an idle connection keeps at most a small buffer
	} else {
		c.out = c.out[:0]
	}
	if err != nil {
		c.destroy()
		return
	}
	if done {
		c.releaseWaiters()
	}
}

func (c *conn) onWritten(err error) {
	if err != nil {
		c.destroy()
		return
	}
	c.releaseWaiters()
	if c.paused && c.tcp != nil && c.tcp.WriteQueueSize() < c.srv.opts.HighWaterMark {
		c.paused = false
		if !c.bodyPaused {
			c.startReading()
		}
	}
}

// completeWrite acknowledges a response write: at once while the socket
// keeps up, later (when libuv has written) once its queue is full. A
// response behind another one (pipelining) has no socket yet, as in Node:
// its bytes wait in its own buffer, and a write is acknowledged at once
// while that buffer is below the high-water mark (Node's write() returns
// outputSize < highWaterMark), otherwise when the response reaches the
// head of the queue. Its stream writes one chunk at a time, so at most one
// callback is held.
func (c *conn) completeWrite(r *ServerResponse, cb func(error)) {
	switch {
	case c.closed:
		cb(nil)
	case !r.atHead && len(r.pending) >= c.srv.opts.HighWaterMark:
		r.held = cb
	case !r.atHead:
		cb(nil)
	case c.tcp.WriteQueueSize() < c.srv.opts.HighWaterMark:
		cb(nil)
	default:
		c.waiting = append(c.waiting, cb)
	}
}

// completeFinal acknowledges a response's Final: a response behind
// another one finishes when it reaches the head of the queue, so 'finish'
// comes in request order.
func (c *conn) completeFinal(r *ServerResponse, cb func(error)) {
	if !r.atHead && !c.closed {
		r.held = cb
		return
	}
	c.completeWrite(r, cb)
}

func (c *conn) releaseWaiters() {
	if len(c.waiting) == 0 || (!c.closed && c.tcp.WriteQueueSize() >= c.srv.opts.HighWaterMark) {
		return
	}
	w := c.waiting
	c.waiting = nil
	for _, cb := range w {
		cb(nil)
	}
}

func (c *conn) pauseReading() {
	if !c.paused {
		c.paused = true
		c.stopReading()
	}
}

// resumeBody is called when a request body is read from (its Read): the
// socket is read again if the body had filled up.
func (c *conn) resumeBody(*IncomingMessage) {
	if c.bodyPaused {
		c.bodyPaused = false
		if !c.paused {
			c.startReading()
		}
	}
}

// emitResClose is Node's emitCloseNT for a finished response; a response
// and request that ended normally become spares of the server.
func emitResClose(a any) {
	r := a.(*ServerResponse)
	reusable := !r.Destroyed()
	r.closeNow()
	m := r.req
	switch {
	case !reusable || m.Aborted || m.upgrade:
	case m.Complete && r.conn.cur != m:
		r.conn.srv.retire(m)
	default:
		r.retireLater = true // once the request has been received
	}
}

// dropFirst removes q[0], keeping no reference to it. The rest moves
// down, so the array serves the connection's requests for as long as it
// lives (the queues are as short as the pipelining is deep).
func dropFirst[T any](q []*T) []*T {
	n := copy(q, q[1:])
	q[n] = nil
	return q[:n]
}

// resFinished is Node's resOnFinish.
func (c *conn) resFinished(m *IncomingMessage, res *ServerResponse) {
	if len(c.incoming) > 0 && c.incoming[0] == m {
		c.incoming = dropFirst(c.incoming)
	}
	if !m.ReadableEnded() && !m.ReadableDidRead() {
		m.Resume() // dump an unread body so the next request can be parsed
	}
	if len(c.queue) > 0 && c.queue[0] == res {
		c.queue = dropFirst(c.queue)
	}
	res.finishedRes = true
	c.srv.loop.NextTickArg(emitResClose, res)
	switch {
	case res.last:
		// Responses already complete behind it still go out (Node sends a
		// pipelined 503 after the last allowed response), then FIN.
		for _, r := range c.queue {
			if !r.WritableEnded() {
				break
			}
			c.out = append(c.out, r.pending...)
			r.pending = r.pending[:0]
		}
		c.endSoon()
	case len(c.queue) == 0:
		c.armIdle()
	default:
		next := c.queue[0]
		next.atHead = true
		c.takePending()
		if cb := next.held; cb != nil {
			next.held = nil
			c.completeWrite(next, cb)
		}
	}
}

// takePending moves the bytes of the responses waiting in the queue to
// the socket buffer, in order, as far as each one has all its bytes (its
// Final ran), and schedules a flush if it moved any.
func (c *conn) takePending() {
	if c.movePending() {
		c.scheduleFlush()
	}
}

// movePending is takePending without the flush: the bytes of a response
// may follow as soon as every response before it is complete, although
// they finish ('finish', 'close') one after another. So a read of 16
// pipelined requests is answered in one write.
func (c *conn) movePending() bool {
	moved := false
	for _, r := range c.queue {
		if len(r.pending) > 0 {
			c.out = append(c.out, r.pending...)
			r.pending = r.pending[:0]
			moved = true
		}
		if !r.finalDone {
			break
		}
	}
	return moved
}

func (c *conn) maxRequestsReached() bool {
	m := c.srv.opts.MaxRequestsPerSocket
	return m > 0 && c.requests >= m
}

// armIdle starts the keep-alive timer: the connection closes after
// keepAliveTimeout plus Node's one-second buffer without a new request.
func (c *conn) armIdle() {
	ka := c.srv.opts.KeepAliveTimeout
	if ka <= 0 || c.closed || c.ended {
		return
	}
	if c.idle != nil {
		c.idle.Touch() // one timer per connection, re-armed without a clock read
		return
	}
	c.idle = c.srv.loop.SetTimeout(c.idleTimeout, ka+keepAliveBuffer)
	c.idle.Unref()
}

// idleTimeout fires keepAliveTimeout+1s after the last response finished;
// a connection busy with a request since then is left alone (its next
// finished response re-arms the timer).
func (c *conn) idleTimeout() {
	if len(c.queue) > 0 || c.cur != nil {
		return
	}
	c.destroy()
}

// endSoon flushes what is buffered, sends FIN and closes once the peer is
// done (Node's destroySoon on a response marked last).
func (c *conn) endSoon() {
	if c.ended || c.closed {
		return
	}
	c.flushNow()
	c.ended = true
	c.stopReading()
	if err := c.tcp.Shutdown(func(error) { c.destroy() }); err != nil {
		c.destroy()
	}
}

func (c *conn) flushNow() {
	if c.flushing || len(c.out) > 0 {
		c.flush()
	}
}

// parseError is Node's socketOnError for a parser error: the canned reply
// when no response has started writing, then the socket is destroyed.
func (c *conn) parseError(err *ClientError) {
	s := c.srv
	if s.ListenerCount(events.ClientError) > 0 {
		c.flushNow()
		events.Emit2(&s.Emitter, events.ClientError, error(err), &Socket{c: c})
		return
	}
	started := len(c.queue) > 0 && c.queue[0].wroteHead
	if started {
		c.flushNow()
		c.destroy()
		return
	}
	// Unstarted responses never go out: the reply replaces them.
	c.out = c.out[:0]
	for _, r := range c.queue {
		r.pending = r.pending[:0]
	}
	c.writeAndDestroy(cannedReply(err.Code))
}

func (c *conn) writeAndDestroy(b []byte) {
	if !c.closed && !c.ended {
		c.tcp.Write([][]byte{b}, nil)
	}
	c.destroy()
}

// onEOF is Node's socketOnEnd: a message cut short is a parse error;
// otherwise the server ends its side (httpAllowHalfOpen is false).
func (c *conn) onEOF(code uint64) {
	if code != llhttp.HPEOK {
		c.parseError(newParseError(c.parser, code, nil, 0))
		return
	}
	c.abortIncoming()
	c.endSoon()
}

// abortIncoming destroys the requests still waiting for their responses
// with ErrAborted (Node 20's abortIncoming: 'aborted' on a request not
// read to the end, then 'error' if listened for, and 'close').
func (c *conn) abortIncoming() {
	in := c.incoming
	c.incoming = nil
	for _, m := range in {
		m.Destroy(ErrAborted)
	}
}

// destroy closes the connection at once. The requests and responses in
// flight learn it when the socket has closed, as in Node.
func (c *conn) destroy() {
	if c.closed {
		return
	}
	c.closed = true
	c.reading = false
	if c.idle != nil {
		c.srv.loop.ClearTimeout(c.idle)
		c.idle = nil
	}
	c.releaseWaiters()
	p := c.parser
	c.tcp.Close(func() {
		p.Free()
		c.socketClosed()
	})
	// Node counts a connection out when it is destroyed, not when its
	// socket has closed: the server's 'close' may come first.
	c.srv.connClosed(c)
}

// whenClosed runs fn once the socket has closed (socketClosed).
func (c *conn) whenClosed(fn func()) {
	if c.afterClose == nil {
		c.afterClose = new([]func())
	}
	*c.afterClose = append(*c.afterClose, fn)
}

// socketClosed is Node's socketOnClose with the response's close
// listener: the requests in flight are aborted, each unfinished response
// emits 'close', and aborted requests finish destroying.
func (c *conn) socketClosed() {
	c.abortIncoming()
	q := c.queue
	c.queue = nil
	for _, r := range q {
		if !r.finishedRes {
			r.closeNow()
		}
	}
	if after := c.afterClose; after != nil {
		c.afterClose = nil
		for _, fn := range *after {
			fn()
		}
	}
}

func hasToken(list, token string) bool {
	for _, part := range strings.Split(list, ",") {
		if strings.EqualFold(strings.TrimSpace(part), token) {
			return true
		}
	}
	return false
}

func hasCloseToken(v string) bool   { return hasToken(v, "close") }
func hasChunkedToken(v string) bool { return hasToken(v, "chunked") }

func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b <= ' ' || b >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", b) >= 0 {
			return false
		}
	}
	return true
}
