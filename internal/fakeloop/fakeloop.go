// Package fakeloop is a pure-Go stand-in for a uv loop, for the unit tests
// of the pure-Go packages (events, stream) that must run with
// CGO_ENABLED=0. It has Node's queue semantics without I/O: NextTick and
// microtasks drained after every macrotask, and SetImmediate for work that
// Node would do in a later loop phase.
package fakeloop

import "sync"

// Loop runs macrotasks in order and drains ticks, then microtasks, after
// each, like Node after every callback from native code.
type Loop struct {
	ticks []func()
	micro []func()
	macro []func()
	mu    sync.Mutex
	post  []func()
}

// New returns an empty loop.
func New() *Loop { return &Loop{} }

// NextTick queues fn on the tick queue.
func (l *Loop) NextTick(fn func()) { l.ticks = append(l.ticks, fn) }

// NextTickArg queues fn(arg) on the tick queue.
func (l *Loop) NextTickArg(fn func(any), arg any) {
	l.ticks = append(l.ticks, func() { fn(arg) })
}

// QueueMicrotask queues fn on the microtask queue.
func (l *Loop) QueueMicrotask(fn func()) { l.micro = append(l.micro, fn) }

// SetImmediate queues fn as a macrotask (a later loop phase).
func (l *Loop) SetImmediate(fn func()) { l.macro = append(l.macro, fn) }

// Post queues fn from any goroutine; Run picks it up as a macrotask.
func (l *Loop) Post(fn func()) error {
	l.mu.Lock()
	l.post = append(l.post, fn)
	l.mu.Unlock()
	return nil
}

// Drain runs every tick and microtask, Node's order.
func (l *Loop) Drain() {
	for {
		for len(l.ticks) > 0 {
			fn := l.ticks[0]
			l.ticks = l.ticks[1:]
			fn()
		}
		for len(l.micro) > 0 && len(l.ticks) == 0 {
			fn := l.micro[0]
			l.micro = l.micro[1:]
			fn()
		}
		if len(l.ticks) == 0 && len(l.micro) == 0 {
			return
		}
	}
}

// Run drains the queues, then runs macrotasks (and posted functions) one
// at a time, draining after each, until nothing is left.
func (l *Loop) Run() {
	l.Drain()
	for {
		l.mu.Lock()
		l.macro = append(l.macro, l.post...)
		l.post = nil
		l.mu.Unlock()
		if len(l.macro) == 0 {
			return
		}
		fn := l.macro[0]
		l.macro = l.macro[1:]
		fn()
		l.Drain()
	}
}
