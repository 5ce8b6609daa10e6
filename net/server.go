package net

import (
	"errors"
	"net/netip"
	"syscall"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/nodeerr"
	"github.com/uvgo/uvgo/uv"
)

// ErrServerNotRunning is given to Close's callback when the server was
// not listening (Node's ERR_SERVER_NOT_RUNNING).
var ErrServerNotRunning = nodeerr.New("ERR_SERVER_NOT_RUNNING", "Server is not running.")

// DefaultBacklog is the listen backlog Node uses.
const DefaultBacklog = 511

// ServerOptions configure a Server (Node's net.createServer options).
type ServerOptions struct {
	// AllowHalfOpen keeps a connection's write side open after the peer's
	// FIN (the default ends it, as Node does).
	AllowHalfOpen bool
	// PauseOnConnect hands connections over without reading from them.
	PauseOnConnect bool
	// ReadableHighWaterMark and WritableHighWaterMark of the connections'
	// sockets (0 = 16 KiB).
	ReadableHighWaterMark int
	WritableHighWaterMark int
}

// ListenOptions say where and how to listen.
type ListenOptions struct {
	// Path, when not empty, listens on a Unix-domain socket at that path
	// (Node's listen(path), listen({ path })) and the TCP fields (Port,
	// Host, ReusePort, IPv6Only) are ignored. The path must not exist: an
	// existing file or socket, even a stale one, is EADDRINUSE, as in
	// Node. Closing the server removes it. Keep it under uv.MaxPipePath
	// bytes (longer paths are truncated, as in Node).
	Path string
	Port int
	// Host is an IP address; "" listens on every address ("::", falling
	// back to "0.0.0.0"), "localhost" on 127.0.0.1.
	Host    string
	Backlog int // 0 = DefaultBacklog
	// ReusePort sets SO_REUSEPORT, so several servers (one per loop) can
	// listen on the same port.
	ReusePort bool
	IPv6Only  bool
}

// DropInfo describes a connection closed because MaxConnections was
// reached (the 'drop' event's argument).
type DropInfo struct {
	LocalAddr, RemoteAddr netip.AddrPort
}

// Server is Node 20's net.Server: it accepts TCP connections, or
// connections to a Unix-domain socket (ListenPath), on a uv loop and
// emits 'connection' with a *Socket for each. Loop thread only.
type Server struct {
	events.Emitter
	loop   *uv.Loop
	handle uv.Stream
	opts   ServerOptions
	conns  map[*Socket]struct{}
	addr   netip.AddrPort
	path   string
	unref  bool
	// MaxConnections, when positive, closes connections beyond it as they
	// arrive (a 'drop' event reports each).
	MaxConnections int
}

// CreateServer returns a server on loop; onConnection, if not nil, is a
// 'connection' listener (Node's net.createServer(listener)).
func CreateServer(loop *uv.Loop, onConnection func(*Socket)) *Server {
	return NewServer(loop, ServerOptions{}, onConnection)
}

// NewServer is CreateServer with options.
func NewServer(loop *uv.Loop, o ServerOptions, onConnection func(*Socket)) *Server {
	s := &Server{loop: loop, opts: o, conns: map[*Socket]struct{}{}}
	s.Emitter.Init(events.Options{TypeName: "Server", Scheduler: loop})
	if onConnection != nil {
		s.OnConnection(onConnection)
	}
	return s
}

// Listen listens on host:port (see ListenOptions.Host); cb, if not nil,
// is a 'listening' listener, emitted on the next tick. Bind and listen
// failures (EADDRINUSE, ...) are returned, as *uv.Error values.
func (s *Server) Listen(port int, host string, cb func()) error {
	return s.ListenWith(ListenOptions{Port: port, Host: host}, cb)
}

// ListenWith listens as o says.
func (s *Server) ListenWith(o ListenOptions, cb func()) error {
	if s.handle != nil {
		return nodeerr.New("ERR_SERVER_ALREADY_LISTEN", "Listen method has been called more than once without closing.")
	}
	h, err := ListenStream(s.loop, o, s.onConnection)
	if err != nil {
		return err
	}
	s.handle = h
	s.addr, s.path = StreamAddress(h, o)
	if s.unref {
		h.Unref()
	}
	if cb != nil {
		events.Once0(&s.Emitter, events.Listening, cb)
	}
	s.loop.NextTick(func() { events.Emit0(&s.Emitter, events.Listening) })
	return nil
}

// ListenPath listens on a Unix-domain socket at path (Node's
// server.listen(path)); cb, if not nil, is a 'listening' listener. Bind
// failures are returned: EADDRINUSE when path exists (Node does not
// remove a stale socket either), EACCES when its directory is missing or
// not writable.
func (s *Server) ListenPath(path string, cb func()) error {
	return s.ListenWith(ListenOptions{Path: path}, cb)
}

// ListenStream opens a listening handle as o says: a *uv.Pipe bound to
// o.Path when it is set, else a *uv.TCP (ListenTCP). onConnection is its
// listen callback. net.Server and http.Server listen through it.
func ListenStream(loop *uv.Loop, o ListenOptions, onConnection func(error)) (uv.Stream, error) {
	if o.Path == "" {
		h, err := ListenTCP(loop, o, onConnection)
		if err != nil {
			return nil, err
		}
		return h, nil
	}
	h, err := uv.NewPipe(loop)
	if err != nil {
		return nil, err
	}
	if err := h.Bind(o.Path); err != nil {
		h.Close(nil)
		return nil, err
	}
	if err := h.Listen(backlogOf(o), onConnection); err != nil {
		h.Close(nil)
		return nil, err
	}
	return h, nil
}

// StreamAddress returns what Node's server.address() reports for a
// listening handle from ListenStream: the TCP address, or the path (as
// given in o) of a Unix-domain socket.
func StreamAddress(h uv.Stream, o ListenOptions) (netip.AddrPort, string) {
	if t, ok := h.(*uv.TCP); ok {
		a, _ := t.SockName()
		return a, ""
	}
	return netip.AddrPort{}, o.Path
}

func backlogOf(o ListenOptions) int {
	if o.Backlog <= 0 {
		return DefaultBacklog
	}
	return o.Backlog
}

// ListenTCP opens a listening TCP handle on loop as o says (the host
// rules of ListenOptions, SO_REUSEPORT, backlog), with onConnection as its
// listen callback. net.Server and http.Server listen through it.
func ListenTCP(loop *uv.Loop, o ListenOptions, onConnection func(error)) (*uv.TCP, error) {
	hosts := []string{o.Host}
	if o.Host == "" {
		hosts = []string{"::", "0.0.0.0"}
	}
	var (
		h   *uv.TCP
		err error
	)
	for _, host := range hosts {
		if h, err = listenOn(loop, host, o, onConnection); err == nil || !errors.Is(err, syscall.EAFNOSUPPORT) {
			break
		}
	}
	return h, err
}

func listenOn(loop *uv.Loop, host string, o ListenOptions, onConnection func(error)) (*uv.TCP, error) {
	addr, err := resolve(host, o.Port)
	if err != nil {
		return nil, err
	}
	h, err := uv.NewTCP(loop)
	if err != nil {
		return nil, err
	}
	var flags uv.BindFlags
	if o.ReusePort {
		flags |= uv.BindReusePort
	}
	if o.IPv6Only {
		flags |= uv.BindIPv6Only
	}
	backlog := backlogOf(o)
	if err := h.Bind(addr, flags); err != nil {
		h.Close(nil)
		return nil, err
	}
	if err := h.Listen(backlog, onConnection); err != nil {
		h.Close(nil)
		return nil, err
	}
	return h, nil
}

func (s *Server) onConnection(err error) {
	if err != nil {
		events.Emit1(&s.Emitter, events.ErrorEvent, err)
		return
	}
	if s.handle == nil {
		return
	}
	h, err := s.handle.AcceptStream()
	if err != nil {
		return
	}
	if s.MaxConnections > 0 && len(s.conns) >= s.MaxConnections {
		info := DropInfo{}
		if t, ok := h.(*uv.TCP); ok {
			info.LocalAddr, _ = t.SockName()
			info.RemoteAddr, _ = t.PeerName()
		}
		h.Close(nil)
		events.Emit1(&s.Emitter, "drop", info)
		return
	}
	sock := newSocket(s.loop, h, SocketOptions{
		AllowHalfOpen:         s.opts.AllowHalfOpen,
		ReadableHighWaterMark: s.opts.ReadableHighWaterMark,
		WritableHighWaterMark: s.opts.WritableHighWaterMark,
	})
	sock.server = s
	s.conns[sock] = struct{}{}
	if s.opts.PauseOnConnect {
		sock.Pause()
	} else {
		sock.ReadN(0)
	}
	events.Emit1(&s.Emitter, events.Connection, sock)
}

func (s *Server) connectionClosed(sock *Socket) {
	delete(s.conns, sock)
	s.emitCloseIfDrained()
}

func (s *Server) emitCloseIfDrained() {
	if s.handle != nil || len(s.conns) > 0 {
		return
	}
	s.loop.NextTick(func() { events.Emit0(&s.Emitter, events.Close) })
}

// Close stops accepting connections; 'close' is emitted once every open
// connection has ended. cb, if not nil, runs at 'close' with nil, or with
// ErrServerNotRunning if the server was not listening.
func (s *Server) Close(cb func(error)) {
	if cb != nil {
		if s.handle == nil {
			events.Once0(&s.Emitter, events.Close, func() { cb(ErrServerNotRunning) })
		} else {
			events.Once0(&s.Emitter, events.Close, func() { cb(nil) })
		}
	}
	if s.handle != nil {
		s.handle.Close(nil)
		s.handle = nil
	}
	s.emitCloseIfDrained()
}

// Address returns the address the server listens on (zero for a server
// on a Unix-domain socket: see Path).
func (s *Server) Address() netip.AddrPort { return s.addr }

// Path returns the path of the Unix-domain socket the server listens on,
// which is what Node's server.address() returns for it; "" for a TCP
// server.
func (s *Server) Path() string { return s.path }

// Listening reports whether the server is listening.
func (s *Server) Listening() bool { return s.handle != nil }

// Connections returns the number of open connections.
func (s *Server) Connections() int { return len(s.conns) }

// EachConnection calls fn for every open connection.
func (s *Server) EachConnection(fn func(*Socket)) {
	for c := range s.conns {
		fn(c)
	}
}

// Ref makes the listening server keep the loop alive (the default).
func (s *Server) Ref() {
	s.unref = false
	if s.handle != nil {
		s.handle.Ref()
	}
}

// Unref lets the loop exit while the server listens.
func (s *Server) Unref() {
	s.unref = true
	if s.handle != nil {
		s.handle.Unref()
	}
}

// OnConnection registers fn for 'connection'.
func (s *Server) OnConnection(fn func(*Socket)) *events.Listener {
	return events.On1(&s.Emitter, events.Connection, fn)
}

// OnListening registers fn for 'listening'.
func (s *Server) OnListening(fn func()) *events.Listener {
	return events.On0(&s.Emitter, events.Listening, fn)
}

// OnClose registers fn for 'close'.
func (s *Server) OnClose(fn func()) *events.Listener { return events.On0(&s.Emitter, events.Close, fn) }

// OnError registers fn for 'error'.
func (s *Server) OnError(fn func(error)) *events.Listener {
	return events.On1(&s.Emitter, events.ErrorEvent, fn)
}
