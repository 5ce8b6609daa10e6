package stream

import (
	"errors"

	"github.com/uvgo/uvgo/events"
)

// ErrNotReusable is returned by ReuseReadable and ReuseWritable for a
// stream that has not emitted 'close' yet (or has the other side too).
var ErrNotReusable = errors.New("stream: only a one-sided stream that has emitted 'close' can be reused")

// ReuseReadable makes r a new Readable with options o, in the memory it
// already has: the state, the buffer's array and the emitter's slots are
// reused, every listener is dropped (events.Reset), and the loop and
// type name stay. It is for object pools, such as the HTTP server's
// request objects, and allocates nothing for options whose functions
// already exist.
//
// r must have emitted 'close' and nothing may refer to it any more: every
// reference to the old stream now reaches the new one. Otherwise
// ReuseReadable returns ErrNotReusable and changes nothing.
func ReuseReadable(r *Readable, o ReadableOptions) error {
	b := r.base
	if b == nil || b.w != nil || !b.r.has(sCloseEmitted) {
		return ErrNotReusable
	}
	hwm := resolveHWM(o.HighWaterMark, o.ObjectMode)
	rs := b.r
	clear(rs.buffer)
	*rs = readState{buffer: rs.buffer[:0]}
	initReadState(rs, &o, o.ObjectMode, hwm)
	b.reuse(o.Destroy, o.Construct)
	return nil
}

// ReuseWritable is ReuseReadable for a Writable: w becomes a new
// Writable with options o in the same memory. w must have emitted
// 'close' (ErrNotReusable otherwise).
func ReuseWritable(w *Writable, o WritableOptions) error {
	b := w.base
	if b == nil || b.r != nil || !b.w.has(sCloseEmitted) {
		return ErrNotReusable
	}
	hwm := resolveHWM(o.HighWaterMark, o.ObjectMode)
	ws := b.w
	clear(ws.buffered)
	clear(ws.onFinished)
	*ws = writeState{
		buffered:   ws.buffered[:0],
		onFinished: ws.onFinished[:0],
		onwrite:    ws.onwrite,
		onfinal:    ws.onfinal,
	}
	initWriteState(ws, &o, o.ObjectMode, hwm)
	b.reuse(o.Destroy, o.Construct)
	return nil
}

// reuse is the part of a reuse both sides share: the emitter and the
// implementation functions.
func (b *base) reuse(destroy func(error, func(error)), construct func(func(error))) {
	events.Reset(&b.Emitter)
	b.destroyImpl, b.constructImpl = destroy, construct
	b.pendingDestroy = nil
	b.destroying, b.destroyCb = false, nil
	b.construct()
}

// MoveReadable is ReuseReadable into another Readable: the state of src,
// which must have emitted 'close', becomes dst's, a new Readable with
// options o, and src becomes dead, a destroyed stream that src's holders
// may still call (every call acts on a destroyed stream: nothing reaches
// dst). A server that pools stream state this way hands each request a
// new object while the memory behind it is reused; dead is one destroyed
// Readable it keeps for the purpose (NewDeadReadable).
func MoveReadable(dst, src, dead *Readable, o ReadableOptions) error {
	if err := ReuseReadable(src, o); err != nil {
		return err
	}
	dst.base = src.base
	dst.base.rd = dst
	src.base = dead.base
	return nil
}

// MoveWritable is MoveReadable for a Writable.
func MoveWritable(dst, src, dead *Writable, o WritableOptions) error {
	if err := ReuseWritable(src, o); err != nil {
		return err
	}
	dst.base = src.base
	dst.base.wr = dst
	src.base = dead.base
	return nil
}

// NewDeadReadable returns a destroyed Readable on loop, the dead end of
// MoveReadable.
func NewDeadReadable(loop Scheduler) *Readable {
	r := NewReadable(loop, ReadableOptions{Read: func(*Readable, int) {}})
	r.base.r.set(sDestroyed | sClosed | sCloseEmitted | sErrorEmitted)
	return r
}

// NewDeadWritable returns a destroyed Writable on loop, the dead end of
// MoveWritable.
func NewDeadWritable(loop Scheduler) *Writable {
	w := NewWritable(loop, WritableOptions{Write: func(_ Chunk, cb func(error)) { cb(nil) }})
	w.base.w.set(sDestroyed | sClosed | sCloseEmitted | sErrorEmitted)
	return w
}
