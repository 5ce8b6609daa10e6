package stream

import (
	"context"
	"iter"
	"sync"

	"github.com/uvgo/uvgo/events"
)

// From returns a Readable that emits the values of seq in turn (Node's
// Readable.from): object mode with a high-water mark of 1 unless o says
// otherwise. The sequence is pulled on the loop, one value per push, only
// as fast as the stream is consumed.
func From[T any](loop Scheduler, seq iter.Seq[T], o ...ReadableOptions) *Readable {
	opts := ReadableOptions{ObjectMode: true, HighWaterMark: 1}
	if len(o) > 0 {
		opts = o[0]
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
		if userDestroy != nil {
			userDestroy(err, cb)
			return
		}
		cb(err)
	}
	return NewReadable(loop, opts)
}

// Poster runs a function on the stream's loop from another goroutine;
// *uv.Loop implements it.
type Poster = events.Poster

// Chunks iterates over r's data from a goroutine other than the loop's
// (Node's for await ... of readable): each value is one chunk as Read
// returns it. Iteration ends after 'end' (and 'close'), or with the
// stream's error as the last value. Breaking out of the loop destroys the
// stream, as Node's iterator does. ctx ends the wait with
// events.ErrAbort. Chunks must not be ranged over on the loop goroutine,
// which it would deadlock.
func Chunks(ctx context.Context, p Poster, r ReadableStream) iter.Seq2[Chunk, error] {
	return func(yield func(Chunk, error) bool) {
		rd := r.ReadableSide()
		var (
			mu    sync.Mutex
			queue []Chunk
			done  bool
			err   error
			wake  = make(chan struct{}, 1)
		)
		signal := func() {
			select {
			case wake <- struct{}{}:
			default:
			}
		}
		drain := func() {
			for !rd.Destroyed() {
				c, ok := rd.Read()
				if !ok {
					break
				}
				mu.Lock()
				queue = append(queue, c)
				mu.Unlock()
			}
			signal()
		}
		var lReadable *events.Listener
		var cleanup func()
		if e := p.Post(func() {
			lReadable = events.On0(&rd.Emitter, events.Readable, drain)
			cleanup = Finished(rd, func(e error) {
				drain()
				mu.Lock()
				done, err = true, e
				mu.Unlock()
				signal()
			}, FinishedOptions{NoWritable: true})
			drain()
		}); e != nil {
			yield(Chunk{}, e)
			return
		}
		finishedNormally := false
		defer func() {
			p.Post(func() {
				if !finishedNormally {
					rd.Destroy(nil)
					return
				}
				rd.Emitter.RemoveListener(events.Readable, lReadable)
				if cleanup != nil {
					cleanup()
				}
			})
		}()
		for {
			mu.Lock()
			if len(queue) > 0 {
				c := queue[0]
				queue = queue[1:]
				mu.Unlock()
				if !yield(c, nil) {
					return
				}
				continue
			}
			if done {
				e := err
				mu.Unlock()
				finishedNormally = true
				if e != nil {
					yield(Chunk{}, e)
				}
				return
			}
			mu.Unlock()
			select {
			case <-wake:
			case <-ctx.Done():
				yield(Chunk{}, events.ErrAbort)
				return
			}
		}
	}
}
