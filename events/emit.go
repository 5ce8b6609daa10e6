package events

// Emit calls every listener of name, synchronously and in order, with
// args exactly as given, and reports whether there was any listener.
//
// Listeners added during the emit are not called by it; listeners removed
// during it that it has not reached yet still are (Node's snapshot rule).
// A panicking listener stops the emit: the panic propagates to the caller.
//
// Emitting "error": ErrorMonitor listeners run first; then, with no
// "error" listener, Emit panics with args[0] when it is an error value, or
// else with an *UnhandledError (Node's ERR_UNHANDLED_ERROR). On a uv loop
// that panic is an uncaught exception.
func (e *Emitter) Emit(name string, args ...any) bool {
	if name == ErrorEvent {
		e.emitErrorPrelude(args)
	}
	return emitWith(e, name, args, callArgs)
}

// Emit0 emits name with no arguments, without allocating.
func Emit0(e *Emitter, name string) bool {
	if name == ErrorEvent {
		e.emitErrorPrelude(nil)
	}
	if s := e.find(name); s != nil && len(s.ls) == 1 && s.ls[0].orig == nil {
		if f, ok := s.ls[0].fn.(func()); ok {
			f()
			return true
		}
	}
	return emitWith(e, name, struct{}{}, call0)
}

// Emit1 emits name with one typed argument. Listeners registered with
// On1[T] (or taking no arguments) receive it without boxing or allocation.
func Emit1[T any](e *Emitter, name string, v T) bool {
	if name == ErrorEvent {
		if !e.has(ErrorEvent) || e.has(ErrorMonitor) {
			e.emitErrorPrelude([]any{v})
		}
	}
	s := e.find(name)
	if s == nil || len(s.ls) == 0 {
		return false
	}
	if len(s.ls) > 1 {
		emit1Many(e, s, name, v)
		return true
	}
	// The common cases: one typed listener, plain or once.
	l := s.ls[0]
	if l.orig == nil {
		if f, ok := l.fn.(func(T)); ok {
			f(v)
			return true
		}
	} else if f, ok := l.orig.fn.(func(T)); ok && !l.fired {
		e.removeFrom(s, name, l)
		e.removed(name)
		e.fired(l, s.emitting)
		f(v)
		return true
	}
	return emitWith(e, name, v, call1[T])
}

// emit1Many is emitWith for Emit1, with the typed call inlined.
func emit1Many[T any](e *Emitter, s *slot, name string, v T) {
	s.emitting++
	s.shared = true
	defer s.doneEmitting()
	for _, l := range s.ls {
		if l.orig == nil {
			if f, ok := l.fn.(func(T)); ok {
				f(v)
				continue
			}
		}
		invoke(e, name, l, v, call1[T])
	}
}

type pair[A, B any] struct {
	a A
	b B
}

// Emit2 emits name with two typed arguments.
func Emit2[A, B any](e *Emitter, name string, a A, b B) bool {
	if name == ErrorEvent {
		e.emitErrorPrelude([]any{a, b})
	}
	return emitWith(e, name, pair[A, B]{a, b}, callPair[A, B])
}

func callPair[A, B any](l *Listener, p pair[A, B]) { call2(l, p.a, p.b) }

type triple[A, B, C any] struct {
	a A
	b B
	c C
}

// Emit3 emits name with three typed arguments (Node's 'upgrade' has three).
func Emit3[A, B, C any](e *Emitter, name string, a A, b B, c C) bool {
	if name == ErrorEvent {
		e.emitErrorPrelude([]any{a, b, c})
	}
	return emitWith(e, name, triple[A, B, C]{a, b, c}, callTriple[A, B, C])
}

func callTriple[A, B, C any](l *Listener, t triple[A, B, C]) {
	switch f := l.fn.(type) {
	case func(A, B, C):
		f(t.a, t.b, t.c)
	case func():
		f()
	default:
		l.callAny([]any{t.a, t.b, t.c})
	}
}

// On3 registers fn, which takes three typed arguments, for name.
func On3[A, B, C any](e *Emitter, name string, fn func(A, B, C)) *Listener {
	l := &Listener{fn: fn}
	e.add(name, l, false)
	return l
}

// emitErrorPrelude runs the ErrorMonitor listeners and applies the rule
// for an 'error' with no listener.
func (e *Emitter) emitErrorPrelude(args []any) {
	if e.has(ErrorMonitor) {
		emitWith(e, ErrorMonitor, args, callArgs)
	}
	if e.has(ErrorEvent) {
		return
	}
	if len(args) > 0 {
		if err, ok := args[0].(error); ok && err != nil {
			panic(err)
		}
		panic(&UnhandledError{Context: args[0], HasContext: true})
	}
	panic(&UnhandledError{})
}

// emitWith calls name's listeners with a, through call.
func emitWith[A any](e *Emitter, name string, a A, call func(*Listener, A)) bool {
	s := e.find(name)
	if s == nil || len(s.ls) == 0 {
		return false
	}
	ls := s.ls
	if len(ls) == 1 {
		// A change made by the only listener cannot affect this emit: the
		// local slice keeps its length.
		invoke(e, name, ls[0], a, call)
		return true
	}
	s.emitting++
	s.shared = true
	defer s.doneEmitting()
	for _, l := range ls {
		invoke(e, name, l, a, call)
	}
	return true
}

func (s *slot) doneEmitting() {
	if s.emitting--; s.emitting == 0 {
		s.shared = false
	}
}

// invoke calls one registration; a once-wrapper removes itself, marks
// itself fired and then calls the user's listener (Node's onceWrapper).
func invoke[A any](e *Emitter, name string, l *Listener, a A, call func(*Listener, A)) {
	if l.orig == nil {
		call(l, a)
		return
	}
	if l.fired {
		return
	}
	e.RemoveListener(name, l)
	var iterating int32 = 1 // unknown: not reused
	if s := e.find(name); s != nil {
		iterating = s.emitting
	}
	e.fired(l, iterating)
	call(l.orig, a)
}

// On0 registers fn, which takes no arguments, for name.
func On0(e *Emitter, name string, fn func()) *Listener {
	l := Func0(fn)
	e.add(name, l, false)
	return l
}

// Once0 registers fn, which takes no arguments, to run once for name.
func Once0(e *Emitter, name string, fn func()) *Listener { return e.addOnce(name, fn, false) }

// On1 registers fn, which takes one typed argument, for name. Emit1 with
// the same T calls it without allocating.
func On1[T any](e *Emitter, name string, fn func(T)) *Listener {
	l := Func1(fn)
	e.add(name, l, false)
	return l
}

// Once1 registers fn, which takes one typed argument, to run once.
func Once1[T any](e *Emitter, name string, fn func(T)) *Listener { return e.addOnce(name, fn, false) }

// Prepend1 registers fn at the front of name's list.
func Prepend1[T any](e *Emitter, name string, fn func(T)) *Listener {
	l := Func1(fn)
	e.add(name, l, true)
	return l
}

// On2 registers fn, which takes two typed arguments, for name.
func On2[A, B any](e *Emitter, name string, fn func(A, B)) *Listener {
	l := Func2(fn)
	e.add(name, l, false)
	return l
}

// Once2 registers fn, which takes two typed arguments, to run once.
func Once2[A, B any](e *Emitter, name string, fn func(A, B)) *Listener {
	return e.addOnce(name, fn, false)
}
