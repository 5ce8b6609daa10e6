package stream

import (
	"github.com/uvgo/uvgo/events"
)

// Scheduler is what streams need from the event loop: NextTick (and
// QueueMicrotask, for the helpers that resolve like promises). *uv.Loop
// implements it. A Scheduler that also has NextTickArg(func(any), any),
// as *uv.Loop does, lets streams queue their internal ticks without
// allocating.
type Scheduler = events.Scheduler

// argScheduler is the optional NextTickArg of a Scheduler (*uv.Loop has
// it): a tick on a stream without a closure allocation.
type argScheduler interface {
	NextTickArg(fn func(any), arg any)
}

// Default high-water marks (Node 20).
const (
	DefaultHighWaterMark       = 16 * 1024
	DefaultObjectHighWaterMark = 16
)

// HWMZero, as a HighWaterMark option, asks for a high-water mark of 0
// (the zero value of the option means the default).
const HWMZero = -1

// Shared state bits of both sides (Node keeps them per side).
const (
	sDestroyed uint32 = 1 << iota
	sClosed
	sErrorEmitted
	sCloseEmitted
	sEmitClose
	sAutoDestroy
	sConstructed
	sErrored
	sObjectMode
	sSync
	sLast // first bit free for a side's own use
)

// side is what the read and write states have in common.
type side struct {
	bits    uint32
	hwm     int
	length  int
	errored error
}

func (s *side) has(bit uint32) bool { return s.bits&bit != 0 }
func (s *side) set(bit uint32)      { s.bits |= bit }
func (s *side) clr(bit uint32)      { s.bits &^= bit }

// base is the part every stream shares: the emitter, the loop, both
// sides (nil when absent), and destroy/construct (Node's destroyImpl).
type base struct {
	events.Emitter
	sched          Scheduler
	argSched       argScheduler // sched's NextTickArg, or nil
	checker        loopChecker  // sched, when its loop-thread check is on
	r              *readState
	w              *writeState
	destroyImpl    func(err error, cb func(error))
	constructImpl  func(cb func(error))
	pendingDestroy *pendingDestroy
	onDestroy      func(error) // destroyImplDone, made on first use
	destroyCb      func(error) // the caller's callback while destroying
	destroying     bool        // the Destroy implementation has not called back
	allowHalfOpen  bool
	rd             *Readable // the read side's view, for Read implementations
	wr             *Writable // the write side's view
}

type pendingDestroy struct {
	err error
	cb  func(error)
}

// loopChecker is the optional part of a Scheduler that checks the caller
// runs on the loop's goroutine (uv.Loop has it: on in -race builds and
// with UVGO_CHECK=1).
type loopChecker interface {
	CheckEnabled() bool
	CheckOnLoop(method string)
}

// setScheduler records the stream's loop.
func (b *base) setScheduler(loop Scheduler) {
	b.sched = loop
	b.argSched, _ = loop.(argScheduler)
	b.checker = nil
	if c, ok := loop.(loopChecker); ok && c.CheckEnabled() {
		b.checker = c
	}
}

// checkOnLoop panics, naming method and the fix (Loop.Post), when the
// loop's check is on and the caller is another goroutine than the
// loop's. With the check off (the default) it costs a nil test.
func (b *base) checkOnLoop(method string) {
	if b.checker != nil {
		b.checker.CheckOnLoop(method)
	}
}

// nextTick queues fn(b) as a tick; fn is one of the package-level tick
// functions below, so a loop with NextTickArg queues it without
// allocating.
func (b *base) nextTick(fn func(any)) {
	if b.argSched != nil {
		b.argSched.NextTickArg(fn, b)
		return
	}
	b.sched.NextTick(func() { fn(b) })
}

// The ticks a stream queues on itself, as functions of the stream.
func tickEmitClose(a any)     { a.(*base).emitCloseNT() }
func tickEndReadable(a any)   { a.(*base).endReadableNT() }
func tickEmitReadable(a any)  { a.(*base).emitReadableNT() }
func tickMaybeReadMore(a any) { a.(*base).maybeReadMoreNT() }
func tickResume(a any)        { a.(*base).resumeNT() }
func tickListening(a any)     { a.(*base).updateReadableListening() }
func tickFinish(a any)        { a.(*base).finish() }
func tickErrorBuffer(a any)   { a.(*base).errorBuffer() }

// sides calls fn for each side the stream has.
func (b *base) sides(fn func(*side)) {
	if b.w != nil {
		fn(&b.w.side)
	}
	if b.r != nil {
		fn(&b.r.side)
	}
}

func (b *base) anyHas(bit uint32) bool {
	return (b.w != nil && b.w.has(bit)) || (b.r != nil && b.r.has(bit))
}

func (b *base) primary() *side {
	if b.w != nil {
		return &b.w.side
	}
	return &b.r.side
}

// Destroyed reports whether Destroy has been called.
func (b *base) Destroyed() bool { return b.anyHas(sDestroyed) }

// Closed reports whether the stream has finished destroying (its destroy
// implementation called back).
func (b *base) Closed() bool { return b.primary().has(sClosed) }

// CloseEmitted reports whether 'close' has been emitted, or would have
// been with emitClose disabled (Node's state.closeEmitted).
func (b *base) CloseEmitted() bool { return b.primary().has(sCloseEmitted) }

// Errored returns the error the stream failed with, or nil.
func (b *base) Errored() error {
	if b.w != nil && b.w.errored != nil {
		return b.w.errored
	}
	if b.r != nil {
		return b.r.errored
	}
	return nil
}

// Destroy destroys the stream (Node's destroy(err)): it is marked
// destroyed at once, err (if any) is recorded as the stream's error, the
// Destroy implementation runs, and then, on the next tick, 'error' (if
// there is an error not yet emitted) and 'close' are emitted. A second
// call does nothing.
func (b *base) Destroy(err error) {
	b.checkOnLoop("stream Destroy")
	b.destroy(err, nil)
}

func (b *base) destroy(err error, cb func(error)) {
	if b.anyHas(sDestroyed) {
		if cb != nil {
			cb(nil)
		}
		return
	}
	if ws := b.w; ws != nil && (len(ws.buffered) > ws.bufIdx || len(ws.onFinished) > 0) {
		// Node's Writable.destroy (Duplex uses it too): the buffered
		// writes and the end callbacks fail on the next tick, before
		// 'error' and 'close', even with nothing in flight (D19).
		b.nextTick(tickErrorBuffer)
	}
	b.checkError(err)
	b.sides(func(s *side) { s.set(sDestroyed) })
	if !b.primary().has(sConstructed) {
		b.pendingDestroy = &pendingDestroy{err: err, cb: cb}
		return
	}
	b.runDestroy(err, cb)
}

func (b *base) checkError(err error) {
	if err == nil {
		return
	}
	b.sides(func(s *side) {
		if s.errored == nil {
			s.errored = err
			s.set(sErrored)
		}
	})
}

func (b *base) runDestroy(err error, cb func(error)) {
	if b.destroyImpl == nil {
		b.destroyed(err, cb)
		return
	}
	// A stream is destroyed once, so the callback's state lives on the
	// stream and the callback is made once (not per destroy, for streams
	// that are reused).
	b.destroying = true
	b.destroyCb = cb
	if b.onDestroy == nil {
		b.onDestroy = b.destroyImplDone
	}
	b.destroyImpl(err, b.onDestroy)
}

// destroyImplDone is the callback the Destroy implementation calls; a
// second call does nothing.
func (b *base) destroyImplDone(err error) {
	if !b.destroying {
		return
	}
	b.destroying = false
	cb := b.destroyCb
	b.destroyCb = nil
	b.destroyed(err, cb)
}

// destroyed is the end of destroy, once the implementation is done:
// closed, then 'error' (if any) and 'close' on the next tick.
func (b *base) destroyed(err error, cb func(error)) {
	b.checkError(err)
	b.sides(func(s *side) { s.set(sClosed) })
	if cb != nil {
		cb(err)
	}
	if err != nil {
		b.sched.NextTick(func() { b.emitErrorNT(err); b.emitCloseNT() })
	} else {
		b.nextTick(tickEmitClose)
	}
}

func (b *base) emitErrorNT(err error) {
	if b.anyHas(sErrorEmitted) {
		return
	}
	b.sides(func(s *side) { s.set(sErrorEmitted) })
	events.Emit1(&b.Emitter, events.ErrorEvent, err)
}

func (b *base) emitCloseNT() {
	b.sides(func(s *side) { s.set(sCloseEmitted) })
	if b.anyHas(sEmitClose) {
		events.Emit0(&b.Emitter, events.Close)
	}
}

// errorOrDestroy is the one routine for internal failures (C6): destroy
// with autoDestroy, otherwise record the error and emit 'error' (on the
// next tick when raised from inside a call).
func (b *base) errorOrDestroy(err error, sync bool) {
	if b.anyHas(sDestroyed) {
		return
	}
	if b.anyHas(sAutoDestroy) {
		b.Destroy(err)
		return
	}
	if err == nil {
		return
	}
	b.sides(func(s *side) {
		if s.errored == nil {
			s.errored = err
			s.set(sErrored)
		}
	})
	if sync {
		b.sched.NextTick(func() { b.emitErrorNT(err) })
	} else {
		b.emitErrorNT(err)
	}
}

// construct schedules the Construct implementation (C9): until it calls
// back, and one tick more, the stream neither reads nor writes.
func (b *base) construct() {
	if b.constructImpl == nil {
		return
	}
	b.sides(func(s *side) { s.clr(sConstructed) })
	b.sched.NextTick(b.constructNT)
}

func (b *base) constructNT() {
	called := false
	onConstruct := func(err error) {
		if called {
			if err == nil {
				err = ErrMultipleCallback
			}
			b.errorOrDestroy(err, false)
			return
		}
		called = true
		b.sides(func(s *side) { s.set(sConstructed) })
		if b.anyHas(sDestroyed) {
			if pd := b.pendingDestroy; pd != nil {
				b.pendingDestroy = nil
				e := pd.err
				if err != nil {
					e = err
				}
				b.runDestroy(e, pd.cb)
			}
		} else if err != nil {
			b.errorOrDestroy(err, true)
		} else {
			b.sched.NextTick(b.onConstructed)
		}
	}
	b.constructImpl(func(err error) {
		b.sched.NextTick(func() { onConstruct(err) })
	})
}

func (b *base) onConstructed() {
	if b.r != nil && b.r.has(rNeedReadable) {
		b.maybeReadMore()
	}
	if b.w != nil {
		if !b.w.has(wWriting) {
			b.clearBuffer()
		}
		if b.w.has(wEnding) {
			b.finishMaybe(false)
		}
	}
}

// OnClose registers fn for 'close'.
func (b *base) OnClose(fn func()) *events.Listener { return events.On0(&b.Emitter, events.Close, fn) }

// OnError registers fn for 'error'.
func (b *base) OnError(fn func(error)) *events.Listener {
	return events.On1(&b.Emitter, events.ErrorEvent, fn)
}

// Loop returns the scheduler the stream runs on.
func (b *base) Loop() Scheduler { return b.sched }

// resolveHWM applies the option convention: 0 means the default (of
// object mode or not), HWMZero means 0, negative otherwise is invalid
// (ERR_INVALID_ARG_VALUE, panics: a programming error at construction).
func resolveHWM(v int, objectMode bool) int {
	switch {
	case v == 0 && objectMode:
		return DefaultObjectHighWaterMark
	case v == 0:
		return DefaultHighWaterMark
	case v == HWMZero:
		return 0
	case v < 0:
		panic(ErrInvalidArgValue)
	}
	return v
}
