// Package fakeloop is a pure-Go stand-in for a uv loop, for the unit tests
// of the pure-Go packages (events, stream) that must run with
// CGO_ENABLED=0. It has Node's queue semantics without I/O: NextTick and
// microtasks drained after every macrotask, and SetImmediate for work that
// Node would do in a later loop phase.
package fakeloop

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// Loop runs macrotasks in order and drains ticks, then microtasks, after
// each, like Node after every callback from native code.
type Loop struct {
	ticks []func()
	micro []func()
	macro []func()
	mu    sync.Mutex
	post  []func()
	// runner is the id of the goroutine inside Run or Drain, 0 when none.
	runner atomic.Int64
}

// goid returns the current goroutine's id, read from its stack header
// ("goroutine N [...]"): slow, but this is a test helper.
func goid() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseInt(string(b), 10, 64)
	return id
}

// OnLoop reports whether the caller runs the loop (inside Run or Drain),
// or the loop is not running, as uv.Loop's OnLoop does.
func (l *Loop) OnLoop() bool {
	r := l.runner.Load()
	return r == 0 || r == goid()
}

// enter marks the calling goroutine as the runner; it returns false when
// it already was (a nested Drain).
func (l *Loop) enter() bool {
	return l.runner.Load() == 0 && l.runner.CompareAndSwap(0, goid())
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
	if l.enter() {
		defer l.runner.Store(0)
	}
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
	if l.enter() {
		defer l.runner.Store(0)
	}
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
