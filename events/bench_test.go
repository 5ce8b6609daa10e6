package events_test

import (
	"testing"

	"github.com/uvgo/uvgo/events"
)

// The four operations bench/events.js measures in Node, same shapes.

func BenchmarkEmit1(b *testing.B) {
	e := events.New()
	n := 0
	events.On1(e, "data", func(v int) { n += v })
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		events.Emit1(e, "data", i)
	}
}

func BenchmarkEmit3(b *testing.B) {
	e := events.New()
	n := 0
	for range 3 {
		events.On1(e, "data", func(v int) { n += v })
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		events.Emit1(e, "data", i)
	}
}

func BenchmarkOnOff(b *testing.B) {
	e := events.New()
	fn := func(int) {}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		l := events.On1(e, "data", fn)
		e.Off(l)
	}
}

func BenchmarkOnceEmit(b *testing.B) {
	e := events.New()
	fn := func(int) {}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		events.Once1(e, "data", fn)
		events.Emit1(e, "data", i)
	}
}

// Untyped forms, for comparison: Emit(...any) boxes its arguments.
func BenchmarkEmitAny1(b *testing.B) {
	e := events.New()
	n := 0
	e.On("data", func(args ...any) { n++ })
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e.Emit("data", i)
	}
}

// A stream-like emitter with its predeclared names: the lookup cost of
// the hot events on a shaped emitter.
func BenchmarkEmit1Shaped(b *testing.B) {
	e := events.NewWithOptions(events.Options{Shape: []string{"close", "error", "prefinish", "finish", "drain", "data", "end", "readable"}})
	n := 0
	events.On1(e, "data", func(v int) { n += v })
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		events.Emit1(e, "data", i)
	}
}
