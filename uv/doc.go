// Package uv binds libuv, the event loop under Node.js, and puts Node's
// scheduling on top of it: NextTick, microtasks, SetTimeout/SetInterval,
// SetImmediate, and Node's rule for uncaught exceptions.
//
// # Threading model
//
// A Loop is driven by one goroutine, the one that calls Run, locked to its
// OS thread while Run is active. Every libuv callback, every Go callback
// and every method of a Loop or of a handle runs on (or must be called
// from) that goroutine, or before the first Run. Loop-owned objects are not
// goroutine-safe, by design, as in Node. The ways in from other goroutines
// are Loop.Post (a mutex queue drained in batches by one uv_async_t) and
// Async.Send; Work runs blocking work on a goroutine and delivers its
// result on the loop. Several loops may run at once in one process, each
// on its own goroutine.
//
// The loop's goroutine spends its life inside one cgo call (uv_run), so
// to the Go scheduler it looks like a goroutine that never stops
// running: sysmon would take its P away every 10 ms and never back off
// to long sleeps, waking thousands of times a second on the loop's CPU
// and preempting it (measured under wrk: about 14,000 sysmon wake-ups in
// 4 s and as many involuntary switches of the loop thread, 10% of a
// CPU). The callback trampolines therefore call runtime.Gosched at most
// every 5 ms of loop time; with it sysmon wakes about 100 times a second
// and uvhttp serves about 40% more requests per second.
//
// # The C boundary
//
// C never holds a Go pointer. Every uv_loop_t, handle and request lives in
// C memory; handle->data holds an integer (slot and generation) into the
// loop's Go table, and the slot is released only in the close callback,
// after which C frees the handle. Every exported trampoline (callbacks.go)
// looks the slot up, checks the owner is alive, recovers panics and then
// calls Go. glue.h states the protocol in full.
//
// # Handle lifecycle
//
// Handles follow libuv's rules: create (NewTimer, NewTCP, ...), use, Close.
// Close is idempotent; its callback runs in the close phase; the memory is
// freed only after it. Methods of a closing or closed handle return
// ErrClosed. Ref, Unref and HasRef decide whether an active handle keeps
// the loop alive. Loop.Close closes whatever is still open and reports it
// with a *LeakError; Loop.LiveHandles lists what is open now.
//
// # Requests
//
// Filesystem requests (FsOpen, FsRead, ...) and Getaddrinfo run on libuv's
// threadpool and call back on the loop (poll phase). They are not handles:
// C holds only an integer id into a table of pending callbacks
// (request.go, fsglue.h), a pending request keeps the loop alive, and
// Close waits for requests in flight. Package fs and dns build on them.
//
// # Node's scheduling
//
// The order of callbacks is Node 20's (libuv 1.46 phases): timers, pending,
// idle/prepare, poll, check (immediates), close. The tick queue, then the
// microtask queue, is drained after every callback that enters Go from C,
// after each timer and after each immediate. All timeouts share one libuv
// timer, keyed by duration in FIFO lists (a delay outside [1, 2^31-1] ms
// is 1 ms). Node emits a TimeoutOverflowWarning for a delay above 2^31-1
// ms; uv clamps it silently (uv has no warning channel).
//
// # Panics
//
// A panic in any callback never unwinds through libuv. It becomes an
// uncaught exception on the loop: with a handler installed by
// SetUncaughtExceptionHandler, the handler gets the value and the loop
// goes on in Node's order (a panicking timer or immediate ends its batch,
// and the batch is resumed right away; ticks left by a panicking tick wait
// for the next callback's drain, as in Node). Without a handler, Run stops
// the loop and panics on its caller's goroutine with an *UncaughtError
// that carries the original value and stack.
//
// # Byte lifetimes
//
// The slice handed to a TCP read callback points into the loop's read slab
// (C memory) and is valid only during that callback. Write and TryWrite
// never keep the caller's slices: what cannot be written at once is copied
// to C memory until its write completes.
//
// # Signals
//
// Signal delivers process signals on the loop through an async handle and
// Go's os/signal, rather than libuv's own signal handles: libuv installs
// handlers without SA_ONSTACK, which Go requires of C signal handlers.
package uv
