package http

import (
	"net/netip"
	"sync"
	"syscall"
	"time"

	"github.com/uvgo/uvgo/dns"
	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http/internal/llhttp"
	"github.com/uvgo/uvgo/internal/sock"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

// loopState is what a loop's clients share: the parsers' token array (one
// read is parsed at a time on a loop), the output buffers lent to idle
// connections, and the global agent. It is freed when the loop closes.
type loopState struct {
	scratch *llhttp.Scratch
	bufs    sock.BufPool
	global  *Agent
	// idle connections of every agent on the loop, closed when the loop
	// has nothing else to do (see closeIdle)
	idle     map[*clientConn]struct{}
	watching bool
}

// closeIdle is the loop's BeforeExit hook: the idle kept-alive
// connections, which do not hold the loop open (Node unrefs its free
// sockets), are closed when nothing else is left, so that Run returns
// with no handle open, as a Node process exits with its free sockets.
func (s *loopState) closeIdle() {
	for c := range s.idle {
		c.destroyWith(nil)
	}
}

// setIdle records whether c is idle in its agent's free list.
func (s *loopState) setIdle(l *uv.Loop, c *clientConn, idle bool) {
	if !idle {
		delete(s.idle, c)
		return
	}
	if !s.watching {
		s.watching = true
		l.BeforeExit(s.closeIdle)
	}
	s.idle[c] = struct{}{}
}

var (
	loopsMu sync.Mutex
	loops   = map[*uv.Loop]*loopState{}
)

// stateOf returns the loop's client state, made on first use. The
// states of loops closed since the last call are freed here (no goroutine
// per loop waits for its end).
func stateOf(l *uv.Loop) *loopState {
	loopsMu.Lock()
	defer loopsMu.Unlock()
	if s := loops[l]; s != nil {
		return s
	}
	for other, s := range loops {
		select {
		case <-other.Done():
			delete(loops, other)
			s.scratch.Free()
		default:
		}
	}
	s := &loopState{scratch: llhttp.NewScratch(), idle: map[*clientConn]struct{}{}}
	loops[l] = s
	return s
}

// clientConn state bits.
const (
	ccConnected  uint32 = 1 << iota // the TCP connection is established
	ccClosed                        // destroyed: the socket is closing or closed
	ccInValue                       // parsing: a header value has begun
	ccTrailer                       // parsing: the next fields are trailers
	ccInfo                          // parsing: the message is a 1xx
	ccBodyPaused                    // reading stopped: the response's buffer is full
	ccTicked                        // the request got the socket ('socket' emitted)
	ccFree                          // in its agent's free list
	ccLeft                          // handed to an 'upgrade'/'connect' listener
	ccReused                        // has served a request before
	ccKeepAlive                     // TCP keep-alive is on with the agent's delay
)

// clientConn is one client connection: the socket layer, the response
// parser (C memory, running as the handle's read filter), and the request
// it serves (Node's socket._httpMessage).
type clientConn struct {
	core   sock.Core
	loop   *uv.Loop
	ls     *loopState
	h      *uv.TCP
	parser *llhttp.Parser
	agent  *Agent
	name   string
	bits   uint32

	sock  *net.Socket // the socket as listeners get it, made on first use
	spare []byte      // a request's emptied output buffer, for the next one
	req   *ClientRequest
	cur   *IncomingMessage // the message being parsed
	// upgrading is a response that ends HTTP, handed over at TUpgrade
	upgrading *IncomingMessage

	status, field, value []byte
	// the previous response's header strings and reason phrase, reused
	// when the next response repeats them (a server sends the same
	// headers again and again)
	prevRaw    []string
	prevStatus string

	timer      *uv.Timeout
	timeoutDur time.Duration
	connErr    error
	hadError   bool
}

// clientSide is what a client response links to.
type clientSide struct {
	loop   *uv.Loop
	conn   *clientConn // nil once the connection went back to its agent
	req    *ClientRequest
	dumped bool
}

func (s *clientSide) setTimeout(d time.Duration) {
	if s.conn != nil {
		s.conn.setTimeout(d)
	}
}

func (s *clientSide) remote() netip.AddrPort {
	if s.conn != nil && s.conn.h != nil {
		a, _ := s.conn.h.PeerName()
		return a
	}
	return netip.AddrPort{}
}

func (c *clientConn) closed() bool { return c.bits&ccClosed != 0 }

// attached reports whether r has this connection and may write to it.
func (c *clientConn) attached(r *ClientRequest) bool {
	return c.req == r && c.bits&(ccConnected|ccTicked|ccClosed) == ccConnected|ccTicked
}

// newClientConn connects to host:port for a.
func newClientConn(a *Agent, name, host string, port, maxHeader int) *clientConn {
	ls := stateOf(a.loop)
	c := &clientConn{loop: a.loop, ls: ls, agent: a, name: name}
	c.parser = llhttp.NewResponseParser(ls.scratch, maxHeader)
	// The handle exists from the start (Node's socket does), so that
	// 'socket' always has a socket, even while the name is looked up.
	if err := c.newHandle(); err != nil {
		c.failConnect(err)
		return c
	}
	if addr, err := netip.ParseAddr(host); err == nil {
		c.connectTo([]netip.Addr{addr}, port)
		return c
	}
	dns.Lookup(c.loop, host, dns.LookupOptions{All: true}, func(addrs []netip.Addr, err error) {
		if c.closed() {
			return
		}
		if err != nil {
			c.failConnect(err)
			return
		}
		c.connectTo(addrs, port)
	})
	return c
}

// newHandle gives the connection a TCP handle, with the parser as its
// read filter.
func (c *clientConn) newHandle() error {
	h, err := uv.NewTCP(c.loop)
	if err != nil {
		return err
	}
	c.h = h
	c.core.Init(c.loop, h, c, stream.DefaultHighWaterMark, &c.ls.bufs)
	fn, ctx := c.parser.Filter()
	h.SetReadFilter(fn, ctx)
	return nil
}

// connectTo connects to the first address that accepts, as Node 20 does;
// each further attempt is made on a new handle (a *net.Socket handed out
// before keeps the first one, closed: see doc.go).
func (c *clientConn) connectTo(addrs []netip.Addr, port int) {
	h := c.h
	err := h.Connect(netip.AddrPortFrom(addrs[0].Unmap(), uint16(port)), func(err error) {
		if c.closed() {
			return
		}
		if err != nil && len(addrs) > 1 {
			h.Close(nil)
			if err := c.newHandle(); err != nil {
				c.failConnect(err)
				return
			}
			c.connectTo(addrs[1:], port)
			return
		}
		c.afterConnect(err)
	})
	if err != nil {
		c.failConnect(err)
	}
}

// failConnect destroys a connection that could not be made: its request
// gets the error (Node: the socket's 'error', then 'close').
func (c *clientConn) failConnect(err error) {
	c.destroyWith(err)
}

func (c *clientConn) afterConnect(err error) {
	if err != nil {
		c.failConnect(err)
		return
	}
	c.bits |= ccConnected
	if c.agent.opts.KeepAlive {
		c.tcpKeepAlive()
	}
	c.h.SetNoDelay(true)
	c.core.ReadStart()
	if c.timeoutDur > 0 {
		c.armTimer()
	}
	if r := c.req; r != nil && c.bits&ccTicked != 0 {
		c.flushRequest(r)
	}
}

// netSocket returns the connection's *net.Socket, made on first use over
// the same socket layer: the connection keeps consuming the reads.
func (c *clientConn) netSocket() *net.Socket {
	if c.sock == nil && c.h != nil {
		c.sock = sock.NewSocket(&c.core, c.h).(*net.Socket)
	}
	return c.sock
}

// assign gives the connection to r (Node's setRequestSocket): 'socket'
// on the next tick, then r's output goes out.
func (c *clientConn) assign(r *ClientRequest) {
	c.req = r
	r.conn = c
	c.bits &^= ccTicked
	c.loop.NextTickArg(onSocketNT, r)
}

// onSocketNT is Node's onSocketNT: a request destroyed meanwhile gives the
// socket back (or fails); otherwise 'socket' and the output.
func onSocketNT(a any) {
	r := a.(*ClientRequest)
	c := r.conn
	if c == nil || c.req != r {
		return
	}
	if r.bits&crDestroyed != 0 {
		if !c.closed() && r.err == nil {
			// Node hands a healthy socket back to the agent.
			c.req = nil
			r.conn = nil
			c.agent.onFree(c, nil)
			r.finishDestroyed(nil)
			return
		}
		c.destroyWith(r.err)
		return
	}
	if c.closed() {
		return
	}
	c.bits |= ccTicked
	c.parser.SetExpect(r.expectFor())
	if r.hasTimeout {
		c.setTimeout(r.timeout)
	}
	if r.timeoutSet || r.hasTimeout || c.agent.opts.Timeout > 0 {
		r.timeoutSet = true
	}
	events.Emit1(&r.Emitter, EventSocket, c.netSocket())
	if c.bits&ccConnected != 0 && c.req == r {
		c.flushRequest(r)
	}
}

// finishDestroyed is Node's _destroy in onSocketNT: a request destroyed
// before it had its socket.
func (r *ClientRequest) finishDestroyed(err error) {
	if err == nil && r.bits&crAborted == 0 {
		err = ErrSocketHangUp
	}
	if err != nil && r.bits&crHadError == 0 {
		r.emitError(err)
	}
	r.emitClose()
}

// flushRequest writes what the request produced before it had the
// socket (Node's _flushOutput), and finishes it if it was ended.
func (c *clientConn) flushRequest(r *ClientRequest) {
	if len(r.pending) > 0 {
		c.core.Write(r.pending) // copied (or written) at once
		if cap(r.pending) <= maxKeptOut {
			c.spare = r.pending[:0]
		}
		r.pending = nil
	}
	if cb := r.held; cb != nil {
		r.held = nil
		cb(nil)
	} else if !c.core.Saturated() {
		r.SinkDrained()
	}
}

// SockRead is the socket's reads: the parser's tokens of each read.
func (c *clientConn) SockRead(data []byte, err error) {
	if c.closed() || (data == nil && err == nil) {
		return
	}
	c.touch()
	for _, t := range c.ls.scratch.Tokens() {
		if c.closed() {
			return
		}
		if !c.token(t, data) {
			return
		}
	}
}

// SockDrained: the output the request wrote has gone out.
func (c *clientConn) SockDrained() {
	c.touch()
	if r := c.req; r != nil && c.attached(r) {
		r.SinkDrained()
	}
}

// SockFlush adds nothing: the request writes straight into the output.
func (c *clientConn) SockFlush() {}

// SockError is a failed write: the socket is destroyed already.
func (c *clientConn) SockError(err error) {
	if !c.hadError && !canceled(err) {
		c.connErr = err
		c.reportError(err)
	}
}

// SockClosing is the socket's destroy, whoever asked for it.
func (c *clientConn) SockClosing() {
	if c.bits&ccClosed != 0 {
		return
	}
	c.bits |= ccClosed
	c.stopTimer()
	if c.sock != nil && !c.sock.Destroyed() {
		c.sock.Destroy(nil)
	}
	p := c.parser
	c.core.WhenClosed(func() {
		p.Free()
		c.socketClosed()
	})
}

// destroyWith destroys the connection; err, if not nil, goes to its
// request's 'error' on the next tick (Node's socket.destroy(err)).
func (c *clientConn) destroyWith(err error) {
	if c.closed() {
		return
	}
	if err != nil && !c.hadError {
		c.connErr = err
		c.hadError = true
		c.loop.NextTick(func() { c.reportError(err) })
	}
	if c.core.Handle() == nil {
		// no handle (it could not be made): close on a tick, as Node's
		// socket does
		c.bits |= ccClosed
		c.loop.NextTick(func() {
			c.parser.Free()
			c.socketClosed()
		})
		return
	}
	c.core.Destroy()
}

// reportError is Node's socketErrorListener: the request's 'error'.
func (c *clientConn) reportError(err error) {
	c.hadError = true
	if r := c.req; r != nil && r.bits&crHadError == 0 {
		r.emitError(err)
	}
}

// socketClosed is Node's socketCloseListener and the agent's onClose.
func (c *clientConn) socketClosed() {
	c.ls.setIdle(c.loop, c, false)
	c.agent.socketClosed(c)
	r := c.req
	if r == nil || c.bits&ccLeft != 0 {
		return
	}
	r.bits |= crDestroyed
	if m := r.res; m != nil {
		if !m.Complete {
			m.Destroy(ErrAborted)
		}
		r.emitClose()
		if !m.Aborted && !m.ReadableEnded() && m.IsReadable() {
			m.PushEOF()
		}
		return
	}
	if !c.hadError && r.bits&crHadError == 0 {
		c.hadError = true
		r.emitError(ErrSocketHangUp)
	}
	r.emitClose()
}

// endSoon is Node's socket.destroySoon: FIN, then destroy.
func (c *clientConn) endSoon() {
	if c.closed() {
		return
	}
	if err := c.core.End(func(err error) {
		if canceled(err) {
			err = nil
		}
		c.destroyWith(err) // a write that failed meanwhile (EPIPE ...) is the request's error
	}); err != nil {
		c.destroyWith(nil)
	}
}

// canceled reports libuv's ECANCELED: a write or shutdown cut short by
// the connection's own destroy, not an error of the peer's.
func canceled(err error) bool {
	e, ok := err.(*uv.Error)
	return ok && e.Code == -int(syscall.ECANCELED)
}

// keepAlive is Node's responseKeepAlive: the request is done with the
// connection; on the next tick it emits 'close' and the connection goes
// back to the agent ('free').
func (c *clientConn) keepAlive(r *ClientRequest) {
	if r.timeoutSet {
		c.setTimeout(0)
	}
	r.bits |= crDestroyed
	if m := r.res; m != nil {
		m.cli.conn = nil
	}
	c.loop.NextTickArg(emitFreeNT, r)
}

// emitFreeNT is Node's emitFreeNT: the request's 'close', then the
// connection goes back to the agent and its socket emits 'free'.
func emitFreeNT(a any) {
	r := a.(*ClientRequest)
	c := r.conn
	r.emitClose()
	if c == nil || c.req != r {
		return
	}
	c.req = nil
	c.agent.onFree(c, r)
	if c.sock != nil {
		// after the agent's own 'free' listener, as in Node
		events.Emit0(&c.sock.Emitter, EventFree)
	}
}

// setTimeout is Node's socket.setTimeout for the connection.
func (c *clientConn) setTimeout(d time.Duration) {
	c.timeoutDur = d
	c.stopTimer()
	if d > 0 && !c.closed() && c.bits&ccConnected != 0 {
		c.armTimer()
	}
}

func (c *clientConn) armTimer() {
	c.timer = c.loop.SetTimeout(c.onTimeout, c.timeoutDur).Unref()
}

func (c *clientConn) stopTimer() {
	if c.timer != nil {
		c.loop.ClearTimeout(c.timer)
		c.timer = nil
	}
}

func (c *clientConn) touch() {
	if c.timer != nil {
		c.timer.Touch()
	}
}

// onTimeout is the socket's 'timeout': a free connection is destroyed
// (the agent's onTimeout); otherwise the request and response learn it.
func (c *clientConn) onTimeout() {
	c.timer = nil
	if c.closed() {
		return
	}
	if c.bits&ccFree != 0 {
		c.destroyWith(nil)
		return
	}
	if c.sock != nil {
		events.Emit0(&c.sock.Emitter, events.Timeout)
	}
	r := c.req
	if r == nil {
		return
	}
	if r.timeoutSet {
		events.Emit0(&r.Emitter, events.Timeout)
	}
	if m := r.res; m != nil && !m.Complete {
		events.Emit0(&m.Emitter, events.Timeout)
	}
}

// tcpKeepAlive turns TCP keep-alive on with the agent's delay, once: Node's
// setKeepAlive does nothing when the setting is unchanged (a setsockopt
// per reuse is a tenth of a proxy's CPU).
func (c *clientConn) tcpKeepAlive() {
	if c.bits&ccKeepAlive == 0 && c.h != nil {
		c.h.SetKeepAlive(true, c.agent.opts.KeepAliveMsecs)
		c.bits |= ccKeepAlive
	}
}
