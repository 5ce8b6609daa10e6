package http

import (
	"net/netip"
	"runtime/debug"
	"strings"
	"time"
	"unsafe"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http/internal/llhttp"
	"github.com/uvgo/uvgo/internal/sock"
	"github.com/uvgo/uvgo/net"
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

// Connection state bits (conn.bits).
const (
	connClosed       uint32 = 1 << iota // destroyed: the socket is closing or closed
	connEnded                           // the last response finished: nothing more is written
	connOutputPaused                    // reading stopped: the output cannot keep up
	connBodyPaused                      // reading stopped: a request body is full
	connInValue                         // parsing: a header value has begun
	connTrailer                         // parsing: the next fields are trailers
	connInRead                          // onRead is walking the read's tokens
	connLeft                            // handed to an 'upgrade' or 'connect' listener: not HTTP any more
	connFresh                           // no request begun yet: headersTimeout runs from the connection's arrival
)

// conn is one HTTP connection: its socket (the Core shared with
// net.Socket), its parser (C memory), the request being parsed, and the
// responses in request order (output.go).
type conn struct {
	srv    *Server
	core   sock.Core
	parser *llhttp.Parser
	bits   uint32
	// requests counts the requests begun on the connection
	requests int32
	// moved counts the queue entries from the head whose bytes all joined
	// the socket's output (movePending)
	moved int32
	// headersStart is when the current request began (the loop's time in
	// ms, truncated: only differences are used)
	headersStart uint32

	// parsing state that survives a read boundary
	cur   *IncomingMessage
	url   []byte
	field []byte
	value []byte

	queue    respQueue // responses in request order (with their requests); the head writes
	outgoing int       // bytes waiting in responses behind the head (Node's outgoingData)
	prevURL  string    // the previous request's URL and RawHeaders,
	prevRaw  []string  // whose strings repeat on keep-alive

	idle   *uv.Timeout
	remote netip.AddrPort

	slow *connSlow // state few connections need (a pointer keeps conn small)
}

// connSlow is the state of a connection that only a timeout, a listener
// given the socket, an upgrade or an abort needs; an idle or fast
// connection does not carry it.
type connSlow struct {
	timer      *uv.Timeout      // the socket's idle timeout (Node's socket.setTimeout), when one is set
	sock       *net.Socket      // the socket as listeners get it, made when one needs it
	upgrading  *IncomingMessage // an upgrade/CONNECT request handed over at the end of this read
	afterClose []func()         // aborted requests finishing their destroy once the socket closed
}

// touch restarts the socket's idle timeout, if one is set.
func (c *conn) touch() {
	if sl := c.slow; sl != nil && sl.timer != nil {
		sl.timer.Touch()
	}
}

func (c *conn) slowState() *connSlow {
	if c.slow == nil {
		c.slow = new(connSlow)
	}
	return c.slow
}

func (c *conn) closed() bool { return c.bits&connClosed != 0 }

func newConn(s *Server, h uv.Stream) *conn {
	c := newConnOn(s, h)
	fn, ctx := c.parser.Filter()
	h.SetReadFilter(fn, ctx)
	if t, ok := h.(*uv.TCP); ok { // a Unix-domain peer has no address
		c.remote, _ = t.PeerName()
	}
	return c
}

func newConnOn(s *Server, h sock.Handle) *conn {
	c := &conn{srv: s, parser: llhttp.NewParser(s.scratch, s.opts.MaxHeaderSize)}
	c.core.Init(s.loop, h, c, s.opts.HighWaterMark, &s.bufs)
	return c
}

func (c *conn) startReading() {
	if c.bits&(connClosed|connEnded) == 0 {
		c.core.ReadStart()
	}
}

func (c *conn) stopReading() { c.core.ReadStop() }

// SockRead is the socket's reads: the parser's tokens of each read.
func (c *conn) SockRead(data []byte, err error) { c.onRead(data, err) }

// SockClosing is the socket's destroy, from whoever asked for it.
func (c *conn) SockClosing() { c.destroy() }

// SockError is a failed write: the socket is destroyed already.
func (c *conn) SockError(error) {}

// onRead runs once per read with the tokens the C filter recorded.
func (c *conn) onRead(data []byte, err error) {
	if c.closed() || (data == nil && err == nil) {
		return
	}
	c.touch()
	loop := c.srv.loop
	// The tokens live in the server's scratch array: while they are
	// walked, the server must not free it (a token may destroy the last
	// connection of a closing server).
	c.bits |= connInRead
	c.srv.reading++
	defer c.doneReading()
	for _, t := range c.srv.scratch.Tokens() {
		if c.closed() {
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
		c.bits &^= connTrailer | connFresh
		c.headersStart = uint32(c.srv.loop.Now())
	case llhttp.TURL:
		c.url = append(c.url, span(t, data)...)
	case llhttp.TField:
		c.bits &^= connInValue
		c.field = append(c.field, span(t, data)...)
	case llhttp.TValue:
		c.bits |= connInValue
		c.value = append(c.value, span(t, data)...)
	case llhttp.TValueDone:
		c.addHeader()
	case llhttp.THeadersDone:
		c.headersComplete(t.Headers())
	case llhttp.TBody:
		if m := c.cur; m != nil && !sock.Push(&m.Readable, c.srv.loop, span(t, data)) {
			// The body is above its high-water mark: stop reading the
			// socket until the consumer reads (resumeBody).
			c.bits |= connBodyPaused
			c.stopReading()
		}
	case llhttp.TMessageDone:
		if m := c.cur; m != nil {
			m.Complete = true
			m.PushEOF()
			c.cur = nil
			// A body that stopped reading is complete now: no _read will
			// come after its EOF to start reading again, so the next
			// request's bytes would never be read.
			c.resumeBody(m)
			if r := m.res; r != nil && r.retireLater && !m.Aborted {
				r.retireLater = false
				c.srv.retire(m)
			}
		}
	case llhttp.TUpgrade:
		if sl := c.slow; sl != nil && sl.upgrading != nil {
			// Handed over: the connection leaves HTTP, with the bytes that
			// followed the request as head (Node's 'upgrade'/'connect').
			m := sl.upgrading
			sl.upgrading = nil
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
	trailer := c.bits&connTrailer != 0
	k := len(m.RawHeaders) // where name goes, if this is a header
	if trailer {
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
	if trailer {
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
	c.bits &^= connInValue
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
	c.bits |= connTrailer
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
		m.upgrade = m.Method == "CONNECT" || s.ListenerCount(EventUpgrade) > 0
	}
	if m.upgrade {
		// CONNECT, or an upgrade with a listener.
		name := EventUpgrade
		if m.Method == "CONNECT" {
			name = events.Connect
		}
		if s.ListenerCount(name) == 0 {
			c.destroy()
			return
		}
		c.slowState().upgrading = m
		return
	}
	keepAlive := h.KeepAlive && !s.closing
	c.pauseForOutput()
	res := newResponse(c, m, keepAlive)
	c.queue.push(res)
	if c.queue.len() == 1 {
		res.atHead = true
	}
	if m.major == 1 && m.minor == 1 && !hasHeader(m, "host") {
		res.WriteHead(400, "Connection", "close")
		res.End(nil)
		return
	}
	if max := s.opts.MaxRequestsPerSocket; max > 0 && int(c.requests) > max {
		// Past maxRequestsPerSocket (pipelined beyond the limit): 503.
		res.WriteHead(503)
		res.End(nil)
		return
	}
	if !hasHeader(m, "expect") {
		c.emitRequest(EventRequest, m, res)
		return
	}
	if exp, ok := m.headerValues("expect"); ok && m.major == 1 && m.minor == 1 {
		if hasToken(exp[0], "100-continue") {
			res.expectCont = true
			if s.ListenerCount(EventCheckContinue) > 0 {
				c.emitRequest(EventCheckContinue, m, res)
			} else {
				res.WriteContinue()
				c.emitRequest(EventRequest, m, res)
			}
		} else if s.ListenerCount(EventCheckExpectation) > 0 {
			c.emitRequest(EventCheckExpectation, m, res)
		} else {
			res.WriteHead(417)
			res.End(nil)
		}
		return
	}
	c.emitRequest(EventRequest, m, res)
}

// emitRequest hands a request to the server's listeners. With
// ServerOptions.OnHandlerPanic set, a panic in a listener is recovered
// here: the hook gets it and the response becomes a 500 (or, when it had
// started, the connection is destroyed); otherwise the panic is the
// loop's uncaught exception, as in Node.
func (c *conn) emitRequest(name string, m *IncomingMessage, res *ServerResponse) {
	s := c.srv
	if s.opts.OnHandlerPanic == nil {
		events.Emit2(&s.Emitter, name, m, res)
		return
	}
	defer func() {
		if v := recover(); v != nil {
			s.opts.OnHandlerPanic(v, debug.Stack(), m)
			res.answerPanic()
		}
	}()
	events.Emit2(&s.Emitter, name, m, res)
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

// readFilterSetter is the part of a uv.Stream that installs the parser.
type readFilterSetter interface {
	SetReadFilter(fn, ctx unsafe.Pointer) error
}

// setTimeout is Node's socket.setTimeout for the connection: after d with
// no byte read or written, onTimeout runs; 0 turns it off.
func (c *conn) setTimeout(d time.Duration) {
	if sl := c.slow; sl != nil && sl.timer != nil {
		c.srv.loop.ClearTimeout(sl.timer)
		sl.timer = nil
	}
	if d > 0 && !c.closed() {
		c.slowState().timer = c.srv.loop.SetTimeout(c.onTimeout, d).Unref()
	}
}

// onTimeout is Node's socketOnTimeout: 'timeout' on the request being
// received, on the response that has the socket and on the server, each
// with the socket; a connection nobody listens for is destroyed.
func (c *conn) onTimeout() {
	if c.closed() {
		return
	}
	sock := c.netSocket()
	handled := false
	if m := c.cur; m != nil && !m.Complete {
		handled = events.Emit1(&m.Emitter, events.Timeout, sock)
	}
	if r := c.queue.first(); r != nil && events.Emit1(&r.Emitter, events.Timeout, sock) {
		handled = true
	}
	if events.Emit1(&c.srv.Emitter, events.Timeout, sock) {
		handled = true
	}
	if !handled {
		c.destroy()
	}
}

// netSocket returns the connection's socket as Node's listeners get it:
// a *net.Socket over the same Core, made on first use. The HTTP
// connection keeps consuming the reads; the Socket's writes follow the
// output corked so far, and destroying either destroys both.
func (c *conn) netSocket() *net.Socket {
	sl := c.slowState()
	if sl.sock == nil {
		h, _ := c.core.Handle().(uv.Stream)
		sl.sock = sock.NewSocket(&c.core, h).(*net.Socket)
	}
	return sl.sock
}

// leaveHTTP hands the connection to an 'upgrade' or 'connect' listener:
// no more parsing; the *net.Socket becomes the socket's owner, so later
// reads are its 'data' (buffered until someone reads, with its
// backpressure), and its writes have net.Socket's accounting. The server
// counts the connection until the socket closes.
func (c *conn) leaveHTTP(m *IncomingMessage, head []byte) {
	if f, ok := c.core.Handle().(readFilterSetter); ok {
		f.SetReadFilter(nil, nil)
	}
	c.bits |= connLeft
	if c.idle != nil {
		c.srv.loop.ClearTimeout(c.idle)
		c.idle = nil
	}
	s := c.netSocket()
	sock.Adopt(s)
	p := c.parser
	c.core.WhenClosed(func() {
		p.Free()
		c.srv.connClosed(c)
	})
	name := EventUpgrade
	if m.Method == "CONNECT" {
		name = events.Connect
	}
	m.Complete = true
	events.Emit3(&c.srv.Emitter, name, m, s, head)
}

// resumeBody is called when a request body is read from (its Read): the
// socket is read again if the body had filled up.
func (c *conn) resumeBody(*IncomingMessage) {
	if c.bits&connBodyPaused != 0 {
		c.bits &^= connBodyPaused
		if c.bits&connOutputPaused == 0 {
			c.startReading()
		}
	}
}

// doneReading ends onRead's walk of the tokens; a server that closed
// meanwhile frees its scratch array now.
func (c *conn) doneReading() {
	c.bits &^= connInRead
	s := c.srv
	s.reading--
	if s.reading == 0 {
		s.freeScratchIfDone()
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

func (c *conn) maxRequestsReached() bool {
	m := c.srv.opts.MaxRequestsPerSocket
	return m > 0 && int(c.requests) >= m
}

// armIdle starts the keep-alive timer: the connection closes after
// keepAliveTimeout plus Node's one-second buffer without a new request.
func (c *conn) armIdle() {
	ka := c.srv.opts.KeepAliveTimeout
	if ka <= 0 || c.bits&(connClosed|connEnded) != 0 {
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
	if c.queue.len() > 0 || c.cur != nil {
		return
	}
	c.destroy()
}

// parseError is Node's socketOnError for a parser error: the canned reply
// when no response has started writing, then the socket is destroyed.
func (c *conn) parseError(err *ClientError) {
	s := c.srv
	if s.ListenerCount(EventClientError) > 0 {
		c.flushNow()
		events.Emit2(&s.Emitter, EventClientError, error(err), c.netSocket())
		return
	}
	if h := c.queue.first(); h != nil && h.wroteHead {
		// Node destroys the socket: what its responses corked this tick
		// (and what waited behind them) never goes out; what an end()
		// had written does.
		c.core.FlushMarked()
		c.dropUnsent()
		c.destroy()
		return
	}
	c.dropUnsent() // unstarted responses never go out: the reply replaces them
	c.writeAndDestroy(cannedReply(err.Code))
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
	for i := 0; i < c.queue.len(); i++ {
		if m := c.queue.at(i).req; !m.Destroyed() {
			m.Destroy(ErrAborted)
		}
	}
}

// destroy closes the connection at once. The requests and responses in
// flight learn it when the socket has closed, as in Node.
func (c *conn) destroy() {
	if c.closed() {
		return
	}
	if c.bits&connLeft != 0 {
		c.bits |= connClosed
		c.slow.sock.Destroy(nil) // the socket is the listener's now
		return
	}
	c.bits |= connClosed
	if c.idle != nil {
		c.srv.loop.ClearTimeout(c.idle)
		c.idle = nil
	}
	c.setTimeout(0)
	if sl := c.slow; sl != nil && sl.sock != nil && !sl.sock.Destroyed() {
		sl.sock.Destroy(nil) // the listeners' view of this socket closes with it
	}
	p := c.parser
	c.core.WhenClosed(func() {
		p.Free()
		c.socketClosed()
	})
	c.core.Destroy()
	// Node counts a connection out when it is destroyed, not when its
	// socket has closed: the server's 'close' may come first.
	c.srv.connClosed(c)
}

// whenClosed runs fn once the socket has closed (socketClosed).
func (c *conn) whenClosed(fn func()) {
	sl := c.slowState()
	sl.afterClose = append(sl.afterClose, fn)
}

// socketClosed is Node's socketOnClose with the response's close
// listener: the requests in flight are aborted, each unfinished response
// emits 'close', and aborted requests finish destroying.
func (c *conn) socketClosed() {
	c.abortIncoming()
	c.moved = 0
	for _, r := range c.queue.take() {
		if !r.finishedRes {
			r.closeNow()
		}
	}
	if sl := c.slow; sl != nil && len(sl.afterClose) > 0 {
		after := sl.afterClose
		sl.afterClose = nil
		for _, fn := range after {
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
