package events

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"

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
//
// Two optional methods refine the bridges (Wait, Iter, and stream's
// Chunks, Reader and Writer). OnLoop() bool reports whether the caller
// runs on the loop's goroutine (or the loop is not running): Iter and
// Chunks called there attach their listeners at once, as Node's
// events.on and for await do; a Poster without it is taken to be called
// on its loop, as a single-goroutine test loop is. Done() <-chan struct{}
// is closed when the loop has stopped for good: a bridge blocked on it
// returns ErrLoopStopped instead of waiting for a callback that cannot
// come.
type Poster interface {
	Post(fn func()) error
}

// OnLoop reports whether the caller runs on p's loop: p's OnLoop when it
// has one, true otherwise.
func OnLoop(p any) bool {
	if o, ok := p.(interface{ OnLoop() bool }); ok {
		return o.OnLoop()
	}
	return true
}

// loopDone returns p's Done channel, or nil (never ready) when it has
// none.
func loopDone(p any) <-chan struct{} {
	if d, ok := p.(interface{ Done() <-chan struct{} }); ok {
		return d.Done()
	}
	return nil
}

// LoopDone is the channel a bridge selects on to notice that p's loop
// stopped for good: p's Done() when p has one, nil (never ready)
// otherwise. For packages building their own bridges (stream does).
func LoopDone(p any) <-chan struct{} { return loopDone(p) }

// ErrLoopStopped is returned by a bridge whose loop stopped before the
// awaited callback ran.
var ErrLoopStopped = nodeerr.New("ERR_LOOP_STOPPED", "the event loop stopped before the operation completed")

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
	case <-loopDone(p):
		return nil, ErrLoopStopped
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
// ranged over by a goroutine other than the loop's: each value is one
// emit's arguments. Emissions that arrive while the loop body is busy are
// buffered in order. An 'error' ends the iteration with that error as the
// last value; so does ctx being done (with ErrAbort), the loop stopping
// (ErrLoopStopped, with a Poster that has Done) or failing to post; a
// Close event ends it without error. Breaking out of the loop removes the
// listeners.
//
// Called on the loop (see Poster's OnLoop), Iter attaches its listeners
// at once, as Node's events.on does: emits made after the call, by ticks
// already queued for example, are buffered for the goroutine that ranges
// over the result later, and an 'error' emitted meanwhile ends it instead
// of being uncaught. Such an iterator should be ranged over (its
// listeners stay until it is), and ranging over it a second time attaches
// anew. Called elsewhere, Iter attaches when the range starts, through
// the loop's Post: emits before the loop runs that posted function are
// not seen.
func Iter(ctx context.Context, p Poster, e *Emitter, name string, opts IterOptions) iter.Seq2[[]any, error] {
	var early atomic.Pointer[iterState]
	if OnLoop(p) {
		st := newIterState(e, name, opts)
		st.register()
		early.Store(st)
	}
	return func(yield func([]any, error) bool) {
		st := early.Swap(nil)
		if st == nil {
			st = newIterState(e, name, opts)
			if err := p.Post(st.register); err != nil {
				yield(nil, err)
				return
			}
		}
		st.run(ctx, p, yield)
	}
}

type iterItem struct {
	args []any
	err  error
	end  bool
}

// iterState is one iteration of Iter: the listeners (loop side) and the
// queue the ranging goroutine consumes.
type iterState struct {
	e      *Emitter
	name   string
	opts   IterOptions
	mu     sync.Mutex
	queue  []iterItem
	paused bool // the consumer wants the emitter paused (under mu)
	// the emitter is paused: loop thread only, so that a Resume posted by
	// the consumer and a Pause from a later emit of the same batch do not
	// cross (Pause and Resume alternate)
	loopPaused bool
	wake       chan struct{}
	ls         []*Listener // loop thread only
}

func newIterState(e *Emitter, name string, opts IterOptions) *iterState {
	return &iterState{e: e, name: name, opts: opts, wake: make(chan struct{}, 1)}
}

func (st *iterState) push(it iterItem) {
	st.mu.Lock()
	st.queue = append(st.queue, it)
	o := st.opts
	if o.Pauser != nil && o.HighWaterMark > 0 && len(st.queue) >= o.HighWaterMark && !st.paused {
		st.paused = true
		if !st.loopPaused {
			st.loopPaused = true
			o.Pauser.Pause()
		}
	}
	st.mu.Unlock()
	select {
	case st.wake <- struct{}{}:
	default:
	}
}

// register attaches the listeners; on the loop.
func (st *iterState) register() {
	add := func(n string, l *Listener) {
		st.e.AddListener(n, l)
		st.ls = append(st.ls, l)
	}
	add(st.name, Func(func(args ...any) { st.push(iterItem{args: append([]any(nil), args...)}) }))
	if st.name != ErrorEvent {
		add(ErrorEvent, Func(func(args ...any) {
			err, _ := first(args).(error)
			if err == nil {
				err = &UnhandledError{Context: first(args), HasContext: len(args) > 0}
			}
			st.push(iterItem{err: err, end: true})
		}))
	}
	for _, c := range st.opts.Close {
		add(c, Func0(func() { st.push(iterItem{end: true}) }))
	}
}

// unregister removes the listeners; on the loop.
func (st *iterState) unregister() {
	for _, l := range st.ls {
		st.e.RemoveListener(l.name, l)
	}
	st.ls = nil
}

// run is the ranging goroutine's side.
func (st *iterState) run(ctx context.Context, p Poster, yield func([]any, error) bool) {
	defer p.Post(st.unregister)
	done := loopDone(p)
	for {
		st.mu.Lock()
		if len(st.queue) == 0 {
			st.mu.Unlock()
			select {
			case <-st.wake:
				continue
			case <-done:
				yield(nil, ErrLoopStopped)
				return
			case <-ctx.Done():
				yield(nil, ErrAbort)
				return
			}
		}
		it := st.queue[0]
		st.queue = st.queue[1:]
		if st.paused && len(st.queue) <= st.opts.LowWaterMark {
			st.paused = false
			p.Post(func() {
				st.mu.Lock()
				again := st.paused
				st.mu.Unlock()
				if st.loopPaused && !again {
					st.loopPaused = false
					st.opts.Pauser.Resume()
				}
			})
		}
		st.mu.Unlock()
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
