package stream

import (
	"context"
	"iter"
	"sync/atomic"

	"github.com/uvgo/uvgo/events"
)

// From returns a Readable that emits the values of seq in turn (Node's
// Readable.from): object mode with a high-water mark of 1. Options in o
// are merged over those defaults as Node's {objectMode: true,
// highWaterMark: 1, ...options} does: a HighWaterMark left 0 stays 1, and
// the stream stays in object mode (a Go bool cannot say "unset", so
// ObjectMode false cannot ask for byte mode: use NewReadable for that).
// The sequence is pulled on the loop, one value per push, only as fast
// as the stream is consumed.
//
// Destroying the stream stops the sequence and completes, like Node's
// (which awaits the iterator's return), after a microtask and a tick: so
// when it ends while piped into a Transform, its 'close' comes after the
// Transform's, as in Node. With a Destroy option, that runs at this
// point instead of completing at once.
func From[T any](loop Scheduler, seq iter.Seq[T], o ...ReadableOptions) *Readable {
	opts := ReadableOptions{}
	if len(o) > 0 {
		opts = o[0]
	}
	opts.ObjectMode = true
	if opts.HighWaterMark == 0 {
		opts.HighWaterMark = 1
	}
	var (
		next    func() (T, bool)
		stop    func()
		reading bool
	)
	opts.Read = func(r *Readable, _ int) {
		if reading {
			return
		}
		reading = true
		if next == nil {
			next, stop = iter.Pull(seq)
		}
		for {
			v, ok := next()
			if !ok {
				stop()
				r.PushEOF()
				return
			}
			if !r.PushValue(v) {
				reading = false
				return
			}
		}
	}
	userDestroy := opts.Destroy
	opts.Destroy = func(err error, cb func(error)) {
		if stop != nil {
			stop()
		}
		loop.QueueMicrotask(func() {
			loop.NextTick(func() {
				if userDestroy != nil {
					userDestroy(err, cb)
					return
				}
				cb(err)
			})
		})
	}
	return NewReadable(loop, opts)
}

// Poster runs a function on the stream's loop from another goroutine;
// *uv.Loop implements it.
type Poster = events.Poster

// Chunks iterates over r's data from a goroutine other than the loop's
// (Node's for await ... of readable): each value is one chunk as Read
// returns it, read on the loop only when the loop body asks for the next
// one. Iteration ends after 'end' (and 'close'), or with the stream's
// error as the last value: a stream destroyed meanwhile ends it with that
// error or ErrPrematureClose. Breaking out of the loop destroys the
// stream, as Node's iterator does. ctx ends the wait with
// events.ErrAbort; a loop that stopped for good (a Poster with Done) with
// events.ErrLoopStopped. Chunks must not be ranged over on the loop
// goroutine, which it would deadlock.
//
// Called on the loop (see events.Poster's OnLoop), Chunks attaches its
// listeners at once, as Node's iterator does when the for await starts:
// the stream switches to paused mode ('readable' listener) and an error
// it emits before the range starts ends the iteration instead of being
// uncaught. Such an iterator should be ranged over (its listeners stay
// until it is); ranging over it a second time attaches anew. Called
// elsewhere, Chunks attaches when the range starts, through the loop's
// Post.
func Chunks(ctx context.Context, p Poster, r ReadableStream) iter.Seq2[Chunk, error] {
	rd := r.ReadableSide()
	var early atomic.Pointer[chunksState]
	if events.OnLoop(p) {
		st := &chunksState{rd: rd, results: make(chan chunksItem, 1)}
		st.register()
		early.Store(st)
	}
	return func(yield func(Chunk, error) bool) {
		st := early.Swap(nil)
		if st == nil {
			st = &chunksState{rd: rd, results: make(chan chunksItem, 1)}
		}
		st.run(ctx, p, yield)
	}
}

type chunksItem struct {
	c   Chunk
	err error
	end bool
}

// chunksState is one iteration of Chunks. Every field but results is
// the loop's.
type chunksState struct {
	rd                        *Readable
	results                   chan chunksItem
	waiting, done, registered bool
	finalErr                  error
	lReadable                 *events.Listener
	cleanup                   func()
}

// register attaches the 'readable' listener and Finished; on the loop.
func (st *chunksState) register() {
	st.registered = true
	rd := st.rd
	st.lReadable = events.On0(&rd.Emitter, events.Readable, func() {
		if st.waiting {
			st.waiting = false
			st.tryRead()
		}
	})
	st.cleanup = Finished(rd, func(e error) {
		st.done, st.finalErr = true, e
		if st.waiting {
			st.waiting = false
			st.tryRead()
		}
	}, FinishedOptions{NoWritable: true})
}

// tryRead runs on the loop: deliver one chunk, the end, or wait.
func (st *chunksState) tryRead() {
	if !st.registered {
		st.register()
	}
	rd := st.rd
	if !rd.Destroyed() {
		if c, ok := rd.Read(); ok {
			st.results <- chunksItem{c: c}
			return
		}
	}
	if st.done {
		st.results <- chunksItem{err: st.finalErr, end: true}
		return
	}
	st.waiting = true
}

// run is the ranging goroutine's side.
func (st *chunksState) run(ctx context.Context, p Poster, yield func(Chunk, error) bool) {
	ended := false
	defer func() {
		p.Post(func() {
			st.waiting = false
			if !ended {
				st.rd.Destroy(nil)
			}
			if st.lReadable != nil {
				st.rd.Emitter.RemoveListener(events.Readable, st.lReadable)
			}
			if st.cleanup != nil {
				st.cleanup()
			}
		})
	}()
	stopped := events.LoopDone(p)
	for {
		if err := p.Post(st.tryRead); err != nil {
			yield(Chunk{}, err)
			return
		}
		select {
		case it := <-st.results:
			if it.end {
				ended = true
				if it.err != nil {
					yield(Chunk{}, it.err)
				}
				return
			}
			if !yield(it.c, nil) {
				return
			}
		case <-stopped:
			yield(Chunk{}, events.ErrLoopStopped)
			return
		case <-ctx.Done():
			yield(Chunk{}, events.ErrAbort)
			return
		}
	}
}
