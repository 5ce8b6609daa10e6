//go:build cgo

package uv

import (
	"context"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// postState is the one way into a loop from other goroutines: a mutex
// queue drained in batches by one (unreferenced) async handle.
type postState struct {
	mu      sync.Mutex
	queue   []func()
	spare   []func()
	closed  bool
	done    chan struct{} // closed at shutdown (Done), made on first use
	async   *Async
	pending int // Work calls in flight; they keep the loop alive
}

func (p *postState) init(l *Loop) error {
	a, err := NewAsync(l, l.drainPosted)
	if err != nil {
		return err
	}
	a.internal = true
	a.Unref()
	p.async = a
	return nil
}

func (p *postState) shutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queue = nil
	if p.closed {
		return
	}
	p.closed = true
	if p.done == nil {
		p.done = make(chan struct{})
	}
	close(p.done)
}

// Done returns a channel that is closed when the loop is closed (Close
// has started): posted work will not run any more. Goroutines waiting for
// the loop (the stream and events bridges) select on it so they return
// instead of blocking for ever. Safe for concurrent use.
func (l *Loop) Done() <-chan struct{} {
	p := &l.post
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done == nil {
		p.done = make(chan struct{})
		if p.closed {
			close(p.done)
		}
	}
	return p.done
}

// Post queues fn to run on the loop's goroutine, and wakes the loop. It is
// safe for concurrent use from any goroutine. Posted functions run in the
// order they were posted, each as its own callback (ticks drain after
// each). Post alone does not keep the loop alive: a function posted to a
// loop that has run out of work runs when the loop next runs. Post
// returns ErrLoopClosed once Close has started.
func (l *Loop) Post(fn func()) error {
	p := &l.post
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrLoopClosed
	}
	p.queue = append(p.queue, fn)
	if len(p.queue) == 1 {
		// Sent under the lock so Close cannot free the handle meanwhile.
		return p.async.Send()
	}
	return nil
}

func (l *Loop) drainPosted() {
	p := &l.post
	p.mu.Lock()
	batch := p.queue
	p.queue = p.spare[:0]
	p.mu.Unlock()
	for i, fn := range batch {
		batch[i] = nil
		l.invoke(fn)
		if l.dead() {
			l.requeue(batch[i+1:])
			break
		}
	}
	p.mu.Lock()
	p.spare = batch[:0] // double buffer: the queue now uses the old spare
	p.mu.Unlock()
}

// workPanic carries a panic of a Work function to the loop, where the
// uncaught rule unwraps it: the handler gets the original value and the
// worker's stack.
type workPanic struct {
	value any
	stack []byte
}

// requeue puts what a crash left of a batch back at the head of the
// queue: it runs (with the bookkeeping of Work completions in it) if the
// loop is run again, and is dropped by Close.
func (l *Loop) requeue(rest []func()) {
	if len(rest) == 0 {
		return
	}
	p := &l.post
	p.mu.Lock()
	if !p.closed {
		p.queue = append(append(make([]func(), 0, len(rest)+len(p.queue)), rest...), p.queue...)
		if len(p.queue) > 0 {
			p.async.Send()
		}
	}
	p.mu.Unlock()
	clear(rest)
}

// Work runs work on a new goroutine and then done with its result on the
// loop: the way to do blocking or CPU-heavy work without blocking the loop
// (Node's thread pool). It must be called on the loop thread. Until done
// has run, the loop stays alive. A panic in work is re-raised on the loop
// as an uncaught exception there, with its original value and the
// worker's stack (UncaughtError.Value and Stack).
func Work[T any](l *Loop, work func() (T, error), done func(T, error)) error {
	l.checkCaller()
	if l.closed {
		return ErrLoopClosed
	}
	l.post.workStarted()
	go func() {
		v, failed, err := runWork(work)
		l.Post(func() { l.workDone(failed, func() { done(v, err) }) })
	}()
	return nil
}

// WorkContext is Work with a context: work gets ctx and should return
// early when it is done. If ctx is cancelled (or its deadline passes)
// before work returns, done runs on the loop at once with the zero value
// and ctx.Err(), and what work returns later is dropped; if ctx is
// already done, work does not run at all. done runs exactly once, and
// the loop stays alive until it has. A panic in work is re-raised on the
// loop as for Work, even after the cancellation was reported.
func WorkContext[T any](ctx context.Context, l *Loop, work func(ctx context.Context) (T, error), done func(T, error)) error {
	l.checkCaller()
	if l.closed {
		return ErrLoopClosed
	}
	l.post.workStarted()
	var reported atomic.Bool // done's result is decided: the first of work and cancellation wins
	stop := context.AfterFunc(ctx, func() {
		if reported.CompareAndSwap(false, true) {
			err := ctx.Err()
			l.Post(func() { l.workDone(nil, func() { var zero T; done(zero, err) }) })
		}
	})
	go func() {
		if ctx.Err() != nil {
			return // the AfterFunc reports it
		}
		v, failed, err := runWork(func() (T, error) { return work(ctx) })
		stop()
		if reported.CompareAndSwap(false, true) {
			l.Post(func() { l.workDone(failed, func() { done(v, err) }) })
		} else if failed != nil {
			l.Post(func() { panic(failed) })
		}
	}()
	return nil
}

// runWork runs work on the worker goroutine, catching a panic with its
// stack.
func runWork[T any](work func() (T, error)) (v T, failed *workPanic, err error) {
	defer func() {
		if r := recover(); r != nil {
			failed = &workPanic{value: r, stack: debug.Stack()}
		}
	}()
	v, err = work()
	return v, nil, err
}

// workStarted counts a Work in flight: the post handle keeps the loop
// alive while there is one.
func (p *postState) workStarted() {
	p.pending++
	if p.pending == 1 {
		p.async.Ref()
	}
}

// workDone runs on the loop when a Work's result is in: the count first
// (always), then the panic or the done callback.
func (l *Loop) workDone(failed *workPanic, done func()) {
	p := &l.post
	p.pending--
	if p.pending == 0 {
		p.async.Unref()
	}
	if failed != nil {
		panic(failed)
	}
	done()
}
