// Package sock is uvgo's one socket layer: the code that drives a libuv
// stream (a TCP connection) for both net.Socket and the HTTP connection,
// as Node's StreamBase sits under net.Socket and, through it, under
// _http_server.js. It owns the handle: reading (start, stop, and who
// consumes the bytes), writing with Node's accounting, the corked output
// of a tick, the graceful end (shutdown) and destroy, and the handle's
// lifetime. Loop thread only.
//
// # Writes
//
// Two ways in, one queue to libuv, so bytes leave in the order they were
// given:
//
//   - Write corks: the bytes are copied into the Core's output and go to
//     libuv in one write at the end of the tick (Node's res.write corks its
//     socket for the rest of the tick). HTTP responses use it. A write of
//     4 KiB or more is not copied: it goes to the kernel at once from the
//     caller's memory, with the corked bytes before it and its framing
//     after it (WriteFramed: a chunk's CRLF), in one vectored write, and
//     only what the kernel did not take is copied to C memory, so the
//     caller's buffer is free when Write returns, as the corked path
//     promises. Measured on /stream (16 x 64 KiB per response): the
//     kernel takes nearly all of each write, the copy of the rest is
//     under 1% of the profile, so pinning the caller's buffer (and
//     delaying the response's write callback for it) would buy nothing.
//   - Dispatch writes now: the corked output first, then the given
//     buffers, in one vectored uv_try_write; what the kernel does not take
//     is queued in place (pinned) until libuv's callback. net.Socket's
//     Writable uses it, and keeps its own Node accounting on top.
//
// Length is Node's socket.writableLength for the corked path: the corked
// bytes plus every write libuv has not completed, counted whole (as Node
// counts a chunk until its callback). Saturated reports Length at or above
// the high-water mark; after a saturated Write, the owner's SockDrained runs once
// everything has been written, including when the kernel took it all at
// once (no libuv callback comes then).
//
// # Lifetime
//
// Destroy closes the handle once; the functions registered with
// WhenClosed run from its close callback, in order. After Destroy every
// write is refused and reading stops; Closed reports it at once.
package sock

import (
	"errors"

	"github.com/uvgo/uvgo/uv"
)

// Bridges to net.Socket, filled in by package net (which imports this
// one), so that http hands its connection's Core to listeners as the
// *net.Socket Node gives them without net exporting Core-typed API.
var (
	// NewSocket returns a *net.Socket over c, whose handle is h. c keeps
	// its owner: the Socket writes, ends and destroys through c, and is
	// destroyed with it.
	NewSocket func(c *Core, h uv.Stream) any
	// Adopt makes the *net.Socket s its Core's owner: from then on it
	// consumes the reads (an HTTP connection that left HTTP).
	Adopt func(s any)
)

// Handle is the libuv stream under a Core: every uv.Stream (*uv.TCP,
// *uv.Pipe) has it; the HTTP tests drive a connection through an
// in-memory one.
type Handle interface {
	ReadStart(cb func(data []byte, err error)) error
	ReadStop() error
	Write3(a, b, c []byte, cb func(error)) (bool, error)
	WriteNoCopy(bufs [][]byte, cb func(error)) (bool, error)
	Shutdown(cb func(error)) error
	Close(cb func())
	// ReadLend makes reads land in buffers lend gives (uv.ReadSize
	// bytes), whose slices the reads then deliver; an error if the
	// handle cannot.
	ReadLend(lend func() []byte, back func([]byte)) error
}

// ErrClosed is returned by writes on a destroyed Core.
var ErrClosed = errors.New("sock: socket is destroyed")

// State bits (Core.bits).
const (
	bReading   uint32 = 1 << iota // the handle is being read
	bClosed                       // destroyed: the handle is closing or closed
	bEnded                        // shutdown asked: nothing more is written
	bFlushing                     // a flush is queued for the end of this tick
	bNeedDrain                    // a corked write found the socket at its mark
)

// Core drives one libuv stream. Its zero value is not usable: Init it.
type Core struct {
	loop *uv.Loop
	h    Handle
	bits uint32
	hwm  int32

	ob       *outBuf // corked output, written at the end of the tick (from pool between writes)
	pool     *BufPool
	mark     int                 // out[:mark] counts as written already (Mark)
	inflight int                 // bytes of writes libuv has not completed
	early    int                 // bytes of large writes the kernel took before the flush: still corked for Node
	written  func(error)         // c.onWritten, made on the first write
	reader   func([]byte, error) // c.onRead, made on the first ReadStart
	slow     *slowState
	owner    Owner
}

// Owner is what a Core reports to: the HTTP connection, or net.Socket.
type Owner interface {
	// SockRead consumes what the handle reads: the data (valid only
	// during the call) or an error (an *uv.Error; io.EOF at the peer's
	// FIN).
	SockRead(data []byte, err error)
	// SockDrained runs when a saturated socket has written everything.
	SockDrained()
	// SockFlush runs when the corked output is about to go out: the
	// owner may add what it holds back (Write, without a new tick).
	SockFlush()
	// SockClosing runs from Destroy, once, before the handle is closed:
	// the owner learns it synchronously, whoever destroyed the Core.
	SockClosing()
	// SockError runs when a corked write fails (after Destroy).
	SockError(err error)
}

// slowState is what only a saturated socket or a closing one needs: an
// idle or fast connection does not carry it.
type slowState struct {
	sizes    []int // the sizes of the writes libuv has not completed, in order
	onClosed []func()
}

// maxKeptOut bounds the output buffer a Core (or its pool) keeps between
// flushes.
const maxKeptOut = 4096

// outBuf holds a Core's corked output.
type outBuf struct{ b []byte }

// BufPool lends output buffers to the Cores of one loop between their
// writes, so that an idle connection holds none (an HTTP server's
// connections share one). Loop thread only. The zero value is ready.
type BufPool struct{ free []*outBuf }

// maxPooled bounds the buffers a pool keeps.
const maxPooled = 256

func (p *BufPool) get() *outBuf {
	if p != nil {
		if n := len(p.free); n > 0 {
			b := p.free[n-1]
			p.free[n-1] = nil
			p.free = p.free[:n-1]
			return b
		}
	}
	return &outBuf{b: make([]byte, 0, 512)}
}

func (p *BufPool) put(b *outBuf) {
	if cap(b.b) > maxKeptOut || len(p.free) >= maxPooled {
		return
	}
	b.b = b.b[:0]
	p.free = append(p.free, b)
}

// Init readies c on h, owned by loop, reporting to o, with hwm as the
// high-water mark of the corked path; pool, if not nil, lends it its
// output buffer between writes.
func (c *Core) Init(loop *uv.Loop, h Handle, o Owner, hwm int, pool *BufPool) {
	c.loop, c.h, c.owner, c.hwm, c.pool = loop, h, o, int32(hwm), pool
}

// out returns the corked output.
func (c *Core) out() []byte {
	if c.ob == nil {
		return nil
	}
	return c.ob.b
}

// release gives the (empty) output buffer back to the pool, or drops a
// large one.
func (c *Core) release() {
	if c.ob == nil {
		return
	}
	if c.pool != nil {
		c.pool.put(c.ob)
		c.ob = nil
	} else if cap(c.ob.b) > maxKeptOut {
		c.ob = nil
	} else {
		c.ob.b = c.ob.b[:0]
	}
}

// SetOwner hands the Core to another owner (an HTTP connection that
// leaves HTTP hands its socket to net.Socket).
func (c *Core) SetOwner(o Owner) { c.owner = o }

// Handle returns the handle (nil once destroyed).
func (c *Core) Handle() Handle {
	if c.bits&bClosed != 0 {
		return nil
	}
	return c.h
}

// Loop returns the loop the Core belongs to.
func (c *Core) Loop() *uv.Loop { return c.loop }

// Closed reports whether Destroy was called.
func (c *Core) Closed() bool { return c.bits&bClosed != 0 }

// Ended reports whether End or Destroy was called: nothing more is
// written.
func (c *Core) Ended() bool { return c.bits&(bEnded|bClosed) != 0 }

// Reading reports whether the handle is being read.
func (c *Core) Reading() bool { return c.bits&bReading != 0 }

// ReadStart starts reading into the owner's SockRead.
func (c *Core) ReadStart() error {
	if c.bits&(bReading|bClosed) != 0 {
		return nil
	}
	if c.reader == nil {
		c.reader = c.onRead
	}
	if err := c.h.ReadStart(c.reader); err != nil {
		return err
	}
	c.bits |= bReading
	return nil
}

func (c *Core) onRead(data []byte, err error) {
	if c.bits&bClosed != 0 || (data == nil && err == nil) {
		return
	}
	c.owner.SockRead(data, err)
}

// ReadLend makes the handle's reads land in buffers lend gives
// (uv.ReadSize bytes; nil: the slab) rather than in the loop's slab:
// SockRead then gets a slice of such a buffer, which the owner may keep;
// back gets a lent buffer no read used. ReadLend(nil, nil) stops it. It
// fails on a destroyed Core or a handle that cannot lend (the owner
// copies then, as for any read).
func (c *Core) ReadLend(lend func() []byte, back func([]byte)) error {
	if c.bits&bClosed != 0 {
		return ErrClosed
	}
	return c.h.ReadLend(lend, back)
}

// ReadStop stops reading: the peer's bytes wait in the kernel.
func (c *Core) ReadStop() {
	if c.bits&(bReading|bClosed) == bReading {
		c.h.ReadStop()
		c.bits &^= bReading
	}
}

// Length is Node's socket.writableLength for corked writes: the corked
// bytes plus the writes libuv has not completed.
func (c *Core) Length() int { return len(c.out()) + c.early + c.inflight }

// Saturated reports whether Length is at the high-water mark.
func (c *Core) Saturated() bool { return c.Length() >= int(c.hwm) }

// NeedDrain reports whether a corked write found the socket saturated and
// it has not drained since.
func (c *Core) NeedDrain() bool { return c.bits&bNeedDrain != 0 }

// bigWrite is the size from which Write does not copy into the corked
// output: the output so far and p go to libuv at once, in one vectored
// write (the kernel takes what it can from p in place; libuv keeps a copy
// of the rest only). A large body then costs one copy at most, and the
// output buffer stays small. What the kernel took still counts as corked
// until the end of the tick (early), so Length, Write's result and the
// drain come as they would in Node, whose socket holds the bytes until
// it uncorks.
const bigWrite = maxKeptOut

// Write appends p to the corked output (copied) and reports whether the
// socket is still below its mark (Node's socket.write() under cork). A
// write of bigWrite bytes or more uncorks: it goes out now, after the
// corked output. Nothing is written once the Core is ended or destroyed
// (false).
func (c *Core) Write(p []byte) bool { return c.WriteFramed(p, nil) }

// WriteFramed is Write of p then tail (a body chunk and the framing that
// follows it): a large p goes out with the corked output before it and
// tail after it in one vectored write, as Node's writev of a chunk with
// its framing, instead of leaving tail alone for the end of the tick.
func (c *Core) WriteFramed(p, tail []byte) bool {
	if c.bits&(bEnded|bClosed) != 0 {
		return false
	}
	if len(p) >= bigWrite {
		c.writeNow(p, tail)
		return c.bits&bNeedDrain == 0
	}
	if c.ob == nil {
		c.ob = c.pool.get()
	}
	c.ob.b = append(append(c.ob.b, p...), tail...)
	c.corked()
	return c.bits&bNeedDrain == 0
}

// corked notes corked bytes: the drain is owed if they saturate the
// socket, and they go out at the end of the tick.
func (c *Core) corked() {
	if c.Saturated() {
		c.bits |= bNeedDrain
	}
	if c.bits&bFlushing == 0 {
		c.bits |= bFlushing
		c.loop.NextTickArg(flushCore, c)
	}
}

// DropCorked forgets the corked output.
func (c *Core) DropCorked() {
	if c.ob != nil {
		c.ob.b = c.ob.b[:0]
	}
	c.mark = 0
}

// Mark records that the corked output so far would have been written
// already in Node (an HTTP response's end() uncorks its socket at once,
// which uvgo defers to the end of the tick to answer a pipelined batch in
// one write). FlushMarked writes just that much.
func (c *Core) Mark() { c.mark = len(c.out()) }

// FlushMarked writes the corked output up to the mark and forgets the
// rest (a socket about to be destroyed, as Node's would be before its
// corked writes went out).
func (c *Core) FlushMarked() {
	if c.ob != nil {
		c.ob.b = c.ob.b[:c.mark]
	}
	c.mark = 0
	c.write()
}

func flushCore(c any) { c.(*Core).Flush() }

// Flush uncorks: the corked output goes to libuv now, in one write.
func (c *Core) Flush() {
	if c.bits&bClosed != 0 {
		c.bits &^= bFlushing
		return
	}
	c.bits |= bFlushing // what the owner adds now joins this write
	c.owner.SockFlush()
	c.bits &^= bFlushing
	c.mark, c.early = 0, 0
	if len(c.out()) > 0 {
		c.write()
	} else {
		c.maybeDrained()
	}
}

// writeNow writes the corked output, p and tail now, in one write.
func (c *Core) writeNow(p, tail []byte) {
	out := c.out()
	n := len(out) + len(p) + len(tail)
	if c.written == nil {
		c.written = c.onWritten
	}
	done, err := c.h.Write3(out, p, tail, c.written)
	c.mark = 0
	c.release()
	if err == nil && done {
		c.early += n
		c.corked()
		return
	}
	c.account(n, done, err)
}

// write hands the corked output to libuv.
func (c *Core) write() {
	out := c.out()
	if c.bits&bClosed != 0 || len(out) == 0 {
		return
	}
	n := len(out)
	if c.written == nil {
		c.written = c.onWritten
	}
	done, err := c.h.Write3(out, nil, nil, c.written)
	c.release() // libuv copied what the kernel did not take
	c.account(n, done, err)
}

// account counts a write of n bytes libuv has not completed, or drains
// the socket when the kernel took it all (no callback comes then).
func (c *Core) account(n int, done bool, err error) {
	if err != nil {
		c.fail(err)
		return
	}
	if !done {
		c.inflight += n
		if c.Saturated() {
			c.bits |= bNeedDrain
		}
		sl := c.slowState()
		sl.sizes = append(sl.sizes, n)
		return
	}
	c.maybeDrained()
}

func (c *Core) onWritten(err error) {
	if sl := c.slow; sl != nil && len(sl.sizes) > 0 {
		c.inflight -= sl.sizes[0]
		sl.sizes = sl.sizes[:copy(sl.sizes, sl.sizes[1:])]
	}
	if err != nil {
		c.fail(err)
		return
	}
	c.maybeDrained()
}

func (c *Core) fail(err error) {
	c.Destroy()
	c.owner.SockError(err)
}

// maybeDrained is Node's socket 'drain' for the corked path.
func (c *Core) maybeDrained() {
	if c.Length() > 0 || c.bits&bNeedDrain == 0 {
		return
	}
	c.bits &^= bNeedDrain
	c.owner.SockDrained()
}

// Dispatch writes bufs now, after the corked output, as one vectored
// write: what the kernel takes at once completes synchronously (done,
// and cb is not called), the rest stays queued in place (the caller must
// not modify bufs until cb runs). It fails with ErrClosed once the Core
// is ended or destroyed.
func (c *Core) Dispatch(bufs [][]byte, cb func(error)) (done bool, err error) {
	if c.bits&(bEnded|bClosed) != 0 {
		return false, ErrClosed
	}
	c.Flush()
	if c.bits&bClosed != 0 {
		return false, ErrClosed
	}
	return c.h.WriteNoCopy(bufs, cb)
}

// WriteNow writes b at once, copied where the kernel does not take it,
// after the corked output (a canned reply). Errors are ignored: the
// caller is about to destroy the Core.
func (c *Core) WriteNow(b []byte) {
	if c.bits&(bEnded|bClosed) != 0 {
		return
	}
	c.Flush()
	if c.bits&bClosed == 0 {
		c.h.Write3(b, nil, nil, nil)
	}
}

// End flushes the corked output and shuts the write side down (FIN once
// libuv has written everything); cb runs when that is done or failed.
// Nothing more is written.
func (c *Core) End(cb func(error)) error {
	if c.bits&(bEnded|bClosed) != 0 {
		return ErrClosed
	}
	c.Flush()
	if c.bits&bClosed != 0 {
		return ErrClosed
	}
	c.bits |= bEnded
	return c.h.Shutdown(cb)
}

// Destroy closes the handle (once). Reading stops at once; the owner's
// SockClosing runs now, the functions registered with WhenClosed from the
// close callback.
func (c *Core) Destroy() {
	if c.bits&bClosed != 0 {
		return
	}
	c.bits |= bClosed
	c.bits &^= bReading
	if c.ob != nil {
		c.ob.b = c.ob.b[:0]
		c.release()
	}
	c.owner.SockClosing()
	c.h.Close(c.closed)
}

func (c *Core) closed() {
	sl := c.slow
	if sl == nil {
		return
	}
	fns := sl.onClosed
	sl.onClosed = nil
	for _, fn := range fns {
		fn()
	}
}

// WhenClosed runs fn once the handle has closed (after Destroy).
func (c *Core) WhenClosed(fn func()) {
	sl := c.slowState()
	sl.onClosed = append(sl.onClosed, fn)
}

func (c *Core) slowState() *slowState {
	if c.slow == nil {
		c.slow = new(slowState)
	}
	return c.slow
}
