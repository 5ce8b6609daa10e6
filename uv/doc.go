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
// Async.Send; Work and WorkContext run blocking work on a goroutine and
// deliver the result on the loop. Several loops may run at once in one
// process, each on its own goroutine.
//
// # Misuse fails loudly
//
// Calling a loop-only method from another goroutine while the loop runs
// would race with the loop (a corrupted tick queue, a nil-pointer panic
// far from the cause, or a call that waits for an unrelated wake-up). In
// -race builds, and wherever UVGO_CHECK=1 is set in the environment, every
// loop-only method of package uv (ticks, microtasks, timers, immediates,
// Stop, Close, Work, and every handle method) checks its caller first and
// panics with a message naming the method and the fix, loop.Post.
// UVGO_CHECK=0 turns the check off in a -race build. Loop.OnLoop tells
// whether the caller may call loop-only methods now (on the loop's
// goroutine, or the loop is not running); Loop.CheckOnLoop is the check
// for packages built on uv (net, http, stream), with their method's name.
//
// The check is chosen once, at init, and when it is off it costs a load
// of a package variable and a branch never taken (measured 0.4-0.6 ns per
// call; BenchmarkCheckOnLoop/off). When on, OnLoop compares the caller's
// goroutine with the one recorded when the loop started: the identity is
// the address of the runtime's goroutine descriptor, read by two assembly
// instructions (uv/internal/goid, amd64 and arm64), which is unique among
// live goroutines and never moves; about 8 ns and no call into C
// (BenchmarkCheckOnLoop/on), so runtime.NumCgoCall budgets hold with the
// check on. Elsewhere it compares OS threads through cgo (pthread_self),
// sound because the loop's goroutine is locked to its thread while it
// runs. Before the first Run and between runs, any goroutine may set the
// loop up: the check passes.
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
// SetUncaughtExceptionHandler (the value) or SetUncaughtErrorHandler (an
// *UncaughtError: the value, the origin as Node's listener gets it, and
// the stack where it was raised), the handler runs and the loop goes on
// in Node's order:
//
//   - a panicking timer or immediate ends its batch, and the batch is
//     resumed right away;
//   - a panicking tick or microtask in the drain after a callback: the
//     drain goes on right after the handler, remaining ticks first, then
//     microtasks (those the handler queued included), as Node's does;
//   - a panicking tick queued before Run (Node's main script): the rest
//     waits for the next callback's drain, as in Node;
//   - a panic in Work's work function is raised on the loop with its
//     original value and the worker's stack.
//
// Without a handler, Run stops the loop and panics on its caller's
// goroutine with an *UncaughtError that carries the original value and
// stack; no further user callback runs. Completions of requests still do
// their bookkeeping on a crashing loop (the write queue is popped, pinned
// buffers unpinned, the queued bytes given back, the callback cleared):
// only the user callback is skipped. Posted functions that the crash left
// unrun stay queued and run if the loop is run again (Close drops them).
// RaiseUncaught applies the same rule to a value with an origin of the
// caller's choice (OriginUnhandledRejection for a package that has
// promises' semantics).
//
// Close closes what is still open and runs every close callback: one
// that panics goes to the handler, or without a handler is returned by
// Close as an *UncaughtError (joined with the *LeakError when handles
// were left open); the callbacks after it still run.
//
// # Streams: TCP and Pipe
//
// TCP (uv_tcp_t) and Pipe (uv_pipe_t as a Unix-domain socket) share one
// implementation of libuv's stream operations (stream.go): reads into the
// loop's slab, the optional C read filter, try-then-queue writes, shutdown,
// listen. Both satisfy the Stream interface, which is what the socket
// layer and the HTTP server hold; only addresses and TCP options
// (SetNoDelay, SetKeepAlive) are TCP's, and Bind/Connect on a path are
// Pipe's. The C side is the same too: a pipe carries the same per-stream
// data (the read filter) after its uv_pipe_t as TCP does after its
// uv_tcp_t. Pipes are not opened for IPC (no handle passing). A path
// longer than MaxPipePath bytes is truncated by libuv, as in Node 20; a
// bound path that exists fails with EADDRINUSE and is never unlinked
// first; closing a bound pipe unlinks its path.
//
// # Byte lifetimes
//
// The slice handed to a TCP read callback points into the loop's read slab
// (C memory) and is valid only during that callback, unless the stream
// lends (ReadLend): each read then lands in a Go buffer its lender gives
// just before the read (pinned only until the read callback, so an idle
// stream holds none), and the slice is part of it, the caller's to keep.
// uvgo's sockets lend pooled buffers while their bytes go to a pipe only,
// so a piped socket reads and writes from the same memory. Write, Write2,
// Write3 and TryWrite never keep the caller's slices: what cannot be
// written at once is copied to C memory until its write completes;
// WriteNoCopy queues it in place, pinned, instead.
//
// # Large writes
//
// libuv describes a buffer with an unsigned int length, and the glue
// returns a queued size as an int. Write and WriteNoCopy therefore split
// a write of more than 1 GiB into ordered requests of at most 1 GiB
// (the caller's callback rides on the last one, and requests on a stream
// complete in order); TryWrite writes at most 1 GiB per call; glue.c
// refuses more than 1 GiB per call with UV_E2BIG. No length is
// truncated and no queued size can turn negative.
//
// # Work with a context
//
// WorkContext passes a context to the work function. If the context is
// cancelled or expires first, done runs on the loop at once with the
// zero value and ctx.Err() (work is not started if the context is
// already done); the work's later result is dropped, but a panic in it is
// still raised on the loop. done runs exactly once and keeps the loop
// alive until it has.
//
// # Differences from Node
//
//   - The loop-thread check has no Node equivalent (JavaScript has one
//     thread); it is off by default outside -race builds because it is a
//     debugging aid, not a semantic.
//   - Origins: every panic in uv is OriginUncaughtException. uv has no
//     promises, so OriginUnhandledRejection comes only from
//     RaiseUncaught.
//   - UncaughtError.Stack is a Go stack (debug.Stack) at the recover,
//     which includes the panicking frames, not a JavaScript stack.
//   - Writes above 1 GiB are split into several requests; Node hands one
//     buffer to libuv (its Buffers are below 4 GiB).
//
// # Signals
//
// Signal delivers process signals on the loop through an async handle and
// Go's os/signal, rather than libuv's own signal handles: libuv installs
// handlers without SA_ONSTACK, which Go requires of C signal handlers.
package uv
