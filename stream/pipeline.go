package stream

import (
	"errors"

	"github.com/uvgo/uvgo/events"
)

// Pipeline pipes streams[0] into streams[1] and so on (Node's
// stream.pipeline) and returns the last stream. cb runs exactly once, on
// the next tick: with nil after every stream finished (after their
// 'close'), or with the first error, after every stream not yet finished
// has been destroyed with that error, in pipeline order. A stream that
// closes before finishing counts as ErrPrematureClose. Pipeline's own
// 'error' listeners keep errors from being uncaught.
//
// Fewer than two streams returns ErrMissingArgs. Every stream but the
// last must have a read side, every stream but the first a write side;
// otherwise ErrInvalidArgType.
func Pipeline(cb func(error), streams ...Stream) (Stream, error) {
	if len(streams) < 2 {
		return nil, ErrMissingArgs
	}
	for i, s := range streams {
		b := s.streamBase()
		if (i < len(streams)-1 && b.r == nil) || (i > 0 && b.w == nil) {
			return nil, ErrInvalidArgType
		}
	}
	var (
		pipeErr     error
		destroys    []func(error)
		finishCount int
		sched       = streams[0].streamBase().sched
		called      bool
		lastCleanup []func() // the last stream's listeners, when it is readable
	)
	var finishImpl func(err error, final bool)
	finish := func(err error) {
		finishCount--
		finishImpl(err, finishCount == 0)
	}
	finishImpl = func(err error, final bool) {
		if err != nil && (pipeErr == nil || errors.Is(pipeErr, ErrPrematureClose)) {
			pipeErr = err
		}
		if pipeErr == nil && !final {
			return
		}
		for len(destroys) > 0 {
			d := destroys[0]
			destroys = destroys[1:]
			d(pipeErr)
		}
		if final && !called {
			called = true
			// After a success Node removes its listeners from a readable
			// last stream, so a later error on it is the application's.
			for _, c := range lastCleanup {
				if pipeErr != nil {
					break
				}
				c()
			}
			lastCleanup = nil
			e := pipeErr
			sched.NextTick(func() { cb(e) })
		}
	}
	var prev Stream
	for i, s := range streams {
		b := s.streamBase()
		reading := i < len(streams)-1
		writing := i > 0
		last := i == len(streams)-1 && b.isReadableNodeStream()
		// The destroyer's listeners come first, as in Node: when the last
		// stream finishes, they have marked it finished before the
		// pipeline's own completion runs the destroyers.
		d, c := destroyer(b, reading, writing)
		destroys = append(destroys, d)
		if last {
			lastCleanup = append(lastCleanup, c)
		}
		l := events.On1(&b.Emitter, events.ErrorEvent, func(err error) {
			if err != nil && !errors.Is(err, ErrPrematureClose) {
				finish(err)
			}
		})
		if last {
			lastCleanup = append(lastCleanup, func() { b.Emitter.RemoveListener(events.ErrorEvent, l) })
		}
		if i > 0 && prev != nil {
			finishCount += 2
			c := pipePair(prev, s, finish)
			if last {
				lastCleanup = append(lastCleanup, c)
			}
		}
		prev = s
	}
	return streams[len(streams)-1], nil
}

// destroyer returns the function that destroys b if it has not finished,
// and the cleanup of its listeners.
func destroyer(b *base, reading, writing bool) (func(error), func()) {
	finished := false
	events.On0(&b.Emitter, events.Close, func() { finished = true })
	cleanup := Finished(b, func(err error) { finished = err == nil }, FinishedOptions{NoReadable: !reading, NoWritable: !writing})
	return func(err error) {
		if finished {
			return
		}
		finished = true
		if err == nil {
			err = destroyedErr("pipe")
		}
		b.Destroy(err)
	}, cleanup
}

// pipePair pipes src into dst for Pipeline and returns the cleanup of
// the listeners it put on dst.
func pipePair(srcStream, dstStream Stream, finish func(error)) func() {
	src, dst := srcStream.streamBase(), dstStream.streamBase()
	var dest WritableStream = dst.wr
	if ws, ok := dstStream.(WritableStream); ok {
		dest = ws
	}
	ended := false
	events.On0(&dst.Emitter, events.Close, func() {
		if !ended {
			finish(ErrPrematureClose)
		}
	})
	src.rd.Pipe(dest, PipeOptions{NoEnd: true})
	endFn := func() {
		ended = true
		endOf(dest)
	}
	if src.readableFinished(true) {
		src.sched.NextTick(endFn)
	} else {
		events.Once0(&src.Emitter, events.End, endFn)
	}
	Finished(src, func(err error) {
		rs := src.r
		if errors.Is(err, ErrPrematureClose) && rs.has(rEnded) && rs.errored == nil && !rs.has(sErrorEmitted) {
			events.Once0(&src.Emitter, events.End, func() { finish(nil) })
			events.Once1(&src.Emitter, events.ErrorEvent, finish)
			return
		}
		finish(err)
	}, FinishedOptions{NoWritable: true})
	return Finished(dst, finish, FinishedOptions{NoReadable: true})
}
