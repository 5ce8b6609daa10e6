package net

import (
	"context"
	stdnet "net"
	"net/netip"
	"strconv"
	"syscall"
	"time"

	"github.com/uvgo/uvgo/dns"
	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/lent"
	"github.com/uvgo/uvgo/internal/nodeerr"
	"github.com/uvgo/uvgo/internal/sock"
	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

// ErrSocketClosed is reported to writes on a socket whose handle is gone
// (Node's ERR_SOCKET_CLOSED).
var ErrSocketClosed = nodeerr.New("ERR_SOCKET_CLOSED", "Socket is closed")

// SocketOptions configure a client Socket (Node's new net.Socket and
// net.connect options).
type SocketOptions struct {
	// AllowHalfOpen keeps the write side open after the peer's FIN.
	AllowHalfOpen bool
	// ReadableHighWaterMark and WritableHighWaterMark (0 = 16 KiB).
	ReadableHighWaterMark int
	WritableHighWaterMark int
	// Handle, if set, is a connected stream handle (a *uv.TCP or a
	// *uv.Pipe) the Socket takes over (Node's new net.Socket({ handle })):
	// the Socket owns it from then on, reads from it when read from, and
	// closes it when destroyed.
	Handle uv.Stream
}

// Socket is Node 20's net.Socket: a stream.Duplex over a libuv stream,
// a TCP connection or a Unix-domain socket (a uv pipe). Loop thread only.
//
// Each write goes to the kernel at once (uv_try_write), as in Node; only
// what the kernel did not take is queued, pinned in place until libuv
// has written it, and counted in WritableLength with the rest of its
// chunk. Write returns false past the writable high-water mark and
// 'drain' follows once everything queued is written. Cork and Uncork
// batch writes into one vectored write. The read side
// stops reading the socket (uv_read_stop) while the stream is paused or
// its buffer is at the high-water mark, and starts again when read from.
//
// 'close' is emitted from the handle's close callback (the loop's close
// phase), with hadError, as in Node. Read data is copied out of the
// loop's read slab before it is pushed, so 'data' chunks may be kept; a
// bulk read headed for a single pipe only is copied into a buffer of the
// loop's pool, which comes back once the destination has written it
// (stream's "Buffer loans"): piping a socket allocates nothing per chunk.
// Writes go to the kernel from the chunk's own memory, the unsent rest
// pinned until libuv's callback, with no allocation per write.
type Socket struct {
	stream.Duplex
	loop       *uv.Loop
	core       *sock.Core // the socket layer (shared with an HTTP connection)
	handle     uv.Stream  // the handle under core; nil before Connect and once destroyed
	server     *Server
	connecting bool
	bytesRead  int64
	bytesWrit  int64
	timeout    *uv.Timeout
	timeoutDur time.Duration
	pendingW   []stream.Chunk // writes waiting for 'connect'
	pendingCb  func(error)
	queued     []queuedWrite // writes libuv has not completed, in order
	into       []byte        // the pooled buffer lent to the coming read (ReadLend)
	intoLoan   stream.Lender // and its lender
	lending    bool          // reads land in pooled buffers (the data goes to a pipe only)
	bufs       [][]byte      // scratch for the vector of one write
	written    func(error)   // s.onWritten, made once
}

// queuedWrite is a write libuv holds (pinned) until its callback: its
// chunks are released then (stream.Chunk.Release).
type queuedWrite struct {
	cb   func(error)
	n    int
	one  stream.Chunk   // the chunk of a single write
	many []stream.Chunk // the chunks of a vectored one
}

func newSocket(loop *uv.Loop, h uv.Stream, o SocketOptions) *Socket {
	s := &Socket{loop: loop}
	if h != nil {
		s.attach(h)
	}
	s.initStream(o)
	return s
}

// attach gives the Socket its own Core over h.
func (s *Socket) attach(h uv.Stream) {
	s.handle = h
	s.core = new(sock.Core)
	s.core.Init(s.loop, h, (*owner)(s), stream.DefaultHighWaterMark, nil)
}

func (s *Socket) initStream(o SocketOptions) {
	stream.InitDuplex(&s.Duplex, s.loop, stream.DuplexOptions{
		TypeName:              "Socket",
		DisallowHalfOpen:      !o.AllowHalfOpen,
		DisableEmitClose:      true,
		DisableDecodeStrings:  true,
		ReadableHighWaterMark: o.ReadableHighWaterMark,
		WritableHighWaterMark: o.WritableHighWaterMark,
		Read:                  s.read,
		Write:                 s.write,
		Writev:                s.writev,
		ReleasesChunks:        true,
		Final:                 s.final,
		Destroy:               s.destroy,
	})
}

func init() {
	lent.Trust((*Socket)(nil)) // its Write releases chunks once libuv is done with them
	sock.NewSocket = func(c *sock.Core, h uv.Stream) any {
		s := &Socket{loop: c.Loop(), core: c, handle: h}
		s.initStream(SocketOptions{})
		c.WhenClosed(s.coreClosed)
		return s
	}
	sock.Adopt = func(v any) {
		s := v.(*Socket)
		s.core.SetOwner((*owner)(s))
	}
}

// coreClosed ends a Socket handed out over an HTTP connection's Core when
// that connection closes it (the HTTP side destroyed it).
func (s *Socket) coreClosed() {
	if !s.Destroyed() {
		s.handle = nil
		s.Destroy(nil)
	}
}

// NewSocket returns a socket on loop: an unconnected client socket (call
// Connect), or, with o.Handle, a Socket over that connected handle.
func NewSocket(loop *uv.Loop, o SocketOptions) *Socket {
	return newSocket(loop, o.Handle, o)
}

// Connect creates a socket and connects it to host:port (Node's
// net.connect); cb, if not nil, is added as a 'connect' listener. A host
// that is not an IP address is looked up first (dns.Lookup, Node's
// default resolver: getaddrinfo on libuv's threadpool), with Node's
// 'lookup' event; "" means localhost. Failures arrive as 'error' events,
// as in Node.
func Connect(loop *uv.Loop, port int, host string, cb func()) *Socket {
	s := NewSocket(loop, SocketOptions{})
	s.Connect(port, host, cb)
	return s
}

// Connect connects the socket to host:port (see the function Connect).
// Loop thread only.
func (s *Socket) Connect(port int, host string, cb func()) {
	if cb != nil {
		s.OnConnect(cb)
	}
	if port < 0 || port > 65535 {
		err := nodeerr.NewKind("RangeError", "ERR_SOCKET_BAD_PORT", "Port should be >= 0 and < 65536. Received "+strconv.Itoa(port)+".")
		s.loop.NextTick(func() { s.Destroy(err) })
		return
	}
	if host == "" {
		host = "localhost"
	}
	s.connecting = true
	if a, err := netip.ParseAddr(host); err == nil {
		s.connectTo([]netip.Addr{a}, port)
		return
	}
	// Node 20 tries every address of the name in turn (autoSelectFamily):
	// localhost may be ::1 first while the server listens on 127.0.0.1.
	dns.Lookup(s.loop, host, dns.LookupOptions{All: true}, func(addrs []netip.Addr, err error) {
		if s.Destroyed() {
			return
		}
		var first netip.Addr
		if len(addrs) > 0 {
			first = addrs[0]
		}
		s.Emit(events.Lookup, err, first.String(), dns.Family(first), host)
		if err != nil {
			s.connecting = false
			s.Destroy(err)
			return
		}
		s.connectTo(addrs, port)
	})
}

// connectTo connects to the first address that accepts.
func (s *Socket) connectTo(addrs []netip.Addr, port int) {
	h, err := uv.NewTCP(s.loop)
	if err != nil {
		s.loop.NextTick(func() { s.Destroy(err) })
		return
	}
	s.attach(h)
	addr := netip.AddrPortFrom(addrs[0], uint16(port))
	err = h.Connect(addr, func(err error) {
		if err != nil && len(addrs) > 1 && !s.Destroyed() {
			// the next address, on a new handle
			s.handle, s.core = nil, nil
			h.Close(nil)
			s.connectTo(addrs[1:], port)
			return
		}
		s.afterConnect(err)
	})
	if err != nil {
		s.loop.NextTick(func() { s.Destroy(err) })
	}
}

// ConnectPath creates a socket and connects it to the Unix-domain socket
// at path (Node's net.connect(path), net.createConnection({ path }));
// cb, if not nil, is added as a 'connect' listener. Failures (ENOENT: no
// such path; ECONNREFUSED: a stale socket nobody listens on) arrive as
// 'error' events, as in Node.
func ConnectPath(loop *uv.Loop, path string, cb func()) *Socket {
	s := NewSocket(loop, SocketOptions{})
	s.ConnectPath(path, cb)
	return s
}

// ConnectPath connects the socket to the Unix-domain socket at path (see
// the function ConnectPath). Loop thread only.
func (s *Socket) ConnectPath(path string, cb func()) {
	if cb != nil {
		s.OnConnect(cb)
	}
	h, err := uv.NewPipe(s.loop)
	if err != nil {
		s.loop.NextTick(func() { s.Destroy(err) })
		return
	}
	s.connecting = true
	s.attach(h)
	if err := h.Connect(path, s.afterConnect); err != nil {
		s.loop.NextTick(func() { s.Destroy(err) })
	}
}

// resolve turns a host ("" and "localhost": the loopback address, an IP
// address, or a name) and a port into an address, for listening. A name
// is looked up at once, with the system's resolver (hosts file, then
// DNS), and the first address is taken, as Node's listen takes the first
// of dns.lookup: Listen reports its errors synchronously, so this lookup
// blocks (it happens at setup, not per request). A failed lookup is a
// *dns.Error (ENOTFOUND ...).
func resolve(host string, port int) (netip.AddrPort, error) {
	if port < 0 || port > 65535 {
		return netip.AddrPort{}, nodeerr.NewKind("RangeError", "ERR_SOCKET_BAD_PORT", "Port should be >= 0 and < 65536. Received "+strconv.Itoa(port)+".")
	}
	switch host {
	case "", "localhost":
		host = "127.0.0.1"
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
		defer cancel()
		addrs, lerr := stdnet.DefaultResolver.LookupNetIP(ctx, "ip", host)
		if lerr != nil || len(addrs) == 0 {
			return netip.AddrPort{}, &dns.Error{Errno: uv.EAINoName, Code: dns.NOTFOUND, Syscall: "getaddrinfo", Hostname: host}
		}
		a = addrs[0].Unmap()
	}
	return netip.AddrPortFrom(a, uint16(port)), nil
}

// lookupTimeout bounds Listen's lookup of a host name.
const lookupTimeout = 10 * time.Second

func (s *Socket) afterConnect(err error) {
	s.connecting = false
	if s.Destroyed() {
		return
	}
	if err != nil {
		s.Destroy(err)
		return
	}
	events.Emit0(&s.Emitter, events.Connect)
	events.Emit0(&s.Emitter, events.Ready)
	if len(s.pendingW) > 0 {
		chunks, cb := s.pendingW, s.pendingCb
		s.pendingW, s.pendingCb = nil, nil
		s.writev(chunks, cb)
	}
	if !s.IsPaused() || s.ReadableLength() < s.ReadableHighWaterMark() {
		s.startReading()
	}
}

// read is the Duplex's Read: start reading the socket.
func (s *Socket) read(_ *stream.Readable, _ int) {
	if s.connecting || s.handle == nil {
		return
	}
	s.startReading()
}

func (s *Socket) startReading() {
	if s.core == nil || s.core.Reading() {
		return
	}
	if err := s.core.ReadStart(); err != nil {
		s.Destroy(err)
	}
}

func (s *Socket) stopReading() {
	if s.core != nil {
		s.core.ReadStop()
	}
}

// owner is the Socket as its Core's owner (the Core's reports are not
// part of Socket's API).
type owner Socket

func (o *owner) SockRead(data []byte, err error) { (*Socket)(o).onRead(data, err) }
func (o *owner) SockDrained()                    {}
func (o *owner) SockFlush()                      {}
func (o *owner) SockError(err error)             { (*Socket)(o).Destroy(err) }

// SockClosing: the Core was destroyed by someone else than the Socket
// (an HTTP connection it was handed over from).
func (o *owner) SockClosing() {
	if s := (*Socket)(o); !s.Destroyed() {
		s.Destroy(nil)
	}
}

func (s *Socket) onRead(data []byte, err error) {
	if err != nil {
		s.stopReading()
		var ue *uv.Error
		if isEOF(err, &ue) {
			s.PushEOF()
			s.ReadN(0)
			return
		}
		s.Destroy(err)
		return
	}
	s.bytesRead += int64(len(data))
	s.touch()
	var more bool
	if s.into != nil && &data[0] == &s.into[0] {
		// The read landed in the pooled buffer lent to it: pushed as it
		// is, lent (it comes back once piped and written).
		l := s.intoLoan
		s.into, s.intoLoan = nil, nil
		more = s.PushLent(data, l)
	} else {
		// The slab is valid only during this callback: the stream gets
		// a copy (a pooled one when it goes to a pipe only: sock.Push).
		more = sock.Push(&s.Readable, s.loop, data)
	}
	if !more {
		s.stopReading()
	}
	s.syncLending()
}

// syncLending lends pooled buffers to the socket's reads while its chunks
// go to one pipe only (piping a socket: the bytes are read and written
// from the same memory, with no copy and no allocation), and stops when
// that changes. A buffer is lent only as a read happens, so an idle
// socket holds none.
func (s *Socket) syncLending() {
	want := s.OnlyPiped()
	if want == s.lending || s.core == nil {
		return
	}
	var err error
	if want {
		err = s.core.ReadLend(s.lendRead, s.readBack)
	} else {
		err = s.core.ReadLend(nil, nil)
	}
	if err == nil {
		s.lending = want
	}
}

// lendRead gives the coming read a pooled buffer (the loop asks just
// before it reads).
func (s *Socket) lendRead() []byte {
	if !s.OnlyPiped() {
		return nil // chunks someone else reads: the slab, copied
	}
	b, l := sock.PoolFor(s.loop).Lend()
	s.into, s.intoLoan = b, l
	return b
}

// readBack takes back a lent buffer no read used.
func (s *Socket) readBack(b []byte) {
	if s.into != nil && &b[0] == &s.into[0] {
		l := s.intoLoan
		s.into, s.intoLoan = nil, nil
		l.Return()
	}
}

func isEOF(err error, ue **uv.Error) bool {
	e, ok := err.(*uv.Error)
	if ok {
		*ue = e
	}
	return ok && e.Code == uv.EOF
}

func (s *Socket) write(c stream.Chunk, cb func(error)) {
	if s.connecting {
		s.writev([]stream.Chunk{c}, cb)
		return
	}
	s.dispatch(queuedWrite{cb: cb, one: c})
}

// writev sends the chunks as one vectored write: what the kernel takes at
// once completes synchronously, the rest when libuv is done.
func (s *Socket) writev(chunks []stream.Chunk, cb func(error)) {
	if s.connecting {
		s.pendingW = append(s.pendingW, chunks...)
		prev := s.pendingCb
		s.pendingCb = func(err error) {
			if prev != nil {
				prev(err)
			}
			cb(err)
		}
		return
	}
	s.dispatch(queuedWrite{cb: cb, many: chunks})
}

// dispatch writes w's chunks from their own memory: what the kernel does
// not take at once stays queued in place (pinned) until libuv's callback,
// and the chunks are released (back to their pool, if they came from
// one) once libuv is done with them. Nothing is allocated in steady
// state.
func (s *Socket) dispatch(w queuedWrite) {
	if s.core == nil || s.core.Closed() {
		w.cb(ErrSocketClosed)
		return
	}
	s.touch()
	bufs := s.bufs[:0]
	if w.many == nil {
		bufs = append(bufs, w.one.Bytes())
	} else {
		for _, c := range w.many {
			bufs = append(bufs, c.Bytes())
		}
	}
	for _, b := range bufs {
		w.n += len(b)
	}
	if s.written == nil {
		s.written = s.onWritten
	}
	done, err := s.core.Dispatch(bufs, s.written)
	clear(bufs)
	s.bufs = bufs[:0]
	if err != nil {
		// Node destroys the socket on a failed write dispatch (EPIPE...).
		s.Destroy(err)
		return
	}
	if !done {
		s.queued = append(s.queued, w)
		return
	}
	releaseAll(&w)
	s.bytesWrit += int64(w.n)
	w.cb(nil)
}

func releaseAll(w *queuedWrite) {
	if w.many == nil {
		w.one.Release()
		return
	}
	for _, c := range w.many {
		c.Release()
	}
}

// onWritten is libuv's callback for the oldest queued write.
func (s *Socket) onWritten(err error) {
	if len(s.queued) == 0 {
		return
	}
	w := s.queued[0]
	n := copy(s.queued, s.queued[1:])
	s.queued[n] = queuedWrite{}
	s.queued = s.queued[:n]
	releaseAll(&w)
	if err != nil {
		w.cb(err)
		return
	}
	s.bytesWrit += int64(w.n)
	s.touch()
	w.cb(nil)
}

func (s *Socket) final(cb func(error)) {
	if s.connecting {
		events.Once0(&s.Emitter, events.Connect, func() { s.final(cb) })
		return
	}
	if s.core == nil || s.core.Closed() {
		cb(nil)
		return
	}
	err := s.core.End(func(err error) {
		if err != nil && !errorsIsNotConn(err) {
			cb(err)
			return
		}
		cb(nil)
	})
	if err != nil {
		if errorsIsNotConn(err) || err == sock.ErrClosed {
			cb(nil)
			return
		}
		cb(err)
	}
}

func errorsIsNotConn(err error) bool {
	e, ok := err.(*uv.Error)
	return ok && e.Code == -int(syscall.ENOTCONN)
}

// destroy is the Duplex's Destroy: close the handle; 'close' follows from
// its close callback.
func (s *Socket) destroy(err error, cb func(error)) {
	s.stopTimer()
	hadError := err != nil
	if c := s.core; c != nil && !c.Closed() {
		s.handle = nil
		c.WhenClosed(func() { events.Emit1(&s.Emitter, events.Close, hadError) })
		c.Destroy()
		cb(err)
	} else {
		// No handle (a lookup or a connection that failed): 'close' on a
		// tick after the stream's 'error' tick, as Node's.
		cb(err)
		s.loop.NextTick(func() { events.Emit1(&s.Emitter, events.Close, hadError) })
	}
	if srv := s.server; srv != nil {
		s.server = nil
		srv.connectionClosed(s)
	}
}

// touch restarts the inactivity timer (SetTimeout).
func (s *Socket) touch() {
	if s.timeout != nil {
		s.timeout.Refresh()
	}
}

func (s *Socket) stopTimer() {
	if s.timeout != nil {
		s.loop.ClearTimeout(s.timeout)
		s.timeout = nil
	}
}

// SetTimeout emits 'timeout' after d of inactivity (no read, no write);
// 0 disables it. cb, if not nil, is added as a 'timeout' listener. The
// socket is not closed: the listener decides (Node's setTimeout).
func (s *Socket) SetTimeout(d time.Duration, cb func()) {
	if cb != nil {
		events.Once0(&s.Emitter, events.Timeout, cb)
	}
	s.stopTimer()
	s.timeoutDur = d
	if d <= 0 || s.Destroyed() {
		return
	}
	s.timeout = s.loop.SetTimeout(func() {
		s.timeout = nil
		events.Emit0(&s.Emitter, events.Timeout)
	}, d).Unref()
}

// SetNoDelay turns Nagle's algorithm off (true) or on. It does nothing
// on a Unix-domain socket, as in Node.
func (s *Socket) SetNoDelay(noDelay bool) error {
	t, ok := s.handle.(*uv.TCP)
	if !ok {
		return nil
	}
	return t.SetNoDelay(noDelay)
}

// SetKeepAlive enables TCP keep-alive with the given initial delay. It
// does nothing on a Unix-domain socket, as in Node.
func (s *Socket) SetKeepAlive(enable bool, initialDelay time.Duration) error {
	t, ok := s.handle.(*uv.TCP)
	if !ok {
		return nil
	}
	return t.SetKeepAlive(enable, initialDelay)
}

// Pending reports whether the socket is not connected yet.
func (s *Socket) Pending() bool { return s.handle == nil || s.connecting }

// Connecting reports whether a connection attempt is under way.
func (s *Socket) Connecting() bool { return s.connecting }

// BytesRead returns the bytes received so far.
func (s *Socket) BytesRead() int64 { return s.bytesRead }

// BytesWritten returns the bytes handed to the kernel so far.
func (s *Socket) BytesWritten() int64 { return s.bytesWrit }

// RemoteAddr returns the peer's address (zero when not connected, and on
// a Unix-domain socket, whose remoteAddress Node leaves undefined).
func (s *Socket) RemoteAddr() netip.AddrPort {
	t, ok := s.handle.(*uv.TCP)
	if !ok {
		return netip.AddrPort{}
	}
	a, _ := t.PeerName()
	return a
}

// LocalAddr returns the local address (zero when not bound, and on a
// Unix-domain socket).
func (s *Socket) LocalAddr() netip.AddrPort {
	t, ok := s.handle.(*uv.TCP)
	if !ok {
		return netip.AddrPort{}
	}
	a, _ := t.SockName()
	return a
}

// RemoteAddress returns the peer's IP as text, like Node's remoteAddress
// ("" on a Unix-domain socket, where Node's is undefined).
func (s *Socket) RemoteAddress() string {
	a := s.RemoteAddr()
	if !a.IsValid() {
		return ""
	}
	return a.Addr().String()
}

// Handle returns the underlying handle, a *uv.TCP or a *uv.Pipe (nil
// before connecting and once destroyed).
func (s *Socket) Handle() uv.Stream { return s.handle }

// OnConnect registers fn for 'connect'.
func (s *Socket) OnConnect(fn func()) *events.Listener {
	return events.On0(&s.Emitter, events.Connect, fn)
}

// OnLookup registers fn for 'lookup': the result of looking up the host
// of Connect (err nil on success), before connecting.
func (s *Socket) OnLookup(fn func(err error, host string)) *events.Listener {
	return s.On(events.Lookup, func(args ...any) {
		err, _ := args[0].(error)
		host, _ := args[3].(string)
		fn(err, host)
	})
}

// OnSocketClose registers fn for 'close' with Node's hadError argument.
func (s *Socket) OnSocketClose(fn func(hadError bool)) *events.Listener {
	return events.On1(&s.Emitter, events.Close, fn)
}

// OnTimeout registers fn for 'timeout'.
func (s *Socket) OnTimeout(fn func()) *events.Listener {
	return events.On0(&s.Emitter, events.Timeout, fn)
}
