//go:build cgo

package uv

import (
	"runtime/debug"
	"sync"
)

// postState is the one way into a loop from other goroutines: a mutex
// queue drained in batches by one (unreferenced) async handle.
type postState struct {
	mu      sync.Mutex
	queue   []func()
	spare   []func()
	closed  bool
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
	p.closed = true
	p.queue = nil
	p.mu.Unlock()
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
	p := &l.post
	p.pending++
	if p.pending == 1 {
		p.async.Ref()
	}
	go func() {
		var (
			v      T
			err    error
			failed *workPanic
		)
		func() {
			defer func() {
				if r := recover(); r != nil {
					failed = &workPanic{value: r, stack: debug.Stack()}
				}
			}()
			v, err = work()
		}()
		l.Post(func() {
			p.pending--
			if p.pending == 0 {
				p.async.Unref()
			}
			if failed != nil {
				panic(failed)
			}
			done(v, err)
		})
	}()
	return nil
}
