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
//     socket for the rest of the tick). HTTP responses use it.
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
	Write2(a, b []byte, cb func(error)) (bool, error)
	WriteNoCopy(bufs [][]byte, cb func(error)) (bool, error)
	Shutdown(cb func(error)) error
	Close(cb func())
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

	out      []byte      // corked output, written at the end of the tick
	mark     int         // out[:mark] counts as written already (Mark)
	inflight int         // bytes of writes libuv has not completed
	early    int         // bytes of large writes the kernel took before the flush: still corked for Node
	written  func(error) // c.onWritten, made on the first write
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

// maxKeptOut bounds the output buffer a Core keeps between flushes.
const maxKeptOut = 4096

// Init readies c on h, owned by loop, reporting to o, with hwm as the
// high-water mark of the corked path.
func (c *Core) Init(loop *uv.Loop, h Handle, o Owner, hwm int) {
	c.loop, c.h, c.owner, c.hwm = loop, h, o, int32(hwm)
}

// SetOwner hands the Core to another owner (an HTTP connection that
// leaves HTTP hands its socket to net.Socket).
func (c *Core) SetOwner(o Owner) { c.owner = o }

// Owner returns who the Core reports to.
func (c *Core) Owner() Owner { return c.owner }

// Handle returns the handle (nil once destroyed).
func (c *Core) Handle() Handle {
	if c.bits&bClosed != 0 {
		return nil
	}
	return c.h
}

// Loop returns the loop the Core belongs to.
func (c *Core) Loop() *uv.Loop { return c.loop }

// HighWaterMark returns the corked path's high-water mark.
func (c *Core) HighWaterMark() int { return int(c.hwm) }

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
	if err := c.h.ReadStart(c.onRead); err != nil {
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

// ReadStop stops reading: the peer's bytes wait in the kernel.
func (c *Core) ReadStop() {
	if c.bits&(bReading|bClosed) == bReading {
		c.h.ReadStop()
		c.bits &^= bReading
	}
}

// Length is Node's socket.writableLength for corked writes: the corked
// bytes plus the writes libuv has not completed.
func (c *Core) Length() int { return len(c.out) + c.early + c.inflight }

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
func (c *Core) Write(p []byte) bool {
	if c.bits&(bEnded|bClosed) != 0 {
		return false
	}
	if len(p) >= bigWrite {
		c.writeNow(p)
		return c.bits&bNeedDrain == 0
	}
	c.out = append(c.out, p...)
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

// Corked returns the bytes corked so far this tick (for a caller that
// must drop them: a canned error reply replaces unsent responses).
func (c *Core) Corked() []byte { return c.out }

// DropCorked forgets the corked output.
func (c *Core) DropCorked() { c.out, c.mark = c.out[:0], 0 }

// Mark records that the corked output so far would have been written
// already in Node (an HTTP response's end() uncorks its socket at once,
// which uvgo defers to the end of the tick to answer a pipelined batch in
// one write). FlushMarked writes just that much.
func (c *Core) Mark() { c.mark = len(c.out) }

// FlushMarked writes the corked output up to the mark and forgets the
// rest (a socket about to be destroyed, as Node's would be before its
// corked writes went out).
func (c *Core) FlushMarked() {
	c.out = c.out[:c.mark]
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
	if len(c.out) > 0 {
		c.write()
	} else {
		c.maybeDrained()
	}
}

// writeNow writes the corked output and p now, in one write.
func (c *Core) writeNow(p []byte) {
	n := len(c.out) + len(p)
	if c.written == nil {
		c.written = c.onWritten
	}
	done, err := c.h.Write2(c.out, p, c.written)
	c.out, c.mark = c.out[:0], 0
	if cap(c.out) > maxKeptOut {
		c.out = nil
	}
	if err == nil && done {
		c.early += n
		c.corked()
		return
	}
	c.account(n, done, err)
}

// write hands the corked output to libuv.
func (c *Core) write() {
	if c.bits&bClosed != 0 || len(c.out) == 0 {
		return
	}
	n := len(c.out)
	if c.written == nil {
		c.written = c.onWritten
	}
	done, err := c.h.Write2(c.out, nil, c.written)
	if cap(c.out) > maxKeptOut {
		c.out = nil // an idle connection keeps at most a small buffer
	} else {
		c.out = c.out[:0]
	}
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
		c.h.Write2(b, nil, nil)
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
	c.out = nil
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
