package stream

import (
	"context"
	"iter"

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
// error as the last value. Breaking out of the loop destroys the stream,
// as Node's iterator does. ctx ends the wait with events.ErrAbort. Chunks
// must not be ranged over on the loop goroutine, which it would deadlock.
func Chunks(ctx context.Context, p Poster, r ReadableStream) iter.Seq2[Chunk, error] {
	return func(yield func(Chunk, error) bool) {
		type item struct {
			c   Chunk
			err error
			end bool
		}
		rd := r.ReadableSide()
		results := make(chan item, 1)
		var (
			waiting, done, registered bool
			finalErr                  error
			lReadable                 *events.Listener
			cleanup                   func()
		)
		// tryRead runs on the loop: deliver one chunk, the end, or wait.
		var tryRead func()
		tryRead = func() {
			if !registered {
				registered = true
				lReadable = events.On0(&rd.Emitter, events.Readable, func() {
					if waiting {
						waiting = false
						tryRead()
					}
				})
				cleanup = Finished(rd, func(e error) {
					done, finalErr = true, e
					if waiting {
						waiting = false
						tryRead()
					}
				}, FinishedOptions{NoWritable: true})
			}
			if !rd.Destroyed() {
				if c, ok := rd.Read(); ok {
					results <- item{c: c}
					return
				}
			}
			if done {
				results <- item{err: finalErr, end: true}
				return
			}
			waiting = true
		}
		ended := false
		defer func() {
			p.Post(func() {
				waiting = false
				if !ended {
					rd.Destroy(nil)
				}
				if lReadable != nil {
					rd.Emitter.RemoveListener(events.Readable, lReadable)
				}
				if cleanup != nil {
					cleanup()
				}
			})
		}()
		for {
			if err := p.Post(tryRead); err != nil {
				yield(Chunk{}, err)
				return
			}
			select {
			case it := <-results:
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
			case <-ctx.Done():
				yield(Chunk{}, events.ErrAbort)
				return
			}
		}
	}
}
