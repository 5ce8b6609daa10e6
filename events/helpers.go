package events

import (
	"context"
	"iter"
	"sync"

	"github.com/uvgo/uvgo/internal/nodeerr"
)

// OnceWithError waits for one emission of name, on the loop: cb gets the
// emit's arguments, or the error if 'error' is emitted first (unless name
// is itself "error", which then resolves with the error as argument).
// Both listeners are removed when either fires, or when cancel is called.
// Like the promise of Node's events.once, cb runs as a microtask (after the
// emit returned and the tick queue drained) when the emitter has a
// scheduler, and synchronously otherwise. Loop thread only.
func OnceWithError(e *Emitter, name string, cb func(args []any, err error)) (cancel func()) {
	var ev, er *Listener
	done := false
	finish := func(args []any, err error) {
		if done {
			return
		}
		done = true
		e.RemoveListener(name, ev)
		if er != nil {
			e.RemoveListener(ErrorEvent, er)
		}
		if e.sched != nil {
			e.sched.QueueMicrotask(func() { cb(args, err) })
			return
		}
		cb(args, err)
	}
	ev = Func(func(args ...any) { finish(append([]any(nil), args...), nil) })
	e.AddListener(name, ev)
	if name != ErrorEvent {
		er = Func(func(args ...any) {
			err, _ := first(args).(error)
			if err == nil {
				err = &UnhandledError{Context: first(args), HasContext: len(args) > 0}
			}
			finish(nil, err)
		})
		e.AddListener(ErrorEvent, er)
	}
	return func() {
		if !done {
			done = true
			e.RemoveListener(name, ev)
			if er != nil {
				e.RemoveListener(ErrorEvent, er)
			}
		}
	}
}

func first(args []any) any {
	if len(args) == 0 {
		return nil
	}
	return args[0]
}

// Poster runs a function on an emitter's loop from another goroutine;
// *uv.Loop implements it.
type Poster interface {
	Post(fn func()) error
}

// ErrAbort is returned when a wait is abandoned because its context was
// canceled (Node's AbortError, code ABORT_ERR).
var ErrAbort = nodeerr.New("ABORT_ERR", "The operation was aborted")

// Wait blocks the calling goroutine until e emits name, and returns the
// emit's arguments, or the error of an 'error' emitted first, or ErrAbort
// when ctx is done first. It registers and removes its listeners on the
// loop through p. It must not be called on the loop's own goroutine, which
// it would deadlock. Values that are valid only during the emit (such as
// a socket's read buffer) must not be used this way.
func Wait(ctx context.Context, p Poster, e *Emitter, name string) ([]any, error) {
	if err := ctx.Err(); err != nil {
		return nil, ErrAbort
	}
	type result struct {
		args []any
		err  error
	}
	ch := make(chan result, 1)
	var cancel func()
	var mu sync.Mutex
	if err := p.Post(func() {
		c := OnceWithError(e, name, func(args []any, err error) { ch <- result{args, err} })
		mu.Lock()
		cancel = c
		mu.Unlock()
	}); err != nil {
		return nil, err
	}
	select {
	case r := <-ch:
		return r.args, r.err
	case <-ctx.Done():
		p.Post(func() {
			mu.Lock()
			c := cancel
			mu.Unlock()
			if c != nil {
				c()
			}
		})
		return nil, ErrAbort
	}
}

// IterOptions tune Iter.
type IterOptions struct {
	// Close lists event names that end the iteration.
	Close []string
	// HighWaterMark and LowWaterMark, with Pauser set, pause the emitter
	// when that many events are buffered and resume it when the buffer
	// falls to LowWaterMark (Node's highWaterMark/lowWaterMark options).
	HighWaterMark int
	LowWaterMark  int
	Pauser        interface {
		Pause()
		Resume()
	}
}

// Iter returns an iterator over the emissions of name (Node's events.on),
// for a goroutine other than the loop's: each value is one emit's
// arguments. Emissions that arrive while the loop body is busy are
// buffered in order. An 'error' ends the iteration with that error as the
// last value; so does ctx being done (with ErrAbort); a Close event ends
// it without error. Breaking out of the loop removes the listeners.
func Iter(ctx context.Context, p Poster, e *Emitter, name string, opts IterOptions) iter.Seq2[[]any, error] {
	return func(yield func([]any, error) bool) {
		type item struct {
			args []any
			err  error
			end  bool
		}
		var (
			mu     sync.Mutex
			queue  []item
			paused bool // the consumer wants the emitter paused (under mu)
			// the emitter is paused: loop thread only, so that a Resume
			// posted by the consumer and a Pause from a later emit of the
			// same batch do not cross (Pause and Resume alternate)
			loopPaused bool
			wake       = make(chan struct{}, 1)
			regs       []func()
		)
		push := func(it item) {
			mu.Lock()
			queue = append(queue, it)
			if opts.Pauser != nil && opts.HighWaterMark > 0 && len(queue) >= opts.HighWaterMark && !paused {
				paused = true
				if !loopPaused {
					loopPaused = true
					opts.Pauser.Pause()
				}
			}
			mu.Unlock()
			select {
			case wake <- struct{}{}:
			default:
			}
		}
		register := func() {
			var ls []*Listener
			add := func(n string, l *Listener) {
				e.AddListener(n, l)
				ls = append(ls, l)
			}
			add(name, Func(func(args ...any) { push(item{args: append([]any(nil), args...)}) }))
			if name != ErrorEvent {
				add(ErrorEvent, Func(func(args ...any) {
					err, _ := first(args).(error)
					if err == nil {
						err = &UnhandledError{Context: first(args), HasContext: len(args) > 0}
					}
					push(item{err: err, end: true})
				}))
			}
			for _, c := range opts.Close {
				add(c, Func0(func() { push(item{end: true}) }))
			}
			mu.Lock()
			regs = append(regs, func() {
				for _, l := range ls {
					e.RemoveListener(l.name, l)
				}
			})
			mu.Unlock()
		}
		if err := p.Post(register); err != nil {
			yield(nil, err)
			return
		}
		defer p.Post(func() {
			mu.Lock()
			rs := regs
			mu.Unlock()
			for _, r := range rs {
				r()
			}
		})
		for {
			mu.Lock()
			if len(queue) == 0 {
				mu.Unlock()
				select {
				case <-wake:
					continue
				case <-ctx.Done():
					yield(nil, ErrAbort)
					return
				}
			}
			it := queue[0]
			queue = queue[1:]
			if paused && len(queue) <= opts.LowWaterMark {
				paused = false
				p.Post(func() {
					mu.Lock()
					again := paused
					mu.Unlock()
					if loopPaused && !again {
						loopPaused = false
						opts.Pauser.Resume()
					}
				})
			}
			mu.Unlock()
			if it.end {
				if it.err != nil {
					yield(nil, it.err)
				}
				return
			}
			if !yield(it.args, nil) {
				return
			}
		}
	}
}
