package uv_test

import (
	"fmt"
	"time"

	"github.com/uvgo/uvgo/uv"
)

// Node's order: the synchronous code, then process.nextTick callbacks,
// then microtasks, then the loop's phases (here the check phase's
// setImmediate); ticks queued by a callback run right after it.
func ExampleLoop_NextTick() {
	l, err := uv.New()
	if err != nil {
		panic(err)
	}
	defer l.Close()
	l.SetImmediate(func() {
		fmt.Println("immediate")
		l.SetTimeout(func() { fmt.Println("timeout") }, time.Millisecond)
		l.NextTick(func() { fmt.Println("tick queued by the immediate") })
	})
	l.QueueMicrotask(func() { fmt.Println("microtask") })
	l.NextTick(func() { fmt.Println("tick") })
	fmt.Println("sync")
	if err := l.Run(); err != nil {
		panic(err)
	}
	// Output:
	// sync
	// tick
	// microtask
	// immediate
	// tick queued by the immediate
	// timeout
}
