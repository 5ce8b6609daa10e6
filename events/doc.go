// Package events is Node 20's EventEmitter in Go: named events delivered
// synchronously to listeners, with Node's exact semantics (the snapshot
// rule during emit, once-wrappers, 'newListener' and 'removeListener',
// max-listener warnings, the 'error' rule, eventNames order). It is pure Go
// and builds with CGO_ENABLED=0.
//
// # Listeners and removal
//
// Go funcs cannot be compared, so a registration is identified by a
// *Listener, the value On returns: Off(l) removes it, and
// RemoveListener(name, l) removes the most recent registration of l (or of
// a once-wrapper of l) under name, exactly as Node removes a function. The
// same *Listener may be registered several times (AddListener), as the
// same function may in Node. This is the one shape every uvgo package
// uses: On* returns a *Listener, Off takes it.
//
// Once with the same func value (the same closure) for the same event,
// after the previous once-registration of it fired, returns the same
// *Listener: Node knows both registrations by the one function too, and
// a producer that waits for 'drain' with once, chunk after chunk,
// allocates nothing (TestOnceSameFunctionReused).
//
// # Typed events
//
// Emit passes ...any. The generic forms On0/On1/On2 and Emit0/Emit1/Emit2
// register and emit typed callbacks (func(), func(T), func(A, B)): a typed
// emit reaches a typed listener with no boxing and no allocation. Mixed
// forms work: an untyped listener receives typed arguments boxed, a typed
// listener receives untyped arguments converted (a missing one is the zero
// value; one of the wrong type panics with a message naming the event).
// uvgo's streams build their OnData(func([]byte)), OnDrain(func()) helpers
// on these.
//
// # Threading
//
// An Emitter is not safe for concurrent use. In uvgo every emitter belongs
// to a uv loop and is used on the loop's goroutine only. The helpers that
// serve other goroutines, Wait and Iter, register their listeners through
// the loop's Post and hand values over through channels. Iter called on
// the loop (a Poster's optional OnLoop says so) attaches at once, as
// Node's events.on, so emits made before the range starts are kept. Both
// return ErrLoopStopped when the loop stops for good (a Poster's optional
// Done). They wait on an emitter, which has no "destroyed" state: for a
// stream, use stream's bridges, or list "close" in IterOptions.Close.
//
// # Error codes
//
// Every error uvgo creates with a Node code (ERR_STREAM_DESTROYED,
// ABORT_ERR, ...) implements CodedError; ErrorCode(err) returns the code
// of err or of an error it wraps, Node's err.code.
//
// # Differences from Node
//
//   - Event names are strings. Symbol makes unique names that behave like
//     JavaScript symbols (listed last by EventNames, printed as
//     Symbol(desc)); ErrorMonitor is one.
//   - Listeners have no `this`: a Go listener closes over what it needs.
//   - Methods do not return the emitter for chaining; On and friends
//     return the *Listener instead.
//   - SetMaxListeners returns ErrOutOfRange instead of throwing.
//   - The max-listeners Warning has Type, the event name as registered
//     (for a Symbol, the symbol's own value, as Node's warning.type), and
//     Event, its printed form.
//   - Warnings print as "(uvgo:<pid>) Name: message"; the hint line names
//     UVGO_TRACE_WARNINGS=1 instead of node --trace-warnings.
//   - Inspect (used in "Unhandled error. (...)") formats simple values like
//     util.inspect; map keys are sorted, since Go maps have no order.
//   - captureRejections has no equivalent: Go listeners return no promise.
//   - Reset(e) (no Node equivalent) empties an emitter in place for object
//     pools, keeping its memory; uvgo's HTTP server reuses requests and
//     responses with it.
package events
