package uv_test

import (
	"context"
	"errors"
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

// Blocking work with a deadline: the work watches its context, and done
// runs on the loop with ctx.Err() as soon as the deadline passes.
func ExampleWorkContext() {
	l, err := uv.New()
	if err != nil {
		panic(err)
	}
	defer l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	uv.WorkContext(ctx, l, func(ctx context.Context) (string, error) {
		select {
		case <-time.After(time.Minute): // a slow lookup
			return "result", nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}, func(v string, err error) {
		fmt.Printf("done: %q, %v\n", v, err)
	})
	if err := l.Run(); err != nil {
		panic(err)
	}
	// Output:
	// done: "", context deadline exceeded
}

// The handler gets what Node's 'uncaughtException' listener gets, the
// error and its origin, plus the stack; the loop goes on.
func ExampleLoop_SetUncaughtErrorHandler() {
	l, err := uv.New()
	if err != nil {
		panic(err)
	}
	defer l.Close()
	l.SetUncaughtErrorHandler(func(u *uv.UncaughtError) {
		fmt.Println("caught:", u.Value, "origin:", u.Origin, "stack:", len(u.Stack) > 0)
	})
	l.SetTimeout(func() { panic(errors.New("boom")) }, time.Millisecond)
	l.SetTimeout(func() { fmt.Println("the loop goes on") }, 2*time.Millisecond)
	if err := l.Run(); err != nil {
		panic(err)
	}
	// Output:
	// caught: boom origin: uncaughtException stack: true
	// the loop goes on
}
