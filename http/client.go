package http

import (
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http/internal/llhttp"
	"github.com/uvgo/uvgo/internal/nodeerr"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

// Names of the events a ClientRequest emits beyond a Writable's.
const (
	EventResponse    = "response"    // ClientRequest: the response's headers arrived
	EventSocket      = "socket"      // ClientRequest: a socket was assigned
	EventContinue    = "continue"    // ClientRequest: the server answered 100 Continue
	EventInformation = "information" // ClientRequest: a 1xx response other than 101
	EventAbort       = "abort"       // ClientRequest: Abort was called
	EventFree        = "free"        // net.Socket of an Agent: the socket went back to its agent
)

// Errors of the client, with Node's codes.
var (
	// ErrSocketHangUp is Node's "socket hang up" (ECONNRESET): the
	// connection ended, or the request was destroyed, before a response
	// arrived.
	ErrSocketHangUp = nodeerr.New("ECONNRESET", "socket hang up")
	// ErrInvalidMethod is returned by Request for a method that is not
	// an HTTP token.
	ErrInvalidMethod = nodeerr.NewKind("TypeError", "ERR_INVALID_HTTP_TOKEN", "Method must be a valid HTTP token")
	// ErrUnescapedPath is returned by Request for a path with a space or
	// a control character (Node's ERR_UNESCAPED_CHARACTERS).
	ErrUnescapedPath = nodeerr.NewKind("TypeError", "ERR_UNESCAPED_CHARACTERS", "Request path contains unescaped characters")
	// ErrInvalidPort is returned by Request for a port outside 0-65535.
	ErrInvalidPort = nodeerr.NewKind("RangeError", "ERR_SOCKET_BAD_PORT", "Port should be >= 0 and < 65536")
)

// RequestOptions are Node's http.request options. Every field's zero value
// is Node's default.
type RequestOptions struct {
	// Host is the server's host name or IP address ("localhost" when
	// empty). A name is looked up (dns.Lookup) and each address tried in
	// turn, as Node 20 does.
	Host string
	// Port is the server's port (80 when 0).
	Port int
	// Method is the request method, upper-cased ("GET" when empty).
	Method string
	// Path is the request target ("/" when empty).
	Path string
	// Headers are name, value pairs, set in order as Node sets the keys
	// of an options.headers object (a name given twice sends two lines);
	// Host is added after them unless one is given or SetHost is false.
	Headers []string
	// Agent manages the connection; nil means the loop's global agent
	// (GlobalAgent), unless NoAgent is set.
	Agent *Agent
	// NoAgent is Node's agent: false: a connection of its own, closed
	// after the response (Connection: close).
	NoAgent bool
	// Timeout is Node's timeout option: the socket's idle timeout, after
	// which the request emits 'timeout' (0: none, or the agent's).
	Timeout time.Duration
	// SetHost, when not nil and false, sends no Host header (Node's
	// setHost).
	SetHost *bool
	// MaxHeaderSize bounds the response's header bytes (Node's
	// maxHeaderSize; 0: 16 KiB).
	MaxHeaderSize int
}

// Request state bits (ClientRequest.bits).
const (
	crDestroyed    uint32 = 1 << iota // Node's req.destroyed
	crClosed                          // 'close' was emitted
	crEnded                           // the response ended (Node's _ended)
	crKeepAlive                       // Node's shouldKeepAlive
	crChunkedOK                       // Node's useChunkedEncodingByDefault
	crChunked                         // the body is chunked
	crHeadSent                        // the head went into the output
	crStored                          // the head is rendered (Node's _header)
	crAborted                         // Abort was called
	crHadError                        // an 'error' was emitted (Node's socket._hadError)
	crLast                            // Node's _last
	crFinishCalled                    // Final ran
	crUpgraded                        // handed to an 'upgrade' or 'connect' listener
	crRemovedConn                     // RemoveHeader("Connection")
	crRemovedCL                       // RemoveHeader("Content-Length")
	crRemovedTE                       // RemoveHeader("Transfer-Encoding")
)

// ClientRequest is Node 20's http.ClientRequest: a stream.Writable whose
// bytes become an HTTP/1.1 request on a connection of its Agent. Loop
// thread only.
//
// The head is rendered as Node renders it: the headers in the order they
// were set (Host after the options' headers), then Connection
// (keep-alive when the agent keeps connections, close otherwise), then
// Content-Length or Transfer-Encoding: chunked. End with data before any
// Write sends Content-Length; a Write first makes the body chunked;
// GET, HEAD, DELETE, OPTIONS, TRACE and CONNECT get no framing headers
// (Node's useChunkedEncodingByDefault).
//
// Events: 'socket' (a *net.Socket, on the tick after the request got
// one), 'response', 'continue', 'information', 'upgrade', 'connect',
// 'timeout', 'error', 'finish', 'abort' and 'close', in Node's order.
type ClientRequest struct {
	stream.Writable
	loop *uv.Loop

	// Method, Path and Host are the request's (Node's req.method,
	// req.path, req.host).
	Method string
	Path   string
	Host   string
	// ReusedSocket reports that the request went out on a kept-alive
	// connection that had served another request (Node's
	// req.reusedSocket).
	ReusedSocket bool

	port       int
	agent      *Agent
	name       string // the agent's key ("host:port:")
	bits       uint32
	headers    []header
	head       []byte // the rendered head (Node's _header)
	contentLen int    // -1: none computed
	pending    []byte // output before a connection is assigned (Node's outputData)
	held       func(error)
	timeout    time.Duration
	hasTimeout bool
	timeoutSet bool // a 'timeout' is forwarded from the socket (Node's timeoutCb)
	maxHeader  int

	conn *clientConn
	res  *IncomingMessage
	err  error // Node's kError: the error Destroy was given

	// room for the first headers set, so SetHeader allocates nothing for
	// a usual request
	hdrBuf [4]header
	valBuf [4]string
	nval   int
}

// Request starts a request (Node's http.request): it is sent once End is
// called, or as it is written. cb, if not nil, is added as a 'response'
// listener. The error is for invalid options only (Node throws them);
// connection failures arrive as 'error' events. Loop thread only.
func Request(loop *uv.Loop, o RequestOptions, cb func(res *IncomingMessage)) (*ClientRequest, error) {
	loop.CheckOnLoop("http.Request")
	r := &ClientRequest{loop: loop, contentLen: -1}
	r.headers = r.hdrBuf[:0]
	if err := r.init(o); err != nil {
		return nil, err
	}
	stream.InitWritable(&r.Writable, loop, stream.WritableOptions{
		Write:              r.writeImpl,
		Final:              r.finalImpl,
		Destroy:            r.streamDestroy,
		Saturated:          r.saturated,
		DisableEmitClose:   true,
		DisableAutoDestroy: true,
	}, "ClientRequest")
	if cb != nil {
		events.Once1(&r.Emitter, EventResponse, cb)
	}
	r.agent.addRequest(r)
	return r, nil
}

// Get is Request followed by End (Node's http.get).
func Get(loop *uv.Loop, o RequestOptions, cb func(res *IncomingMessage)) (*ClientRequest, error) {
	r, err := Request(loop, o, cb)
	if err != nil {
		return nil, err
	}
	r.End(nil)
	return r, nil
}

func (r *ClientRequest) init(o RequestOptions) error {
	if o.Port < 0 || o.Port > 65535 {
		return nodeerr.NewKind(ErrInvalidPort.Kind, ErrInvalidPort.Code, ErrInvalidPort.Message+". Received "+strconv.Itoa(o.Port)+".")
	}
	r.port = o.Port
	if r.port == 0 {
		r.port = 80
	}
	r.Host = o.Host
	if r.Host == "" {
		r.Host = "localhost"
	}
	r.Method = "GET"
	if o.Method != "" {
		if !validToken(o.Method) {
			return nodeerr.NewKind(ErrInvalidMethod.Kind, ErrInvalidMethod.Code, "Method must be a valid HTTP token [\""+o.Method+"\"]")
		}
		r.Method = strings.ToUpper(o.Method)
	}
	r.Path = o.Path
	if r.Path == "" {
		r.Path = "/"
	}
	for i := 0; i < len(r.Path); i++ {
		if c := r.Path[i]; c <= ' ' || c == 0x7f {
			return ErrUnescapedPath
		}
	}
	if len(o.Headers)%2 != 0 {
		panic("http.Request: RequestOptions.Headers must hold name, value pairs (odd length " + strconv.Itoa(len(o.Headers)) + ")")
	}
	switch r.Method {
	case "GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT":
	default:
		r.bits |= crChunkedOK
	}
	switch {
	case o.NoAgent:
		r.agent = NewAgent(r.loop, AgentOptions{})
	case o.Agent != nil:
		r.agent = o.Agent
	default:
		r.agent = GlobalAgent(r.loop)
	}
	if o.Agent != nil && o.NoAgent {
		panic("http.Request: RequestOptions.Agent and NoAgent are both set: pick one")
	}
	// Node: a connection is kept alive only if the agent can reuse it.
	if r.agent.opts.KeepAlive || r.agent.opts.MaxSockets > 0 {
		r.bits |= crKeepAlive
	} else {
		r.bits |= crLast
	}
	r.maxHeader = o.MaxHeaderSize
	if r.maxHeader <= 0 {
		r.maxHeader = defaultMaxHeaderSize
	}
	for i := 0; i < len(o.Headers); i += 2 {
		if err := r.putHeader(o.Headers[i], r.oneValue(o.Headers[i+1]), true); err != nil {
			return err
		}
	}
	if o.SetHost == nil || *o.SetHost {
		if _, ok := r.GetHeader("host"); !ok {
			r.SetHeader("Host", r.agent.hostHeader(r.Host, r.port))
		}
	}
	if o.Timeout > 0 {
		r.timeout, r.hasTimeout = o.Timeout, true
	}
	if _, ok := r.GetHeader("expect"); ok {
		r.storeHeader()
	}
	return nil
}

// defaultMaxHeaderSize is Node's maxHeaderSize default (16 KiB).
const defaultMaxHeaderSize = 16 * 1024

// SetHeader sets a header, replacing one of the same name in its place;
// ErrHeadersSent once the head was rendered.
func (r *ClientRequest) SetHeader(name, value string) error {
	return r.putHeader(name, r.oneValue(value), false)
}

// oneValue returns value as a one-element slice, from the request's own
// room while it lasts.
func (r *ClientRequest) oneValue(value string) []string {
	if i := r.nval; i < len(r.valBuf) {
		r.nval++
		r.valBuf[i] = value
		return r.valBuf[i : i+1 : i+1]
	}
	return []string{value}
}

// SetHeaderValues sets a header with several values (one line each).
func (r *ClientRequest) SetHeaderValues(name string, values []string) error {
	return r.putHeader(name, append([]string(nil), values...), false)
}

func (r *ClientRequest) putHeader(name string, values []string, add bool) error {
	if r.bits&crStored != 0 {
		return ErrHeadersSent
	}
	lower, ok := headerKey(name)
	if !ok {
		return headerError(ErrInvalidHeaderName, name)
	}
	for _, v := range values {
		if !validHeaderValue(v) {
			return headerError(ErrInvalidHeaderChar, name)
		}
	}
	for i := range r.headers {
		h := &r.headers[i]
		if h.lower != lower {
			continue
		}
		if add {
			h.values = append(h.values[:len(h.values):len(h.values)], values...)
		} else {
			h.name, h.values = name, values
		}
		return nil
	}
	r.headers = append(r.headers, header{name: name, lower: lower, values: values})
	return nil
}

// GetHeader returns a header's first value as set, and whether it is set.
func (r *ClientRequest) GetHeader(name string) (string, bool) {
	lower := lowerName(name)
	for _, h := range r.headers {
		if h.lower == lower && len(h.values) > 0 {
			return h.values[0], true
		}
	}
	return "", false
}

// RemoveHeader removes a header; ErrHeadersSent once the head was
// rendered. Removing Connection, Content-Length or Transfer-Encoding also
// keeps Node from adding its own.
func (r *ClientRequest) RemoveHeader(name string) error {
	if r.bits&crStored != 0 {
		return ErrHeadersSent
	}
	lower := lowerName(name)
	switch lower {
	case "connection":
		r.bits |= crRemovedConn
	case "content-length":
		r.bits |= crRemovedCL
	case "transfer-encoding":
		r.bits |= crRemovedTE
	}
	for i := range r.headers {
		if r.headers[i].lower == lower {
			r.headers = append(r.headers[:i], r.headers[i+1:]...)
			break
		}
	}
	return nil
}

// HeadersSent reports whether the head was rendered (Node's headersSent).
func (r *ClientRequest) HeadersSent() bool { return r.bits&crStored != 0 }

// storeHeader renders the head as Node's _storeHeader does for a request.
func (r *ClientRequest) storeHeader() {
	b := make([]byte, 0, 128)
	b = append(b, r.Method...)
	b = append(b, ' ')
	b = append(b, r.Path...)
	b = append(b, " HTTP/1.1\r\n"...)
	var conn, contLen, te, trailer bool
	for _, h := range r.headers {
		for _, v := range h.values {
			b = append(b, h.name...)
			b = append(b, ": "...)
			b = append(b, v...)
			b = append(b, "\r\n"...)
		}
		if len(h.values) == 0 {
			continue
		}
		switch h.lower {
		case "connection":
			conn = true
			r.bits &^= crRemovedConn
			if hasCloseToken(h.values[0]) {
				r.bits |= crLast
			} else {
				r.bits |= crKeepAlive
			}
		case "transfer-encoding":
			te = true
			r.bits &^= crRemovedTE
			if hasChunkedToken(h.values[len(h.values)-1]) {
				r.bits |= crChunked
			}
		case "content-length":
			contLen = true
			r.bits &^= crRemovedCL
			n, err := strconv.Atoi(strings.TrimSpace(h.values[0]))
			if err == nil {
				r.contentLen = n
			}
		case "trailer":
			trailer = true
		}
	}
	switch {
	case r.bits&crRemovedConn != 0:
		r.bits |= crLast
	case !conn:
		if r.bits&crKeepAlive != 0 && (contLen || r.bits&crChunkedOK != 0 || r.agent != nil) {
			b = append(b, "Connection: keep-alive\r\n"...)
		} else {
			r.bits |= crLast
			b = append(b, "Connection: close\r\n"...)
		}
	}
	if !contLen && !te {
		switch {
		case r.bits&crChunkedOK == 0:
			r.bits |= crLast
		case !trailer && r.bits&crRemovedCL == 0 && r.contentLen >= 0:
			b = append(b, "Content-Length: "...)
			b = strconv.AppendInt(b, int64(r.contentLen), 10)
			b = append(b, "\r\n"...)
		case r.bits&crRemovedTE == 0:
			b = append(b, "Transfer-Encoding: chunked\r\n"...)
			r.bits |= crChunked
		default:
			r.bits |= crLast
		}
	}
	b = append(b, "\r\n"...)
	r.head = b
	r.bits |= crStored
}

// emit hands request bytes to the connection, or keeps them until the
// request has one (Node's outputData).
func (r *ClientRequest) emit(p []byte) {
	if r.bits&crHeadSent == 0 {
		r.bits |= crHeadSent
		r.out(r.head)
	}
	r.out(p)
}

func (r *ClientRequest) out(p []byte) {
	if len(p) == 0 {
		return
	}
	if c := r.conn; c != nil && c.attached(r) {
		c.touch()
		c.core.Write(p)
		return
	}
	if r.pending == nil {
		if c := r.conn; c != nil && c.spare != nil {
			r.pending, c.spare = c.spare, nil // the previous request's buffer
		}
	}
	r.pending = append(r.pending, p...)
}

// FlushHeaders sends the head now (Node's flushHeaders).
func (r *ClientRequest) FlushHeaders() {
	if r.bits&crStored == 0 {
		r.storeHeader()
	}
	r.emit(nil)
}

// writeImpl is the Writable's Write: frame the chunk and hand it on.
func (r *ClientRequest) writeImpl(c stream.Chunk, cb func(error)) {
	if r.bits&crStored == 0 {
		r.storeHeader()
	}
	p := c.Bytes()
	if len(p) == 0 {
		r.emit(nil)
		cb(nil)
		return
	}
	if r.bits&crChunked != 0 {
		var hdr [20]byte
		h := strconv.AppendInt(hdr[:0], int64(len(p)), 16)
		h = append(h, '\r', '\n')
		r.emit(h)
		r.out(p)
		r.out(crlf)
	} else {
		r.emit(p)
	}
	cb(nil)
}

// finalImpl is the Writable's Final: the head if not sent yet, the last
// chunk of a chunked body; done once the bytes are the socket's.
func (r *ClientRequest) finalImpl(cb func(error)) {
	if r.bits&crStored == 0 {
		if r.contentLen < 0 {
			r.contentLen = 0
		}
		r.storeHeader()
	}
	r.emit(nil)
	if r.bits&crChunked != 0 {
		r.out(lastChunk)
	}
	r.bits |= crFinishCalled
	if c := r.conn; c != nil && c.attached(r) {
		cb(nil)
		return
	}
	r.held = cb
}

// streamDestroy is the Writable's Destroy, reached when the request is
// destroyed as a stream (by pipeline, or WritableSide().Destroy): the
// request is destroyed as Destroy does, and the stream emits the error
// (so the connection does not emit it again).
func (r *ClientRequest) streamDestroy(err error, cb func(error)) {
	if r.bits&crDestroyed == 0 {
		if err != nil {
			r.bits |= crHadError
		}
		r.Destroy(nil)
	}
	cb(err)
}

// saturated gives Write Node's answer: the socket's write() once the
// request has one, outputSize < highWaterMark before.
func (r *ClientRequest) saturated() bool {
	if c := r.conn; c != nil && c.attached(r) {
		return c.core.Saturated()
	}
	return len(r.pending) >= r.WritableHighWaterMark()
}

// WriteString writes s (its bytes used in place, not copied).
func (r *ClientRequest) WriteString(s string, cb func(error)) bool {
	return r.Writable.Write(unsafe.Slice(unsafe.StringData(s), len(s)), cb)
}

// End finishes the request. On a request nothing was written to, the
// head says Content-Length: 0 (for methods that carry a body).
func (r *ClientRequest) End(cb func(error)) {
	if r.bits&crStored == 0 && !r.Writable.WritableEnded() {
		r.contentLen = 0
	}
	r.Writable.End(r.onFinish(cb))
}

// EndWith writes p and finishes; before any Write, the head carries
// Content-Length: len(p).
func (r *ClientRequest) EndWith(p []byte, cb func(error)) {
	if r.bits&crStored == 0 && r.Writable.WritableLength() == 0 && !r.Writable.WritableEnded() {
		r.contentLen = len(p)
	}
	r.Writable.EndWith(p, r.onFinish(cb))
}

// EndString is EndWith for a string (its bytes used in place).
func (r *ClientRequest) EndString(s string, cb func(error)) {
	r.EndWith(unsafe.Slice(unsafe.StringData(s), len(s)), cb)
}

func (r *ClientRequest) onFinish(cb func(error)) func(error) {
	if cb == nil || r.Destroyed() || r.Writable.WritableEnded() {
		return cb
	}
	events.Once0(&r.Emitter, events.Finish, func() { cb(nil) })
	return nil
}

// Destroyed reports whether the request was destroyed (Node's
// req.destroyed), by Destroy or because its connection closed.
func (r *ClientRequest) Destroyed() bool { return r.bits&crDestroyed != 0 }

// Destroy is Node's req.destroy(err): the response, if any, is dumped
// and the connection destroyed; 'error' (err, or ECONNRESET "socket hang
// up" when no response had come) and 'close' follow.
func (r *ClientRequest) Destroy(err error) {
	r.loop.CheckOnLoop("ClientRequest.Destroy")
	if r.bits&crDestroyed != 0 {
		return
	}
	r.bits |= crDestroyed
	if m := r.res; m != nil {
		m.dump()
	}
	r.err = err
	if c := r.conn; c != nil && c.attached(r) {
		c.destroyWith(err)
	}
}

// Abort is Node's deprecated req.abort(): 'abort' on the next tick, then
// Destroy without an error (no 'error' when no response had come).
func (r *ClientRequest) Abort() {
	if r.bits&crAborted != 0 {
		return
	}
	r.bits |= crAborted
	r.loop.NextTick(func() { events.Emit0(&r.Emitter, EventAbort) })
	r.Destroy(nil)
}

// Aborted reports whether Abort was called.
func (r *ClientRequest) Aborted() bool { return r.bits&crAborted != 0 }

// Socket returns the request's socket (nil before 'socket').
func (r *ClientRequest) Socket() *net.Socket {
	if c := r.conn; c != nil {
		return c.sock
	}
	return nil
}

// Res returns the response (nil before 'response').
func (r *ClientRequest) Res() *IncomingMessage { return r.res }

// SetTimeout is Node's req.setTimeout: the socket's idle timeout, with
// 'timeout' on the request; cb, if not nil, is added as a 'timeout'
// listener. The request is not destroyed: the listener decides.
func (r *ClientRequest) SetTimeout(d time.Duration, cb func()) {
	if r.bits&crEnded != 0 {
		return
	}
	if cb != nil {
		events.Once0(&r.Emitter, events.Timeout, cb)
	}
	r.timeoutSet = true
	r.timeout, r.hasTimeout = d, true
	if c := r.conn; c != nil && c.attached(r) {
		c.setTimeout(d)
	}
}

// emitError emits 'error' on the request once.
func (r *ClientRequest) emitError(err error) {
	r.bits |= crHadError
	events.Emit1(&r.Emitter, events.ErrorEvent, err)
}

// emitClose emits 'close' once; the Writable is destroyed quietly.
func (r *ClientRequest) emitClose() {
	if r.bits&crClosed != 0 {
		return
	}
	r.bits |= crClosed | crDestroyed
	r.pending = nil
	if !r.Writable.Destroyed() && !r.Writable.WritableFinished() {
		// a request that did not finish refuses writes from now on (a
		// finished one refuses them already: write after end)
		r.Writable.Destroy(nil)
	}
	events.Emit0(&r.Emitter, events.Close)
}

// OnResponse registers fn for 'response'.
func (r *ClientRequest) OnResponse(fn func(res *IncomingMessage)) *events.Listener {
	return events.On1(&r.Emitter, EventResponse, fn)
}

// OnError registers fn for 'error': an *uv.Error for socket failures
// (ECONNREFUSED, ECONNRESET, ...), a *ClientError for a response that
// cannot be parsed, or an error with Node's code (ErrSocketHangUp).
func (r *ClientRequest) OnError(fn func(err error)) *events.Listener {
	return events.On1(&r.Emitter, events.ErrorEvent, fn)
}

// OnSocket registers fn for 'socket'.
func (r *ClientRequest) OnSocket(fn func(s *net.Socket)) *events.Listener {
	return events.On1(&r.Emitter, EventSocket, fn)
}

// OnClose registers fn for 'close'.
func (r *ClientRequest) OnClose(fn func()) *events.Listener {
	return events.On0(&r.Emitter, events.Close, fn)
}

// OnTimeout registers fn for 'timeout'.
func (r *ClientRequest) OnTimeout(fn func()) *events.Listener {
	return events.On0(&r.Emitter, events.Timeout, fn)
}

// OnContinue registers fn for 'continue' (a 100 Continue arrived).
func (r *ClientRequest) OnContinue(fn func()) *events.Listener {
	return events.On0(&r.Emitter, EventContinue, fn)
}

// OnInformation registers fn for 'information': a 1xx response other
// than 101, as an IncomingMessage with its status and headers (no body).
func (r *ClientRequest) OnInformation(fn func(info *IncomingMessage)) *events.Listener {
	return events.On1(&r.Emitter, EventInformation, fn)
}

// OnUpgrade registers fn for 'upgrade': a 101 answer to an upgrade
// request, with the socket (no longer HTTP) and the bytes that came after
// the response's head. Without a listener the socket is destroyed.
func (r *ClientRequest) OnUpgrade(fn func(res *IncomingMessage, s *net.Socket, head []byte)) *events.Listener {
	return events.On3(&r.Emitter, EventUpgrade, fn)
}

// OnConnect registers fn for 'connect': the answer to a CONNECT request,
// with the socket and the bytes after the head.
func (r *ClientRequest) OnConnect(fn func(res *IncomingMessage, s *net.Socket, head []byte)) *events.Listener {
	return events.On3(&r.Emitter, events.Connect, fn)
}

// expectFor is what the parser must know of the request it answers.
func (r *ClientRequest) expectFor() int {
	switch r.Method {
	case "HEAD":
		return llhttp.ExpectHead
	case "CONNECT":
		return llhttp.ExpectConnect
	}
	return llhttp.ExpectNormal
}
