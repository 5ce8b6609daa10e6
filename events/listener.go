package events

import (
	"fmt"
	"reflect"
)

// Listener is the identity of a registered callback: what On returns and
// what Off and RemoveListener take. Go funcs cannot be compared, so the
// Listener stands where Node uses the function itself: registering the
// same *Listener twice registers it twice, and removing it removes the
// most recent registration, as in Node.
//
// A Listener wraps a func(...any) (Func), or a typed func: func() (Func0),
// func(T) (Func1), func(A, B) (Func2). Emitting with the matching typed
// Emit calls it with no boxing and no allocation.
//
// Once registrations are held by a wrapper Listener (Node's once-wrapper):
// RawListeners returns wrappers, Listeners the originals, and Original
// goes from one to the other.
type Listener struct {
	name  string    // the event it was first registered for (used by Off)
	fn    any       // the callback; on a once-wrapper, its *Emitter
	orig  *Listener // set on once-wrappers
	fired bool      // once-wrappers: already called
	// once-wrappers made by addOnce: pooled, and reusable after firing
	// unless exposed (RawListeners handed the wrapper out)
	pooled, exposed bool
}

// Func makes a Listener from an untyped callback that receives the emit's
// arguments as they were given.
func Func(fn func(args ...any)) *Listener { return &Listener{fn: fn} }

// Func0 makes a Listener from a callback that takes no arguments; it
// ignores whatever the emit passes.
func Func0(fn func()) *Listener { return &Listener{fn: fn} }

// Func1 makes a Listener from a callback that takes one argument of type T.
func Func1[T any](fn func(T)) *Listener { return &Listener{fn: fn} }

// Func2 makes a Listener from a callback that takes two arguments.
func Func2[A, B any](fn func(A, B)) *Listener { return &Listener{fn: fn} }

// Original returns the user's listener behind a once-wrapper (Node's
// wrapper.listener), or l itself for an ordinary listener.
func (l *Listener) Original() *Listener {
	if l.orig != nil {
		return l.orig
	}
	return l
}

// IsOnce reports whether l is a once-wrapper.
func (l *Listener) IsOnce() bool { return l.orig != nil }

// Name returns the event name l was first registered for.
func (l *Listener) Name() string { return l.name }

// Call invokes the listener with args, as an emit would. On a once-wrapper
// (from RawListeners) it removes the registration first and runs the
// listener only the first time, as calling Node's raw wrapper does.
func (l *Listener) Call(args ...any) {
	if l.orig != nil {
		if l.fired {
			return
		}
		if em, ok := l.fn.(*Emitter); ok {
			em.RemoveListener(l.name, l)
		}
		l.fired = true
		l.orig.callAny(args)
		return
	}
	l.callAny(args)
}

// callAny calls the listener with untyped arguments, converting them to
// the parameter types of a typed listener.
func (l *Listener) callAny(args []any) {
	switch f := l.fn.(type) {
	case func(...any):
		f(args...)
	case func():
		f()
	case func(any):
		var v any
		if len(args) > 0 {
			v = args[0]
		}
		f(v)
	default:
		callReflect(l.name, l.fn, args)
	}
}

// callReflect adapts untyped arguments to a typed listener: missing
// arguments are zero values, extra ones are dropped, and an argument of
// the wrong type is a programming error reported with a clear panic.
func callReflect(name string, fn any, args []any) {
	v := reflect.ValueOf(fn)
	t := v.Type()
	in := make([]reflect.Value, t.NumIn())
	for i := range in {
		pt := t.In(i)
		if i < len(args) && args[i] != nil {
			a := reflect.ValueOf(args[i])
			if !a.Type().AssignableTo(pt) {
				panic(fmt.Sprintf("events: listener for %q takes %s as argument %d, emitted %T", name, pt, i+1, args[i]))
			}
			in[i] = a
		} else {
			in[i] = reflect.Zero(pt)
		}
	}
	v.Call(in)
}

// call1 is the typed fast path for one argument: no boxing when the
// listener takes exactly T or nothing.
func call1[T any](l *Listener, v T) {
	switch f := l.fn.(type) {
	case func(T):
		f(v)
	case func():
		f()
	default:
		l.callAny([]any{v})
	}
}

func call2[A, B any](l *Listener, a A, b B) {
	switch f := l.fn.(type) {
	case func(A, B):
		f(a, b)
	case func():
		f()
	default:
		l.callAny([]any{a, b})
	}
}

func call0(l *Listener, _ struct{}) {
	if f, ok := l.fn.(func()); ok {
		f()
		return
	}
	l.callAny(nil)
}

func callArgs(l *Listener, args []any) { l.callAny(args) }
