package http

import (
	"errors"
	"net/netip"
	"time"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http/internal/llhttp"
	"github.com/uvgo/uvgo/internal/sock"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

// Node 20's defaults.
const (
	DefaultKeepAliveTimeout      = 5 * time.Second
	DefaultHeadersTimeout        = 60 * time.Second
	DefaultRequestTimeout        = 300 * time.Second
	DefaultConnectionsCheckEvery = 30 * time.Second
	DefaultMaxHeaderSize         = 16384
	DefaultHighWaterMark         = 16384
	// keepAliveBuffer: Node closes an idle keep-alive socket one second
	// after keepAliveTimeout (while advertising timeout=keepAliveTimeout).
	keepAliveBuffer = time.Second
)

// ServerOptions configure a Server. The zero value of each field means
// Node 20's default (listed on the constants above); set a negative
// duration to disable that timeout.
type ServerOptions struct {
	KeepAliveTimeout      time.Duration
	HeadersTimeout        time.Duration
	RequestTimeout        time.Duration
	ConnectionsCheckEvery time.Duration
	MaxHeaderSize         int
	// MaxRequestsPerSocket, when positive, closes a connection after that
	// many requests (Node's maxRequestsPerSocket).
	MaxRequestsPerSocket int
	// Timeout is Node's server.timeout: a connection with no byte read or
	// written for that long emits 'timeout' on its incomplete request, its
	// response and the server (with the socket); with no listener on any
	// of them it is destroyed. 0 (the default, as in Node 20) disables
	// it. See Server.SetTimeout.
	Timeout time.Duration
	// HighWaterMark of responses and of the connection's pipelining
	// buffer.
	HighWaterMark int
	// OnHandlerPanic, when set, recovers a panic in a 'request' (or
	// 'checkContinue', 'checkExpectation') listener, as net/http does: fn
	// gets the value, the stack and the request, and the response becomes
	// "500 Internal Server Error" (or, when it had started, its connection
	// is destroyed); the server goes on. Only the listener's own call is
	// covered: a panic in a timer or tick it started is the loop's. Nil
	// (the default) keeps Node's rule: the panic is an uncaught exception
	// of the loop (uv.Loop.SetUncaughtExceptionHandler).
	OnHandlerPanic func(v any, stack []byte, req *IncomingMessage)
	// NoReuse turns off the reuse of the stream state behind finished
	// requests (see "Object reuse" in the package documentation: the
	// objects handed to handlers are new for every request either way).
	NoReuse bool
}

func (o *ServerOptions) defaults() {
	dur := func(d *time.Duration, def time.Duration) {
		switch {
		case *d == 0:
			*d = def
		case *d < 0:
			*d = 0
		}
	}
	dur(&o.KeepAliveTimeout, DefaultKeepAliveTimeout)
	dur(&o.HeadersTimeout, DefaultHeadersTimeout)
	dur(&o.RequestTimeout, DefaultRequestTimeout)
	dur(&o.ConnectionsCheckEvery, DefaultConnectionsCheckEvery)
	if o.MaxHeaderSize == 0 {
		o.MaxHeaderSize = DefaultMaxHeaderSize
	}
	if o.HighWaterMark == 0 {
		o.HighWaterMark = DefaultHighWaterMark
	}
}

// Handler handles a request (Node's 'request' listener).
type Handler func(req *IncomingMessage, res *ServerResponse)

// Server is Node 20's http.Server on a uv loop. Loop thread only.
type Server struct {
	events.Emitter
	loop    *uv.Loop
	opts    ServerOptions
	handle  uv.Stream
	scratch *llhttp.Scratch
	reading int          // connections walking scratch's tokens (onRead)
	bufs    sock.BufPool // output buffers lent to the connections between their writes
	conns   map[*conn]struct{}
	addr    netip.AddrPort
	path    string
	closing bool
	check   *uv.Timeout

	dateUntil uint64 // loop time (ms) at which dateBuf goes stale
	dateBuf   []byte
	spare     []*IncomingMessage // finished requests with their responses, for reuse
	dead      *deadEnds          // where the objects of finished requests point once their state moved on
	keys      keyCache           // lowercase forms of the header names the app sets
}

// CreateServer returns a server on loop whose 'request' listener is h
// (Node's http.createServer(handler)).
func CreateServer(loop *uv.Loop, h Handler) *Server { return NewServer(loop, ServerOptions{}, h) }

// NewServer is CreateServer with options.
func NewServer(loop *uv.Loop, o ServerOptions, h Handler) *Server {
	o.defaults()
	s := &Server{loop: loop, opts: o, conns: map[*conn]struct{}{}}
	s.Emitter.Init(events.Options{TypeName: "Server", Scheduler: loop})
	if h != nil {
		s.OnRequest(h)
	}
	return s
}

// OnRequest registers h for 'request'.
func (s *Server) OnRequest(h Handler) *events.Listener {
	return events.On2(&s.Emitter, EventRequest, (func(*IncomingMessage, *ServerResponse))(h))
}

// ListenOptions say where and how to listen (net's: host, port,
// backlog, SO_REUSEPORT).
type ListenOptions = net.ListenOptions

// Listen listens on host:port; cb, if not nil, is a 'listening' listener.
// Bind and listen failures are returned.
func (s *Server) Listen(port int, host string, cb func()) error {
	return s.ListenWith(ListenOptions{Port: port, Host: host}, cb)
}

// ListenWith listens as o says.
func (s *Server) ListenWith(o ListenOptions, cb func()) error {
	if s.handle != nil {
		return errors.New("http: server is already listening")
	}
	h, err := net.ListenStream(s.loop, o, s.onConnection)
	if err != nil {
		return err
	}
	s.handle = h
	s.addr, s.path = net.StreamAddress(h, o)
	s.scratch = llhttp.NewScratch()
	if cb != nil {
		events.Once0(&s.Emitter, events.Listening, cb)
	}
	if every := s.opts.ConnectionsCheckEvery; every > 0 && (s.opts.HeadersTimeout > 0 || s.opts.RequestTimeout > 0) {
		s.check = s.loop.SetInterval(s.checkConnections, every).Unref()
	}
	s.loop.NextTick(func() { events.Emit0(&s.Emitter, events.Listening) })
	return nil
}

// Address returns where the server listens (zero on a Unix-domain
// socket: see Path).
func (s *Server) Address() netip.AddrPort { return s.addr }

// ListenPath listens on a Unix-domain socket at path (Node's
// server.listen(path)); see net.Server.ListenPath.
func (s *Server) ListenPath(path string, cb func()) error {
	return s.ListenWith(ListenOptions{Path: path}, cb)
}

// Path returns the path of the Unix-domain socket the server listens on
// (Node's server.address() for it), "" for a TCP server.
func (s *Server) Path() string { return s.path }

func (s *Server) onConnection(err error) {
	if err != nil || s.handle == nil {
		return
	}
	t, err := s.handle.AcceptStream()
	if err != nil {
		return
	}
	// Node's http.Server sets noDelay by default: a response written in
	// several pieces must not wait for the client's delayed ACK.
	if tcp, ok := t.(*uv.TCP); ok {
		tcp.SetNoDelay(true)
	}
	c := newConn(s, t)
	s.conns[c] = struct{}{}
	// headersTimeout runs from the connection's arrival (Node's
	// connections list): a client that never sends a byte gets 408.
	c.bits |= connFresh
	c.headersStart = uint32(s.loop.Now())
	if s.opts.Timeout > 0 {
		c.setTimeout(s.opts.Timeout)
	}
	if s.ListenerCount(events.Connection) > 0 {
		events.Emit1(&s.Emitter, events.Connection, c.netSocket())
	}
	c.startReading()
}

func (s *Server) connClosed(c *conn) {
	delete(s.conns, c)
	s.emitCloseIfDrained()
}

func (s *Server) emitCloseIfDrained() {
	if s.handle != nil || len(s.conns) > 0 || !s.closing {
		return
	}
	s.freeScratchIfDone()
	clear(s.spare)
	s.spare = nil
	s.loop.NextTick(func() { events.Emit0(&s.Emitter, events.Close) })
}

// freeScratchIfDone frees the parser's token array of a closed server
// with no connection left, unless a connection's read is still walking
// it (then the read frees it when done).
func (s *Server) freeScratchIfDone() {
	if s.scratch == nil || s.reading > 0 || s.handle != nil || len(s.conns) > 0 || !s.closing {
		return
	}
	s.scratch.Free()
	s.scratch = nil
}

// deadEnds are the destroyed streams that the request and response
// objects of finished exchanges point to once their stream state moved to
// a later request: whatever user code still does with them acts on a
// destroyed stream. Listeners added to them stay there, so they are
// replaced now and then, and the old ones go with the objects that use
// them.
type deadEnds struct {
	req  *stream.Readable
	res  *stream.Writable
	uses int
}

// deadRenew is how many moves a pair of dead ends serves.
const deadRenew = 4096

func (s *Server) deadEnds() *deadEnds {
	if s.dead == nil || s.dead.uses >= deadRenew {
		s.dead = &deadEnds{req: stream.NewDeadReadable(s.loop), res: stream.NewDeadWritable(s.loop)}
	}
	s.dead.uses++
	return s.dead
}

func (s *Server) deadReq() *stream.Readable { return s.deadEnds().req }
func (s *Server) deadRes() *stream.Writable { return s.dead.res }

// maxSpare bounds the finished requests (each with its response) a server
// keeps for reuse.
const maxSpare = 64

// retire keeps m and its response, both finished normally, for a later
// request; the oldest spare is dropped when there are many.
func (s *Server) retire(m *IncomingMessage) {
	if s.opts.NoReuse || s.closing {
		return
	}
	if len(s.spare) == maxSpare {
		n := copy(s.spare, s.spare[1:])
		s.spare[n] = nil
		s.spare = s.spare[:n]
	}
	s.spare = append(s.spare, m)
}

// takeSpare returns a spare request whose request and response have both
// emitted 'close' (their last ticks have run), or nil.
func (s *Server) takeSpare() *IncomingMessage {
	for i, m := range s.spare {
		if m.CloseEmitted() && m.res.CloseEmitted() {
			copy(s.spare[i:], s.spare[i+1:])
			s.spare[len(s.spare)-1] = nil
			s.spare = s.spare[:len(s.spare)-1]
			return m
		}
	}
	return nil
}

// Close stops accepting connections and closes the idle ones (Node 19+);
// connections with a request in progress close when it is done. 'close'
// is emitted when the last connection has closed; cb, if not nil, runs
// then.
func (s *Server) Close(cb func(error)) {
	if cb != nil {
		events.Once0(&s.Emitter, events.Close, func() { cb(nil) })
	}
	s.closing = true
	if s.handle != nil {
		s.handle.Close(nil)
		s.handle = nil
	}
	if s.check != nil {
		s.loop.ClearInterval(s.check)
		s.check = nil
	}
	s.CloseIdleConnections()
	s.emitCloseIfDrained()
}

// CloseIdleConnections closes the connections with no request in progress.
func (s *Server) CloseIdleConnections() {
	for c := range s.conns {
		if c.queue.len() == 0 && c.cur == nil && c.bits&connLeft == 0 {
			c.destroy()
		}
	}
}

// CloseAllConnections closes every HTTP connection at once (a socket
// handed to an 'upgrade' or 'connect' listener is the listener's).
func (s *Server) CloseAllConnections() {
	for c := range s.conns {
		if c.bits&connLeft == 0 {
			c.destroy()
		}
	}
}

// Connections returns the number of open connections.
func (s *Server) Connections() int { return len(s.conns) }

// checkConnections enforces headersTimeout and requestTimeout (Node checks
// every connectionsCheckingInterval): 408, then the socket is destroyed.
func (s *Server) checkConnections() {
	now := s.loop.Now()
	for c := range s.conns {
		if (c.cur == nil && c.bits&connFresh == 0) || c.bits&(connClosed|connLeft) != 0 {
			continue
		}
		elapsed := time.Duration(uint32(now)-c.headersStart) * time.Millisecond
		headersDone := c.bits&connTrailer != 0
		if (!headersDone && s.opts.HeadersTimeout > 0 && elapsed >= s.opts.HeadersTimeout) ||
			(s.opts.RequestTimeout > 0 && elapsed >= s.opts.RequestTimeout) {
			if s.ListenerCount(EventClientError) > 0 {
				events.Emit2(&s.Emitter, EventClientError, error(&ClientError{Code: "ERR_HTTP_REQUEST_TIMEOUT"}), c.netSocket())
				continue
			}
			if h := c.queue.first(); h == nil || !h.wroteHead {
				c.dropUnsent()
				c.writeAndDestroy(requestTimeout)
			} else {
				c.destroy()
			}
		}
	}
}

// date returns the Date header value. As Node's utcDate, it is formatted
// from the clock once and kept until the next second begins, measured on
// the loop's cached time (no clock read per response). The cached time
// is never ahead of the clock, so the value goes stale at the second's
// end at the latest.
func (s *Server) date() []byte {
	if s.dateBuf == nil || s.loop.Now() >= s.dateUntil {
		now := time.Now()
		s.dateUntil = s.loop.Now() + uint64(1000-now.Nanosecond()/1e6)
		s.dateBuf = now.UTC().AppendFormat(s.dateBuf[:0], "Mon, 02 Jan 2006 15:04:05 GMT")
	}
	return s.dateBuf
}

// SetTimeout sets the idle timeout of the connections accepted from now on
// (Node's server.setTimeout; see ServerOptions.Timeout); cb, if not nil,
// is added as a 'timeout' listener.
func (s *Server) SetTimeout(d time.Duration, cb func(*net.Socket)) {
	s.opts.Timeout = max(d, 0)
	if cb != nil {
		s.OnTimeout(cb)
	}
}

// OnTimeout registers fn for 'timeout': a connection was idle for the
// server's timeout. With a listener the connection is not destroyed: fn
// decides.
func (s *Server) OnTimeout(fn func(*net.Socket)) *events.Listener {
	return events.On1(&s.Emitter, events.Timeout, fn)
}

// OnClose registers fn for 'close'.
func (s *Server) OnClose(fn func()) *events.Listener { return events.On0(&s.Emitter, events.Close, fn) }

// OnListening registers fn for 'listening'.
func (s *Server) OnListening(fn func()) *events.Listener {
	return events.On0(&s.Emitter, events.Listening, fn)
}

// OnConnection registers fn for 'connection'.
func (s *Server) OnConnection(fn func(*net.Socket)) *events.Listener {
	return events.On1(&s.Emitter, events.Connection, fn)
}

// OnClientError registers fn for 'clientError'. With a listener, the
// server writes no canned reply: fn decides (write, End or Destroy).
func (s *Server) OnClientError(fn func(err error, sock *net.Socket)) *events.Listener {
	return events.On2(&s.Emitter, EventClientError, fn)
}

// OnCheckContinue registers fn for 'checkContinue' (Expect: 100-continue);
// with a listener, no automatic 100 Continue is sent.
func (s *Server) OnCheckContinue(fn Handler) *events.Listener {
	return events.On2(&s.Emitter, EventCheckContinue, (func(*IncomingMessage, *ServerResponse))(fn))
}

// OnCheckExpectation registers fn for 'checkExpectation' (another Expect
// value); with a listener, no automatic 417 is sent.
func (s *Server) OnCheckExpectation(fn Handler) *events.Listener {
	return events.On2(&s.Emitter, EventCheckExpectation, (func(*IncomingMessage, *ServerResponse))(fn))
}

// OnUpgrade registers fn for 'upgrade': a request with Connection:
// upgrade is then handed to fn (with the connection and the bytes that
// followed the request) instead of the request handler, and the
// connection leaves HTTP.
func (s *Server) OnUpgrade(fn func(req *IncomingMessage, sock *net.Socket, head []byte)) *events.Listener {
	return events.On3(&s.Emitter, EventUpgrade, fn)
}

// OnConnect registers fn for 'connect' (CONNECT requests), as OnUpgrade.
func (s *Server) OnConnect(fn func(req *IncomingMessage, sock *net.Socket, head []byte)) *events.Listener {
	return events.On3(&s.Emitter, events.Connect, fn)
}
