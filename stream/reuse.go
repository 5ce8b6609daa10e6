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
