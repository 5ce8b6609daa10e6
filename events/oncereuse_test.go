package events_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/uvgo/uvgo/events"
)

// A producer that waits for 'drain' with once, over and over, registers
// the same function each time: the fired registration serves the next
// one, so the loop allocates nothing, and every registration fires once.
func TestOnceSameFunctionReused(t *testing.T) {
	var e events.Emitter
	calls := 0
	var wait func()
	wait = func() { calls++ }
	first := events.Once0(&e, "drain", wait)
	events.Emit0(&e, "drain")
	allocs := testing.AllocsPerRun(100, func() {
		events.Once0(&e, "drain", wait)
		events.Emit0(&e, "drain")
		events.Emit0(&e, "drain") // once: the second emit calls nothing
	})
	assert.Zero(t, allocs)
	assert.Equal(t, 102, calls) // 1 + 101 runs (AllocsPerRun warms up once)
	assert.Same(t, first, events.Once0(&e, "drain", wait))
	assert.Equal(t, 1, e.ListenerCount("drain"))
}

// Node knows a listener by its function: once(name, fn) after a fired
// once(name, fn) is removed by off(name, fn). The token of the first
// registration is the second's, so Off with it does the same.
//
//	e.once('x', f); e.emit('x'); e.once('x', f); e.off('x', f); e.emit('x') // f ran once
func TestOnceReusedTokenRemoves(t *testing.T) {
	var e events.Emitter
	calls := 0
	f := func() { calls++ }
	tok := events.Once0(&e, "x", f)
	events.Emit0(&e, "x")
	events.Once0(&e, "x", f)
	e.Off(tok)
	events.Emit0(&e, "x")
	assert.Equal(t, 1, calls)
	assert.Zero(t, e.ListenerCount("x"))
}

// Another function, or another event, gets its own registration.
func TestOnceOtherFunctionNotReused(t *testing.T) {
	var e events.Emitter
	f, g := func() {}, func() {}
	a := events.Once0(&e, "x", f)
	events.Emit0(&e, "x")
	assert.NotSame(t, a, events.Once0(&e, "x", g))
	b := events.Once0(&e, "y", f)
	assert.NotSame(t, a, b)
}

// A wrapper handed out by RawListeners stays what Node's raw wrapper is:
// once fired, calling it does nothing, even after the same function was
// registered again (that registration is a new one).
func TestOnceRawWrapperNeverReused(t *testing.T) {
	var e events.Emitter
	calls := 0
	f := func() { calls++ }
	events.Once0(&e, "x", f)
	raw := e.RawListeners("x")[0]
	events.Emit0(&e, "x")
	events.Once0(&e, "x", f)
	raw.Call()
	assert.Equal(t, 1, calls, "a fired raw wrapper called the new registration")
	events.Emit0(&e, "x")
	assert.Equal(t, 2, calls)
}

// An emit that walks a snapshot of the listeners can still reach a
// once-wrapper that fired in a nested emit: Node's finds it fired and
// skips it, even when the function registered once again meanwhile (a
// new wrapper). So a wrapper that fires while an emit of its event is
// walking is not reused.
//
//	e.on('x', () => { if (++depth === 1) e.emit('x') })  // registered first
//	e.once('x', f)  // f: calls.push(depth); e.once('x', f)
//	e.emit('x')     // f runs once (depth 2); 2 listeners left
func TestOnceNotReusedUnderOuterEmit(t *testing.T) {
	e := events.New()
	depth := 0
	var calls []int
	var f func()
	f = func() { calls = append(calls, depth); events.Once0(e, "x", f) }
	events.On0(e, "x", func() {
		depth++
		if depth == 1 {
			events.Emit0(e, "x")
		}
	})
	events.Once0(e, "x", f)
	events.Emit0(e, "x")
	assert.Equal(t, []int{2}, calls)
	assert.Equal(t, 2, e.ListenerCount("x"))
}
