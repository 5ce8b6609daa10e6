// Tests for every fact of section B of shared/spec/node-events-streams.md.
// Behaviours pinned by Node's own tests (test/parallel/), ported here in
// our own code:
//
//	test-event-emitter-modify-in-emit        TestSnapshotDuringEmit
//	test-event-emitter-add-listeners         TestNewListener, TestRegistrationOrder
//	test-event-emitter-remove-listeners      TestRemoveListenerRules
//	test-event-emitter-once                  TestOnce
//	test-event-emitter-prepend               TestRegistrationOrder, TestTypedListeners
//	test-event-emitter-remove-all-listeners  TestRemoveAllListenersOrder
//	test-event-emitter-errors                TestErrorRule
//	test-event-emitter-no-error-provided...  TestErrorRule/no_argument
//	test-event-emitter-error-monitor         TestErrorRule/errorMonitor_first,_not_counted
//	test-event-emitter-check-listener-leaks  TestMaxListeners
//	test-event-emitter-max-listeners-warning TestMaxListeners, TestWarningDeliveredOnNextTick
//	test-event-emitter-listeners             TestIntrospection
//	test-event-emitter-listeners-side-effects TestIntrospection, TestRemoveAllListenersOrder
//	test-event-emitter-listener-count        TestIntrospection
//	test-event-emitter-num-args              TestEmitArgumentsAndResult
//	test-event-emitter-symbols               TestEventNamesOrder, TestMaxListeners
//	test-events-once                         TestOnceWithError, TestWait
//	test-events-on-async-iterator            TestIter
//	test-events-list                         TestEventNamesOrder
//	test-event-emitter-special-event-names   TestSpecialNames
package events_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/events"
)

// rec records calls in order.
type rec struct{ log []string }

func (r *rec) add(s string) { r.log = append(r.log, s) }
func (r *rec) fn(s string) func(...any) {
	return func(...any) { r.add(s) }
}

// B1: order, prepend, duplicates.
func TestRegistrationOrder(t *testing.T) {
	e := events.New()
	r := &rec{}
	a := e.On("x", r.fn("a"))
	e.On("x", r.fn("b"))
	e.Prepend("x", r.fn("p"))
	e.AddListener("x", a) // same listener twice: both count, both called
	assert.Equal(t, 4, e.ListenerCount("x"))
	assert.Equal(t, 2, e.ListenerCountOf("x", a))
	assert.True(t, e.Emit("x"))
	assert.Equal(t, []string{"p", "a", "b", "a"}, r.log)
}

// B4: newListener before insertion, with the user's listener, not announced
// to itself; listeners it adds go before the one being added.
func TestNewListener(t *testing.T) {
	e := events.New()
	var log []string
	inner := false
	e.On(events.NewListener, func(args ...any) {
		name := args[0].(string)
		l := args[1].(*events.Listener)
		log = append(log, "new "+name)
		if name == "foo" && !inner {
			inner = true
			assert.Equal(t, 0, e.ListenerCount("foo"), "count taken inside does not include the new one")
			assert.False(t, l.IsOnce(), "user listener, never the wrapper")
			e.On("foo", func(...any) { log = append(log, "added-inside") })
		}
	})
	e.On(events.NewListener, func(...any) {}) // announced under 'newListener' to the first
	e.Once("foo", func(...any) { log = append(log, "foo") })
	e.Emit("foo")
	assert.Equal(t, []string{"new newListener", "new foo", "new foo", "added-inside", "foo"}, log)
	assert.Len(t, e.Listeners("foo"), 1, "added-inside stays")
}

// B5: exact arguments, return value.
func TestEmitArgumentsAndResult(t *testing.T) {
	e := events.New()
	assert.False(t, e.Emit("none"))
	var got [][]any
	e.On("x", func(args ...any) { got = append(got, args) })
	e.Emit("x")
	e.Emit("x", 1)
	e.Emit("x", 1, "two", nil)
	assert.Equal(t, [][]any{nil, {1}, {1, "two", nil}}, got)
}

// B6: snapshot rule.
func TestSnapshotDuringEmit(t *testing.T) {
	e := events.New()
	r := &rec{}
	var b *events.Listener
	e.On("x", func(...any) {
		r.add("a")
		e.On("x", r.fn("added"))
		e.Prepend("x", r.fn("prepended"))
		e.Off(b)
	})
	b = e.On("x", r.fn("b (removed but still called)"))
	e.Emit("x")
	assert.Equal(t, []string{"a", "b (removed but still called)"}, r.log)
	r.log = nil
	e.RemoveAllListeners("x")
	e.On("x", func(...any) { r.add("1"); e.RemoveAllListeners("x") })
	e.On("x", r.fn("2 still called"))
	e.Emit("x")
	e.Emit("x")
	assert.Equal(t, []string{"1", "2 still called"}, r.log)
}

// B7: a panicking listener stops the emit.
func TestPanicStopsEmit(t *testing.T) {
	e := events.New()
	r := &rec{}
	e.On("x", func(...any) { panic("stop") })
	e.On("x", r.fn("never"))
	assert.PanicsWithValue(t, "stop", func() { e.Emit("x") })
	assert.Empty(t, r.log)
	// The emitter still works and is not left marked as emitting.
	e.RemoveAllListeners("x")
	e.On("x", r.fn("after"))
	e.Emit("x")
	assert.Equal(t, []string{"after"}, r.log)
}

// B8: once semantics.
func TestOnce(t *testing.T) {
	t.Run("fires once, even re-entrantly", func(t *testing.T) {
		e := events.New()
		n := 0
		e.Once("x", func(...any) { n++; e.Emit("x") })
		e.Emit("x")
		e.Emit("x")
		assert.Equal(t, 1, n)
	})
	t.Run("removed by an earlier listener is still called", func(t *testing.T) {
		e := events.New()
		r := &rec{}
		var o *events.Listener
		e.On("x", func(...any) { r.add("first"); e.Off(o) })
		o = e.Once("x", r.fn("once"))
		e.Emit("x")
		e.Emit("x")
		assert.Equal(t, []string{"first", "once", "first"}, r.log)
	})
	t.Run("removeListener before it fires", func(t *testing.T) {
		e := events.New()
		o := e.Once("x", func(...any) { t.Error("removed once ran") })
		e.RemoveListener("x", o)
		assert.False(t, e.Emit("x"))
	})
	t.Run("removeListener fires before the listener runs", func(t *testing.T) {
		e := events.New()
		r := &rec{}
		e.On(events.RemoveListenerEvent, func(args ...any) { r.add("removeListener " + args[0].(string)) })
		e.Once("x", r.fn("x"))
		e.Emit("x")
		assert.Equal(t, []string{"removeListener x", "x"}, r.log)
	})
}

// B9/B10: removal from the end; which listener 'removeListener' carries.
func TestRemoveListenerRules(t *testing.T) {
	e := events.New()
	var seen []*events.Listener
	e.On(events.RemoveListenerEvent, func(args ...any) { seen = append(seen, args[1].(*events.Listener)) })
	r := &rec{}
	a := events.Func(r.fn("a"))
	e.AddListener("x", a)
	e.On("x", r.fn("b"))
	e.AddListener("x", a)
	e.RemoveListener("x", a) // removes the last one
	e.Emit("x")
	assert.Equal(t, []string{"a", "b"}, r.log)
	require.Len(t, seen, 1)
	assert.Same(t, a, seen[0])

	// Unknown: nothing happens, nothing emitted.
	e.RemoveListener("x", events.Func(nil))
	e.RemoveListener("nope", a)
	e.Off(nil)
	assert.Len(t, seen, 1)

	// Single listener: the user's function, unwrapped.
	seen = nil
	f := events.Func(func(...any) {})
	e.OnceListener("y", f)
	e.Emit("y")
	require.Len(t, seen, 1)
	assert.Same(t, f, seen[0])

	// Several listeners: a once-wrapper removing itself reports the wrapper.
	seen = nil
	e.OnceListener("z", f)
	e.On("z", func(...any) {})
	e.Emit("z")
	require.Len(t, seen, 1)
	assert.NotSame(t, f, seen[0])
	assert.True(t, seen[0].IsOnce())
	assert.Same(t, f, seen[0].Original())
}

// B11: removing the last listener of the whole emitter emits nothing.
func TestRemoveLastListenerOfEmitter(t *testing.T) {
	e := events.New()
	n := 0
	l := e.On(events.RemoveListenerEvent, func(...any) { n++ })
	e.Off(l)
	assert.Equal(t, 0, n)
	assert.Empty(t, e.EventNames())
}

// B12: shape mode (streams).
func TestShapeMode(t *testing.T) {
	e := events.NewWithOptions(events.Options{Shape: []string{"close", "error", "data", "end", "readable"}})
	n := 0
	e.On(events.RemoveListenerEvent, func(...any) { n++ })
	l := e.On("data", func(...any) {})
	e.Off(l)
	assert.Equal(t, 0, n, "only listener removed: no 'removeListener' in shape mode")
	e.On("data", func(...any) {})
	l2 := e.On("data", func(...any) {})
	e.Off(l2)
	assert.Equal(t, 1, n, "one of several: still reported")
	e.On("foo", func(...any) {})
	e.On("end", func(...any) {})
	e.On("close", func(...any) {})
	assert.Equal(t, []string{"close", "data", "end", events.RemoveListenerEvent, "foo"}, e.EventNames())
}

// B13: removeAllListeners order.
func TestRemoveAllListenersOrder(t *testing.T) {
	e := events.New()
	var log []string
	e.On(events.RemoveListenerEvent, func(args ...any) { log = append(log, "rm "+args[0].(string)) })
	for _, n := range []string{"b", "a"} {
		e.On(n, func(...any) {})
		e.On(n, func(...any) {})
	}
	before := e.Listeners("a")
	e.RemoveAllListeners("a")
	assert.Equal(t, []string{"rm a", "rm a"}, log)
	assert.Len(t, before, 2, "arrays returned earlier are unaffected")
	log = nil
	e.On("a", func(...any) {})
	e.RemoveAllListeners()
	// The last 'removeListener' listener is the last listener of the
	// emitter: its removal resets the table silently (B11).
	assert.Equal(t, []string{"rm b", "rm b", "rm a"}, log)
	assert.Empty(t, e.EventNames())

	log = nil
	e.On(events.RemoveListenerEvent, func(args ...any) { log = append(log, "rm1 "+args[0].(string)) })
	e.On(events.RemoveListenerEvent, func(args ...any) { log = append(log, "rm2 "+args[0].(string)) })
	e.On("a", func(...any) {})
	e.RemoveAllListeners()
	assert.Equal(t, []string{"rm1 a", "rm2 a", "rm1 removeListener"}, log)

	// Without 'removeListener' listeners: silent.
	e.On("q", func(...any) {})
	e.RemoveAllListeners("q", "unknown")
	assert.Equal(t, 0, e.ListenerCount("q"))
}

// B14-B16: the error rule.
func TestErrorRule(t *testing.T) {
	boom := errors.New("boom")
	cases := []struct {
		name string
		args []any
		want string
	}{
		{"no argument", nil, "Unhandled error. (undefined)"},
		{"string", []any{"boom"}, "Unhandled error. ('boom')"},
		{"int", []any{42}, "Unhandled error. (42)"},
		{"float", []any{1.5}, "Unhandled error. (1.5)"},
		{"map", []any{map[string]any{"a": 1, "b": "x"}}, "Unhandled error. ({ a: 1, b: 'x' })"},
		{"nil", []any{nil}, "Unhandled error. (null)"},
		{"quote", []any{"it's"}, `Unhandled error. ("it's")`},
		{"slice", []any{[]any{1, 2}}, "Unhandled error. ([ 1, 2 ])"},
		{"bool", []any{true}, "Unhandled error. (true)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := events.New()
			defer func() {
				r := recover()
				ue, ok := r.(*events.UnhandledError)
				require.True(t, ok, "panic value %T", r)
				assert.Equal(t, c.want, ue.Error())
				assert.Equal(t, "ERR_UNHANDLED_ERROR", ue.Code())
			}()
			e.Emit("error", c.args...)
		})
	}
	t.Run("error value is thrown itself", func(t *testing.T) {
		e := events.New()
		assert.PanicsWithValue(t, boom, func() { e.Emit("error", boom) })
		assert.PanicsWithValue(t, boom, func() { events.Emit1(e, "error", boom) })
		assert.PanicsWithValue(t, boom, func() { events.Emit1[error](e, "error", boom) })
	})
	t.Run("errorMonitor first, not counted", func(t *testing.T) {
		e := events.New()
		var log []string
		e.On(events.ErrorMonitor, func(args ...any) { log = append(log, "monitor "+args[0].(error).Error()) })
		assert.Equal(t, 0, e.ListenerCount("error"))
		assert.PanicsWithValue(t, boom, func() { e.Emit("error", boom) })
		e.On("error", func(args ...any) { log = append(log, "error "+args[0].(error).Error()) })
		assert.True(t, e.Emit("error", boom))
		assert.Equal(t, []string{"monitor boom", "monitor boom", "error boom"}, log)
	})
	t.Run("once('error') covers the first only", func(t *testing.T) {
		e := events.New()
		e.Once("error", func(...any) {})
		e.Emit("error", boom)
		assert.Panics(t, func() { e.Emit("error", boom) })
	})
}

// B17-B19: max listeners.
func TestMaxListeners(t *testing.T) {
	var got []*events.Warning
	remove := events.OnWarning(func(w *events.Warning) { got = append(got, w) })
	defer remove()
	var out bytes.Buffer
	events.SetWarningOutput(&out)
	defer events.SetWarningOutput(nil)

	e := events.New()
	assert.Equal(t, 10, e.GetMaxListeners())
	for range 11 {
		e.On("foo", func(...any) {})
	}
	require.Len(t, got, 1)
	w := got[0]
	assert.Equal(t, "MaxListenersExceededWarning", w.Name)
	assert.Equal(t, "Possible EventEmitter memory leak detected. 11 foo listeners added to [EventEmitter]. MaxListeners is 10. Use emitter.setMaxListeners() to increase limit", w.Message)
	assert.Same(t, e, w.Emitter)
	assert.Equal(t, "foo", w.Event)
	assert.Equal(t, 11, w.Count)
	assert.Contains(t, out.String(), ") MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 foo")
	e.On("foo", func(...any) {})
	assert.Len(t, got, 1, "once per event")

	// Shrinks back to one listener, grows again: warns again.
	e.RemoveAllListeners("foo")
	for range 11 {
		e.On("foo", func(...any) {})
	}
	assert.Len(t, got, 2)

	// Per-instance limit, 0 = unlimited, symbol names and type names.
	s := events.Symbol("sym")
	e2 := events.NewWithOptions(events.Options{TypeName: "MyEmitter"})
	require.NoError(t, e2.SetMaxListeners(1))
	e2.On(s, func(...any) {})
	e2.On(s, func(...any) {})
	require.Len(t, got, 3)
	assert.Equal(t, "Possible EventEmitter memory leak detected. 2 Symbol(sym) listeners added to [MyEmitter]. MaxListeners is 1. Use emitter.setMaxListeners() to increase limit", got[2].Message)
	require.NoError(t, e2.SetMaxListeners(0))
	for range 50 {
		e2.On("many", func(...any) {})
	}
	assert.Len(t, got, 3)

	err := e2.SetMaxListeners(-1)
	assert.ErrorIs(t, err, events.ErrOutOfRange)
	assert.Equal(t, `The value of "setMaxListeners" is out of range. It must be >= 0. Received -1`, err.Error())
	assert.Equal(t, 0, e2.GetMaxListeners())

	require.NoError(t, events.SetDefaultMaxListeners(2))
	defer events.SetDefaultMaxListeners(10)
	e3 := events.New()
	assert.Equal(t, 2, e3.GetMaxListeners())
	assert.ErrorIs(t, events.SetDefaultMaxListeners(-5), events.ErrOutOfRange)
}

type fakeSched struct{ ticks, micro []func() }

func (f *fakeSched) NextTick(fn func())       { f.ticks = append(f.ticks, fn) }
func (f *fakeSched) QueueMicrotask(fn func()) { f.micro = append(f.micro, fn) }

func TestWarningDeliveredOnNextTick(t *testing.T) {
	var got int
	remove := events.OnWarning(func(*events.Warning) { got++ })
	defer remove()
	events.SetWarningOutput(nil)
	s := &fakeSched{}
	e := events.NewWithOptions(events.Options{Scheduler: s})
	e.SetMaxListeners(1)
	e.On("x", func(...any) {})
	e.On("x", func(...any) {})
	assert.Equal(t, 0, got, "not synchronous")
	require.Len(t, s.ticks, 1)
	s.ticks[0]()
	assert.Equal(t, 1, got)
}

// B20-B21: introspection.
func TestIntrospection(t *testing.T) {
	e := events.New()
	f := events.Func(func(...any) {})
	e.AddListener("x", f)
	e.OnceListener("x", f)
	assert.Equal(t, 2, e.ListenerCount("x"))
	assert.Equal(t, 2, e.ListenerCountOf("x", f))
	assert.Equal(t, 0, e.ListenerCount("none"))
	ls := e.Listeners("x")
	assert.Equal(t, []*events.Listener{f, f}, ls)
	raw := e.RawListeners("x")
	require.Len(t, raw, 2)
	assert.Same(t, f, raw[0])
	assert.True(t, raw[1].IsOnce())
	assert.Same(t, f, raw[1].Original())
	ls[0] = nil // a copy
	assert.Same(t, f, e.Listeners("x")[0])
	assert.Equal(t, []*events.Listener{}, e.Listeners("unknown"))
	assert.Equal(t, 2, events.ListenerCount(e, "x"))

	// Calling a raw wrapper runs the listener once and removes it.
	n := 0
	g := events.Func(func(...any) { n++ })
	e.OnceListener("y", g)
	w := e.RawListeners("y")[0]
	w.Call()
	w.Call()
	assert.Equal(t, 1, n)
	assert.Equal(t, 0, e.ListenerCount("y"))
}

// B22: eventNames order.
func TestEventNamesOrder(t *testing.T) {
	e := events.New()
	sym := events.Symbol("s")
	for _, n := range []string{"b", "10", "2", sym, "a", "01", "-1", "4294967295", "4294967294"} {
		e.On(n, func(...any) {})
	}
	assert.Equal(t, []string{"2", "10", "4294967294", "b", "a", "01", "-1", "4294967295", sym}, e.EventNames())
	assert.Equal(t, "Symbol(s)", events.DisplayName(sym))
	// Removing the last listener and adding again moves a name to the end.
	e.RemoveAllListeners("b")
	e.On("b", func(...any) {})
	names := e.EventNames()
	assert.Equal(t, "b", names[len(names)-2])
}

// B26: any name is ordinary.
func TestSpecialNames(t *testing.T) {
	e := events.New()
	n := 0
	for _, name := range []string{"__proto__", "toString", "constructor", ""} {
		e.On(name, func(...any) { n++ })
		assert.True(t, e.Emit(name))
	}
	assert.Equal(t, 4, n)
}

func TestTypedListeners(t *testing.T) {
	e := events.New()
	var got []string
	events.On1(e, "data", func(b []byte) { got = append(got, "typed "+string(b)) })
	events.On0(e, "data", func() { got = append(got, "none") })
	e.On("data", func(args ...any) { got = append(got, "any "+string(args[0].([]byte))) })
	events.Emit1(e, "data", []byte("x"))
	e.Emit("data", []byte("y"))
	assert.Equal(t, []string{"typed x", "none", "any x", "typed y", "none", "any y"}, got)

	got = nil
	events.On2(e, "pair", func(a string, b int) { got = append(got, strings.Repeat(a, b)) })
	events.Emit2(e, "pair", "ab", 2)
	e.Emit("pair", "c", 3)
	e.Emit("pair") // missing arguments are zero values
	assert.Equal(t, []string{"abab", "ccc", ""}, got)
	assert.PanicsWithValue(t, `events: listener for "pair" takes string as argument 1, emitted int`, func() { e.Emit("pair", 1, 2) })

	n := 0
	events.Once1(e, "once", func(v int) { n += v })
	events.Emit1(e, "once", 5)
	events.Emit1(e, "once", 5)
	assert.Equal(t, 5, n)
	events.Once0(e, "o0", func() { n++ })
	events.Emit0(e, "o0")
	events.Emit0(e, "o0")
	assert.Equal(t, 6, n)
	events.Once2(e, "o2", func(a, b int) { n += a * b })
	events.Emit2(e, "o2", 2, 3)
	assert.Equal(t, 12, n)
	events.Prepend1(e, "p", func(int) { got = append(got, "first") })
	assert.Equal(t, 1, e.ListenerCount("p"))
}

func TestZeroValueEmitter(t *testing.T) {
	var e events.Emitter
	n := 0
	e.On("x", func(...any) { n++ })
	e.Emit("x")
	assert.Equal(t, 1, n)
}

func TestOnceWithError(t *testing.T) {
	e := events.New()
	var args []any
	var err error
	events.OnceWithError(e, "ready", func(a []any, er error) { args, err = a, er })
	e.Emit("ready", 1, 2)
	assert.Equal(t, []any{1, 2}, args)
	assert.NoError(t, err)
	assert.Empty(t, e.EventNames(), "both listeners removed")

	boom := errors.New("boom")
	events.OnceWithError(e, "ready", func(a []any, er error) { args, err = a, er })
	e.Emit("error", boom)
	assert.Same(t, boom, err)
	assert.Empty(t, e.EventNames())

	// Resolves as a microtask when the emitter has a scheduler.
	s := &fakeSched{}
	e2 := events.NewWithOptions(events.Options{Scheduler: s})
	called := false
	events.OnceWithError(e2, "x", func([]any, error) { called = true })
	e2.Emit("x")
	assert.False(t, called)
	require.Len(t, s.micro, 1)
	s.micro[0]()
	assert.True(t, called)

	cancel := events.OnceWithError(e, "never", func([]any, error) { t.Error("canceled wait fired") })
	cancel()
	e.Emit("never")
	assert.Empty(t, e.EventNames())
}

func TestInspect(t *testing.T) {
	for v, want := range map[any]string{
		"a\nb": `'a\nb'`, 3: "3", -2.5: "-2.5", false: "false",
	} {
		assert.Equal(t, want, events.Inspect(v))
	}
	assert.Equal(t, "{}", events.Inspect(map[string]int{}))
	assert.Equal(t, "[]", events.Inspect([]int{}))
	assert.Equal(t, "{ 'a-b': 1 }", events.Inspect(map[string]int{"a-b": 1}))
	assert.Equal(t, "`'\"`", events.Inspect(`'"`))
}
