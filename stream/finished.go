package stream

import "github.com/uvgo/uvgo/events"

// Stream is any uvgo stream: it has the base every stream embeds.
type Stream interface {
	streamBase() *base
}

func (b *base) streamBase() *base { return b }

// FinishedOptions modify Finished. The zero value waits for every side
// the stream has and reports 'error'.
type FinishedOptions struct {
	NoReadable bool // do not wait for the read side (Node's readable: false)
	NoWritable bool // do not wait for the write side (writable: false)
	NoError    bool // ignore 'error' events (error: false)
}

// side predicates, Node's internal/streams/utils.
func (b *base) isReadableNodeStream() bool { return b.r != nil && !b.r.has(rDisabled) }
func (b *base) isWritableNodeStream() bool { return b.w != nil && !b.w.has(wDisabled) }

func (b *base) readableFinished(strict bool) bool {
	rs := b.r
	return rs.has(rEndEmitted) || (!strict && rs.has(rEnded) && rs.length == 0)
}

func (b *base) writableFinished(strict bool) bool {
	ws := b.w
	return ws.has(wFinished) || (!strict && ws.has(wEnded) && ws.length == 0)
}

func (b *base) isReadableNow() bool {
	if b.r == nil {
		return false
	}
	return !b.Destroyed() && b.isReadableNodeStream() && !b.r.has(rEndEmitted) &&
		!b.r.has(sErrorEmitted) && !b.readableFinished(false)
}

func (b *base) isWritableNow() bool {
	if b.w == nil {
		return false
	}
	return !b.Destroyed() && b.isWritableNodeStream() && isWritable(b.w) && !b.w.has(wEnding)
}

func (b *base) willEmitClose() bool {
	s := b.primary()
	return s.has(sAutoDestroy) && s.has(sEmitClose) && !s.has(sClosed)
}

// Finished calls cb once when s is done (Node's stream.finished): after
// 'close' for streams that emit it, with nil, the stream's error, or
// ErrPrematureClose when 'close' came before 'end' / 'finish'. On a stream
// that already closed, cb runs on the next tick. The returned cleanup
// removes the listeners; cb then never runs. Loop thread only.
func Finished(s Stream, cb func(error), opts ...FinishedOptions) (cleanup func()) {
	var o FinishedOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	b := s.streamBase()
	e := &b.Emitter
	readable := !o.NoReadable && b.isReadableNodeStream()
	writable := !o.NoWritable && b.isWritableNodeStream()
	done := false
	callback := func(err error) {
		if !done {
			done = true
			cb(err)
		}
	}
	willEmitClose := b.willEmitClose() && b.isReadableNodeStream() == readable && b.isWritableNodeStream() == writable
	wFinished := b.w != nil && b.writableFinished(false)
	rFinished := b.r != nil && b.readableFinished(false)

	onfinish := func() {
		wFinished = true
		if b.Destroyed() {
			willEmitClose = false
		}
		if willEmitClose && (!b.isReadableNow() || readable) {
			return
		}
		if !readable || rFinished {
			callback(nil)
		}
	}
	onend := func() {
		rFinished = true
		if b.Destroyed() {
			willEmitClose = false
		}
		if willEmitClose && (!b.isWritableNow() || writable) {
			return
		}
		if !writable || wFinished {
			callback(nil)
		}
	}
	onerror := func(err error) { callback(err) }
	onclose := func() {
		if err := b.Errored(); err != nil {
			callback(err)
			return
		}
		if readable && !rFinished && b.isReadableNodeStream() && !b.readableFinished(false) {
			callback(ErrPrematureClose)
			return
		}
		if writable && !wFinished && !b.writableFinished(false) {
			callback(ErrPrematureClose)
			return
		}
		callback(nil)
	}
	onclosed := func() {
		if err := b.Errored(); err != nil {
			callback(err)
			return
		}
		callback(nil)
	}
	lEnd := events.On0(e, events.End, onend)
	lFinish := events.On0(e, events.Finish, onfinish)
	var lErr *events.Listener
	if !o.NoError {
		lErr = events.On1(e, events.ErrorEvent, onerror)
	}
	lClose := events.On0(e, events.Close, onclose)

	switch {
	case b.primary().has(sClosed):
		b.sched.NextTick(onclose)
	case b.anyHas(sErrorEmitted):
		if !willEmitClose {
			b.sched.NextTick(onclosed)
		}
	case !readable && (!willEmitClose || b.isReadableNow()) && (wFinished || (b.w != nil && !b.isWritableNow())):
		b.sched.NextTick(onclosed)
	case !writable && (!willEmitClose || b.isWritableNow()) && (rFinished || (b.r != nil && !b.isReadableNow())):
		b.sched.NextTick(onclosed)
	}
	return func() {
		done = true
		e.RemoveListener(events.End, lEnd)
		e.RemoveListener(events.Finish, lFinish)
		if lErr != nil {
			e.RemoveListener(events.ErrorEvent, lErr)
		}
		e.RemoveListener(events.Close, lClose)
	}
}
