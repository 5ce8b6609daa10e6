//go:build cgo

package uv

// NextTick queues fn to run after the current callback returns, before
// any other callback of any loop phase (Node's process.nextTick). Ticks
// run in FIFO order, including ticks queued by ticks; a recursive chain of
// ticks holds off microtasks and every phase. Loop thread only.
func (l *Loop) NextTick(fn func()) {
	l.checkCaller()
	l.ticks.push(tick{fn: fn})
}

// NextTickArg queues fn(arg) on the tick queue, like Node's
// process.nextTick(fn, arg). It has NextTick's order; it exists so a hot
// path can queue a tick on a long-lived value without allocating a
// closure (a pointer in arg does not allocate). Loop thread only.
func (l *Loop) NextTickArg(fn func(any), arg any) {
	l.checkCaller()
	l.ticks.push(tick{afn: fn, arg: arg})
}

// tick is one entry of the tick queue: fn, or afn applied to arg.
type tick struct {
	fn  func()
	afn func(any)
	arg any
}

func (t tick) run() {
	if t.fn != nil {
		t.fn()
		return
	}
	t.afn(t.arg)
}

// QueueMicrotask queues fn on the microtask queue, which is drained after
// the whole tick queue is empty (Node's queueMicrotask; the order of
// promise jobs). Loop thread only.
func (l *Loop) QueueMicrotask(fn func()) {
	l.checkCaller()
	l.micro.push(fn)
}

// DrainTicks runs the tick queue, then the microtask queue, now, as the
// loop does after every callback from C. It is for bindings that deliver
// several Node callbacks in one crossing: uvgo's HTTP parser calls it
// after each parser event, as Node drains between the JS callbacks of its
// C++ parser. A panicking tick goes to the uncaught rule. Loop thread
// only.
func (l *Loop) DrainTicks() {
	l.checkCaller()
	l.runTicksSafe()
}

// runTicks is Node's processTicksAndRejections: every tick, then every
// microtask, until both queues are empty. A panic propagates to the
// caller; what is left stays queued for the next drain.
func (l *Loop) runTicks() {
	for {
		for {
			t, ok := l.ticks.pop()
			if !ok {
				break
			}
			t.run()
		}
		l.runMicrotasks()
		if l.ticks.len() == 0 {
			return
		}
	}
}

func (l *Loop) runMicrotasks() {
	for {
		fn, ok := l.micro.pop()
		if !ok {
			return
		}
		fn()
	}
}

// runTicksSafe drains the queues with the uncaught rule applied, as Node
// does when a callback from C returns: a panicking tick or microtask goes
// to the handler, and the drain goes on right after it with the ticks and
// microtasks still queued (including any the handler queued).
func (l *Loop) runTicksSafe() {
	for (l.ticks.len() > 0 || l.micro.len() > 0) && !l.dead() {
		if l.call(l.runTicks) {
			return
		}
	}
}

// runMainTicks is the drain of the ticks queued before Run, Node's drain
// after the main script: a panicking tick goes to the handler and the
// rest waits for the next callback's drain (Node holds them too).
func (l *Loop) runMainTicks() {
	if (l.ticks.len() == 0 && l.micro.len() == 0) || l.dead() {
		return
	}
	l.call(l.runTicks)
}

// runNextTicks is what Node runs between two timers or two immediates.
func (l *Loop) runNextTicks() {
	if l.ticks.len() == 0 && l.micro.len() == 0 {
		return
	}
	l.runTicks()
}
