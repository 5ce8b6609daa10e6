package events_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/uvgo/uvgo/events"
)

// use drives an emitter through registrations, a removal, a max-listeners
// change and emits, and describes what it observed: the same calls on a
// reset emitter and on a new one must describe the same thing.
func use(e *events.Emitter) string {
	var log []string
	var rm *events.Listener
	for _, n := range []string{"data", "custom", "close", "other"} {
		l := events.On0(e, n, func() { log = append(log, n) })
		if n == "custom" {
			rm = l
		}
	}
	events.Once0(e, "close", func() { log = append(log, "close once") })
	e.On(events.RemoveListenerEvent, func(args ...any) { log = append(log, fmt.Sprint("removeListener ", args[0])) })
	e.Off(rm)
	events.Emit0(e, "close")
	events.Emit0(e, "close")
	events.Emit0(e, "data")
	return fmt.Sprint(log, e.EventNames(), e.ListenerCount("close"), e.GetMaxListeners())
}

func TestResetIsLikeNew(t *testing.T) {
	shape := []string{"close", "error", "finish"}
	for _, c := range []struct {
		opts      events.Options
		removeAll bool // RemoveAllListeners first: it ends shape mode
	}{{events.Options{}, false}, {events.Options{Shape: shape}, false}, {events.Options{Shape: shape}, true}} {
		opts := c.opts
		fresh := events.NewWithOptions(opts)
		want := use(fresh)

		e := events.NewWithOptions(opts)
		use(e)
		e.SetMaxListeners(3)
		for i := range 40 { // more names than a reset keeps slots for
			e.On(fmt.Sprint("n", i), func(...any) {})
		}
		if c.removeAll {
			e.RemoveAllListeners()
		}
		events.Reset(e)
		assert.Equal(t, events.NewWithOptions(opts).EventNames(), e.EventNames(), "names after Reset, shape %v", opts.Shape)
		assert.Equal(t, 10, e.GetMaxListeners())
		assert.Zero(t, e.ListenerCount("close"))
		assert.Equal(t, want, use(e), "shape %v", opts.Shape)
	}
}

func TestResetKeepsMemory(t *testing.T) {
	e := events.NewWithOptions(events.Options{Shape: []string{"close", "finish"}})
	l := events.Func0(func() {})
	allocs := testing.AllocsPerRun(100, func() {
		events.Reset(e)
		e.AddListener("finish", l)
		e.AddListener("close", l)
		events.Emit0(e, "finish")
	})
	assert.Zero(t, allocs, "re-registering on a reset shaped emitter allocates")
}
