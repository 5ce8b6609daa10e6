package events_test

import (
	"fmt"

	"github.com/uvgo/uvgo/events"
)

func ExampleEmitter_On() {
	e := events.New()
	l := e.On("greet", func(args ...any) { fmt.Println("hello,", args[0]) })
	e.Emit("greet", "world")
	e.Off(l)
	fmt.Println(e.Emit("greet", "again"))
	// Output:
	// hello, world
	// false
}

func ExampleEmitter_Once() {
	e := events.New()
	e.Once("ready", func(...any) { fmt.Println("ready") })
	e.Emit("ready")
	e.Emit("ready")
	fmt.Println(e.ListenerCount("ready"))
	// Output:
	// ready
	// 0
}

func ExampleOn1() {
	e := events.New()
	events.On1(e, "data", func(b []byte) { fmt.Printf("%d bytes\n", len(b)) })
	events.Emit1(e, "data", []byte("hello")) // no boxing, no allocation
	// Output: 5 bytes
}

func ExampleEmitter_Emit_error() {
	e := events.New()
	defer func() { fmt.Println("recovered:", recover()) }()
	e.Emit("error", "boom") // no 'error' listener: panics
	// Output: recovered: Unhandled error. ('boom')
}

func ExampleEmitter_EventNames() {
	e := events.New()
	for _, n := range []string{"b", "10", "2", "a"} {
		e.On(n, func(...any) {})
	}
	fmt.Println(e.EventNames())
	// Output: [2 10 b a]
}
