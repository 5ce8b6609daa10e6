//go:build cgo

package uv

/*
#include "glue.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxLoops bounds how many loops may exist at once in a process.
const maxLoops = 4096

// The registry maps the integer stored in loop->data to its Loop. Lookups
// happen on every callback and are one atomic load; changes are rare.
var (
	registryMu sync.Mutex
	registry   [maxLoops]atomic.Pointer[Loop]
	defaultMu  sync.Mutex
	defLoop    *Loop
)

func loopByID(id C.uintptr_t) *Loop {
	if id == 0 || id >= maxLoops {
		return nil
	}
	return registry[id].Load()
}

// Loop is a libuv event loop with Node's scheduling on top: NextTick,
// microtasks, timers, immediates and an uncaught-exception rule.
//
// A Loop is driven by one goroutine: the one that calls Run, locked to its
// OS thread while Run is active. Every callback, and every method of the
// Loop and of the handles on it, runs on (or must be called from) that
// goroutine, or before Run is first called. The exceptions, safe for
// concurrent use, are Post and the Send method of Async.
type Loop struct {
	ptr       *C.uv_loop_t
	id        uintptr
	isDefault bool

	slots     []slot
	freeSlots []uint32

	running bool
	stopped bool
	runner  atomic.Uintptr // the running loop's goroutine (runner()), 0 when not running
	closed  bool
	fatal   *UncaughtError

	onUncaught  func(v any)
	onUncaughtE func(u *UncaughtError)
	closing     bool    // Close is running the close callbacks
	closePanics []error // panics of close callbacks during Close, unhandled
	queuedBytes int     // C memory held by queued TCP writes
	beforeExit  []func()
	locals      map[*LocalKey]any
	iov         []C.uv_buf_t         // WriteNoCopy's scratch vector (C copies it)
	pins        []*runtime.Pinner    // WriteNoCopy's unused pinners
	lenders     map[*stream]*lending // streams whose reads land in Go buffers (ReadLend)
	loopStart   uint64               // hrtime of the first Run, for utilization
	lastYield   uint64               // loop time of the last maybeYield

	ticks  fifo[tick]
	micro  fifo[func()]
	timers timerState
	imm    immediateState
	post   postState
}

// LocalKey names a value kept per loop (Loop.Local): packages over uv
// keep per-loop state (buffer pools, agents) under one.
type LocalKey struct{ name string }

// NewLocalKey returns a new key; name is for debugging.
func NewLocalKey(name string) *LocalKey { return &LocalKey{name: name} }

// Local returns the value stored under k on this loop, or nil. Loop
// thread only.
func (l *Loop) Local(k *LocalKey) any { return l.locals[k] }

// SetLocal stores v under k on this loop; the value lives as long as the
// loop. Loop thread only.
func (l *Loop) SetLocal(k *LocalKey, v any) {
	if l.locals == nil {
		l.locals = make(map[*LocalKey]any)
	}
	l.locals[k] = v
}

// slot is one entry of a loop's handle table. gen changes every time the
// slot is reused, so a stale id from C never reaches a new owner.
type slot struct {
	gen uint32
	obj owner
}

// New creates an independent event loop. Several loops may run in one
// process, each on its own goroutine.
func New() (*Loop, error) { return newLoop(false) }

// Default returns the process-wide default loop (libuv's
// uv_default_loop), creating it on first use.
func Default() *Loop {
	defaultMu.Lock()
	defer defaultMu.Unlock()
	if defLoop == nil || defLoop.closed {
		l, err := newLoop(true)
		if err != nil {
			panic(err)
		}
		defLoop = l
	}
	return defLoop
}

func newLoop(useDefault bool) (*Loop, error) {
	l := &Loop{isDefault: useDefault}
	registryMu.Lock()
	for i := uintptr(1); i < maxLoops; i++ {
		if registry[i].Load() == nil {
			l.id = i
			registry[i].Store(l)
			break
		}
	}
	registryMu.Unlock()
	if l.id == 0 {
		return nil, fmt.Errorf("uv: more than %d loops", maxLoops-1)
	}
	var cerr C.int
	def := C.int(0)
	if useDefault {
		def = 1
	}
	l.ptr = C.uvgo_loop_new(C.uintptr_t(l.id), def, &cerr)
	if l.ptr == nil {
		registry[l.id].Store(nil)
		return nil, newError(cerr, "uv_loop_init")
	}
	if err := l.initScheduler(); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

func (l *Loop) initScheduler() error {
	if err := l.timers.init(l); err != nil {
		return err
	}
	if err := l.imm.init(l); err != nil {
		return err
	}
	return l.post.init(l)
}

// Run runs the loop until no referenced handle or request is left, as
// Node's process does (uv_run with UV_RUN_DEFAULT). NextTick callbacks
// queued before Run are drained first, like the ticks of Node's main
// script. When the loop runs out of work, the BeforeExit callbacks run and
// may schedule more work, which keeps it going.
//
// If a callback panics and no uncaught-exception handler is installed, Run
// stops the loop and panics with an *UncaughtError carrying the original
// value and stack.
//
// Run returns ErrLoopRunning if the loop is already running and
// ErrLoopClosed after Close.
func (l *Loop) Run() error {
	if err := l.enter(); err != nil {
		return err
	}
	defer l.exit()
	l.runMainTicks()
	for !l.stopped && l.fatal == nil {
		C.uv_run(l.ptr, C.UV_RUN_DEFAULT)
		if l.stopped || l.fatal != nil || len(l.beforeExit) == 0 {
			break
		}
		for _, fn := range l.beforeExit {
			l.invoke(fn)
		}
		if C.uv_loop_alive(l.ptr) == 0 {
			break
		}
	}
	return nil
}

// RunMode selects how RunMode runs the loop.
type RunMode int

const (
	// RunDefault runs until there is no more work (uv_run's UV_RUN_DEFAULT).
	RunDefault RunMode = C.UV_RUN_DEFAULT
	// RunOnce polls for I/O once, blocking if there are no pending
	// callbacks (UV_RUN_ONCE).
	RunOnce RunMode = C.UV_RUN_ONCE
	// RunNoWait polls for I/O once without blocking (UV_RUN_NOWAIT).
	RunNoWait RunMode = C.UV_RUN_NOWAIT
)

// RunMode runs one uv_run call in the given mode and reports whether the
// loop still has work (uv_run's return value). Unlike Run it does not run
// BeforeExit callbacks. Panics and errors are as for Run.
func (l *Loop) RunMode(mode RunMode) (more bool, err error) {
	if err := l.enter(); err != nil {
		return false, err
	}
	defer l.exit()
	l.runMainTicks()
	if l.fatal != nil {
		return false, nil
	}
	return C.uv_run(l.ptr, C.uv_run_mode(mode)) != 0, nil
}

func (l *Loop) enter() error {
	if l.closed {
		return ErrLoopClosed
	}
	if l.running {
		return ErrLoopRunning
	}
	runtime.LockOSThread()
	l.runner.Store(runner())
	l.running = true
	l.stopped = false
	if l.loopStart == 0 {
		l.loopStart = uint64(C.uvgo_hrtime())
	}
	return nil
}

func (l *Loop) exit() {
	l.running = false
	l.runner.Store(0)
	runtime.UnlockOSThread()
	if f := l.fatal; f != nil {
		l.fatal = nil
		panic(f)
	}
}

// Stop makes Run (or RunMode) return at the end of the current iteration,
// without running BeforeExit callbacks. Loop thread only.
func (l *Loop) Stop() {
	l.checkCaller()
	if l.closed {
		return
	}
	l.stopped = true
	C.uv_stop(l.ptr)
}

// Alive reports whether the loop has referenced handles or requests, that
// is whether Run would keep going.
func (l *Loop) Alive() bool {
	if l.closed {
		return false
	}
	return C.uv_loop_alive(l.ptr) != 0
}

// Now returns the loop's cached time in milliseconds (uv_now): the time
// at the start of the current iteration, or of the last UpdateTime.
// It reads the loop's field (what uv_now returns) without a C call. It
// returns 0 once the loop is closed.
func (l *Loop) Now() uint64 {
	if l.ptr == nil {
		return 0
	}
	return uint64(l.ptr.time)
}

// UpdateTime refreshes the loop's cached time and returns it, in
// milliseconds (uv_update_time then uv_now); 0 once the loop is closed.
func (l *Loop) UpdateTime() uint64 {
	if l.ptr == nil {
		return 0
	}
	return uint64(C.uvgo_now_update(l.ptr))
}

// QueuedWriteBytes returns the bytes of C memory the loop holds for TCP
// writes the kernel has not taken yet (copies made by TCP.Write). It
// falls back to zero when every write completed or was cancelled.
func (l *Loop) QueuedWriteBytes() int { return l.queuedBytes }

// SetUncaughtExceptionHandler installs the equivalent of Node's
// process.on('uncaughtException'): when a callback on the loop panics,
// fn receives the panic value and the loop goes on with its remaining
// work in Node's order. With no handler (nil), Run stops and panics with
// an *UncaughtError. A panic inside fn itself is fatal. It replaces a
// handler set by SetUncaughtErrorHandler; SetUncaughtErrorHandler gives
// the origin and the stack as well.
func (l *Loop) SetUncaughtExceptionHandler(fn func(v any)) {
	l.onUncaught, l.onUncaughtE = fn, nil
}

// SetUncaughtErrorHandler is SetUncaughtExceptionHandler with what
// Node's listener gets, plus the stack: fn receives an *UncaughtError
// whose Value is the panic value (the original value for a panic in
// Work's work function), Origin is OriginUncaughtException (or what
// RaiseUncaught was given) and Stack is the stack where the panic was
// raised (the worker's stack for Work). The loop goes on in Node's order.
// It replaces a handler set by SetUncaughtExceptionHandler; nil removes
// both. A panic inside fn itself is fatal.
func (l *Loop) SetUncaughtErrorHandler(fn func(u *UncaughtError)) {
	l.onUncaught, l.onUncaughtE = nil, fn
}

// RaiseUncaught applies the uncaught-exception rule to v now, as if a
// callback had panicked with it, with the given origin: the handler, if
// any, runs at once; without one the loop is marked as crashing (no
// further user callback runs, and Run panics with an *UncaughtError once
// the current callback returns). Packages built on uv use it for
// OriginUnhandledRejection, Node's crash on a rejection nobody handled.
// Loop thread only.
func (l *Loop) RaiseUncaught(v any, origin Origin) {
	l.checkCaller()
	l.raise(v, origin, debug.Stack())
}

// BeforeExit adds a callback run when the loop has no more work, like
// Node's process 'beforeExit' event. Work it schedules keeps the loop
// running, after which it runs again when the loop next empties.
func (l *Loop) BeforeExit(fn func()) {
	l.checkCaller()
	l.beforeExit = append(l.beforeExit, fn)
}

// invoke runs fn as a callback from C: panics go to the uncaught rule and
// the tick queue is drained afterwards (A12).
func (l *Loop) invoke(fn func()) {
	if l.call(fn) {
		l.runTicksSafe()
	}
}

// call runs fn, turning a panic into an uncaught exception. It reports
// whether fn returned normally.
func (l *Loop) call(fn func()) (ok bool) {
	defer func() {
		if !ok {
			l.uncaught(recover())
		}
	}()
	fn()
	return true
}

// callWith is call for callbacks that take one argument, without a closure.
func callWith[T any](l *Loop, fn func(T), arg T) (ok bool) {
	defer func() {
		if !ok {
			l.uncaught(recover())
		}
	}()
	fn(arg)
	return true
}

// yieldEvery is how often (loop time, ms) a busy loop lets the Go
// scheduler see it.
const yieldEvery = 5

// yield is runtime.Gosched (a variable for the tests).
var yield = runtimeGosched

var runtimeGosched = runtime.Gosched

// maybeYield calls runtime.Gosched at most every yieldEvery ms of loop
// time. The loop's goroutine never leaves uv_run, so without it the
// scheduler sees one goroutine running for ever: sysmon then takes its
// P away every 10 ms and never sleeps long itself (thousands of wake-ups
// a second, on the loop's CPU). Yielding now and then costs a few
// microseconds.
func (l *Loop) maybeYield() {
	if now := l.Now(); now-l.lastYield >= yieldEvery {
		l.lastYield = now
		yield()
	}
}

// uncaught applies DESIGN.md's panic rule to a recovered value.
func (l *Loop) uncaught(v any) { l.raise(v, OriginUncaughtException, debug.Stack()) }

// raise hands v to the handler, or records it: as the loop's crash, or
// during Close as one of the errors Close returns.
func (l *Loop) raise(v any, origin Origin, stack []byte) {
	if w, ok := v.(*workPanic); ok {
		v, stack = w.value, w.stack
	}
	switch {
	case l.onUncaughtE != nil:
		l.onUncaughtE(&UncaughtError{Value: v, Origin: origin, Stack: stack})
		return
	case l.onUncaught != nil:
		l.onUncaught(v)
		return
	}
	u := &UncaughtError{Value: v, Origin: origin, Stack: stack}
	if l.closing {
		l.closePanics = append(l.closePanics, u)
		return
	}
	if l.fatal == nil {
		l.fatal = u
	}
	C.uv_stop(l.ptr)
}

// dead reports whether the loop is crashing: no more user callbacks run.
func (l *Loop) dead() bool { return l.fatal != nil }

// HandleInfo describes one libuv handle of a loop, as Handles lists it.
type HandleInfo struct {
	Kind     HandleKind
	Active   bool
	Ref      bool
	Closing  bool
	Internal bool // one of the loop's own scheduler handles
}

// String formats the handle as "tcp (active, ref)".
func (h HandleInfo) String() string {
	var f []string
	if h.Active {
		f = append(f, "active")
	}
	if h.Ref {
		f = append(f, "ref")
	}
	if h.Closing {
		f = append(f, "closing")
	}
	if h.Internal {
		f = append(f, "internal")
	}
	return fmt.Sprintf("%s (%s)", h.Kind, strings.Join(f, ", "))
}

// Handles lists every handle libuv knows on this loop (uv_walk), including
// the loop's internal scheduler handles, which are marked Internal.
func (l *Loop) Handles() []HandleInfo {
	if l.closed {
		return nil
	}
	n := C.uvgo_handle_info(l.ptr, nil, nil, nil, 0)
	if n == 0 {
		return nil
	}
	ids := make([]C.uintptr_t, n)
	types := make([]C.int, n)
	flags := make([]C.uchar, n)
	n = C.uvgo_handle_info(l.ptr, &ids[0], &types[0], &flags[0], n)
	out := make([]HandleInfo, 0, n)
	for i := range int(n) {
		info := HandleInfo{
			Kind:    kindOfUVType(int(types[i])),
			Active:  flags[i]&1 != 0,
			Ref:     flags[i]&2 != 0,
			Closing: flags[i]&4 != 0,
		}
		if o := l.lookup(ids[i]); o != nil {
			b := o.base()
			info.Kind = b.kind
			info.Internal = b.internal
		}
		out = append(out, info)
	}
	return out
}

// LiveHandles lists the handles that user code opened and has not closed
// (internal handles and handles already closing are left out). A loop
// test ends with this empty.
func (l *Loop) LiveHandles() []HandleInfo {
	var out []HandleInfo
	for _, h := range l.Handles() {
		if !h.Internal && !h.Closing {
			out = append(out, h)
		}
	}
	return out
}

// LeakError is returned by Close when user handles were still open: they
// have been closed, and the error names them.
type LeakError struct {
	Handles []HandleInfo
}

// Error names the handles that were still open.
func (e *LeakError) Error() string {
	names := make([]string, len(e.Handles))
	for i, h := range e.Handles {
		names[i] = h.Kind.String()
	}
	return fmt.Sprintf("uv: loop closed with %d open handle(s): %s", len(names), strings.Join(names, ", "))
}

// Close closes every handle still open, runs their close callbacks and
// frees the loop. It returns a *LeakError naming the user handles that
// were still open (a leak report), ErrLoopRunning if called while Run is
// active, and nil otherwise. Post fails with ErrLoopClosed from the moment
// Close starts. Close is idempotent.
//
// A close callback (or a tick it queued) that panics goes to the
// uncaught-exception handler if one is installed; otherwise Close
// returns it as an *UncaughtError (joined with the *LeakError, if any,
// by errors.Join: use errors.As). Either way the remaining close
// callbacks still run and the loop is freed.
func (l *Loop) Close() error {
	if l.closed {
		return nil
	}
	if l.running {
		return ErrLoopRunning
	}
	l.checkCaller()
	l.post.shutdown()
	var leaked []HandleInfo
	for i := range l.slots {
		o := l.slots[i].obj
		if o == nil {
			continue
		}
		b := o.base()
		if b.state&stClosing != 0 {
			continue
		}
		if c, ok := o.(interface{ markClosed() }); ok {
			c.markClosed()
		}
		if !b.internal {
			leaked = append(leaked, HandleInfo{Kind: b.kind, Active: b.IsActive(), Ref: b.HasRef()})
		}
		b.closeNow()
	}
	// Let the close callbacks run (they free the C memory).
	l.running = true
	runtime.LockOSThread()
	l.runner.Store(runner())
	l.fatal = nil
	l.closing = true
	C.uv_run(l.ptr, C.UV_RUN_DEFAULT)
	l.closing = false
	l.runner.Store(0)
	runtime.UnlockOSThread()
	l.running = false
	l.fatal = nil
	panics := l.closePanics
	l.closePanics = nil
	if r := C.uvgo_loop_close(l.ptr, boolToC(l.isDefault)); r != 0 {
		return errors.Join(append(panics, newError(r, "uv_loop_close"))...)
	}
	l.closed = true
	l.ptr = nil
	registry[l.id].Store(nil)
	if len(leaked) > 0 {
		if len(panics) == 0 {
			return &LeakError{Handles: leaked}
		}
		panics = append(panics, &LeakError{Handles: leaked})
	}
	return errors.Join(panics...)
}

// ELU is an event loop utilization reading, like Node's
// performance.eventLoopUtilization(): Idle is the time the loop spent
// waiting in the poll phase, Active the rest of the time since the loop
// first ran, and Utilization Active/(Idle+Active).
type ELU struct {
	Idle        time.Duration
	Active      time.Duration
	Utilization float64
}

// EventLoopUtilization returns the utilization since the loop first ran
// (all zero before that). Use Sub for an interval between two readings.
func (l *Loop) EventLoopUtilization() ELU {
	if l.loopStart == 0 || l.closed {
		return ELU{}
	}
	idle := time.Duration(C.uvgo_idle_time(l.ptr))
	total := time.Duration(uint64(C.uvgo_hrtime()) - l.loopStart)
	return makeELU(idle, total-idle)
}

// Sub returns the utilization between prev and e.
func (e ELU) Sub(prev ELU) ELU { return makeELU(e.Idle-prev.Idle, e.Active-prev.Active) }

func makeELU(idle, active time.Duration) ELU {
	if active < 0 {
		active = 0
	}
	u := ELU{Idle: idle, Active: active}
	if idle+active > 0 {
		u.Utilization = float64(active) / float64(idle+active)
	}
	return u
}

func boolToC(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

var errNotOnLoop = errors.New("uv: handle belongs to another loop")
