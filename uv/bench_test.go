package uv_test

import (
	"testing"
	"time"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

// One libuv timer re-armed from its own callback: a loop iteration plus a
// C->Go callback per op.
func BenchmarkTimerHandleRoundTrip(b *testing.B) {
	l := testutil.NewLoop(b)
	tm, _ := uv.NewTimer(l)
	n := 0
	var cb func()
	cb = func() {
		if n++; n < b.N {
			tm.Start(0, 0, cb)
		} else {
			tm.Close(nil)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	tm.Start(0, 0, cb)
	l.Run()
}

// b.N SetTimeout timers that all fire in one timers phase: Node's timer
// list cost per timeout (create, fire, tick drain check).
func BenchmarkSetTimeoutFire(b *testing.B) {
	l := testutil.NewLoop(b)
	fn := func() {}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		l.SetTimeout(fn, time.Millisecond)
	}
	l.Run()
}

// A tick that queues the next one, b.N times: queue push and pop in
// steady state.
func BenchmarkNextTick(b *testing.B) {
	l := testutil.NewLoop(b)
	n := 0
	var fn func()
	fn = func() {
		if n++; n < b.N {
			l.NextTick(fn)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	l.NextTick(fn)
	l.Run()
}

func BenchmarkSetImmediate(b *testing.B) {
	l := testutil.NewLoop(b)
	fn := func() {}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		l.SetImmediate(fn)
	}
	l.Run()
}

// A goroutine posts one function and waits for it to have run: the full
// cross-thread round trip (wake the loop, run, signal back).
func BenchmarkPostRoundTrip(b *testing.B) {
	l := testutil.NewLoop(b)
	keep, _ := uv.NewAsync(l, func() {})
	done := make(chan struct{})
	go func() {
		ack := make(chan struct{})
		fn := func() { ack <- struct{}{} }
		for range b.N {
			l.Post(fn)
			<-ack
		}
		l.Post(func() { keep.Close(nil) })
		close(done)
	}()
	b.ReportAllocs()
	b.ResetTimer()
	l.Run()
	<-done
}

// A goroutine posts b.N functions without waiting: they are drained in
// batches by one async handle.
func BenchmarkPostBatched(b *testing.B) {
	l := testutil.NewLoop(b)
	keep, _ := uv.NewAsync(l, func() {})
	n := 0
	fn := func() {
		if n++; n == b.N {
			keep.Close(nil)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	go func() {
		for range b.N {
			l.Post(fn)
		}
	}()
	l.Run()
}

// A 64-byte message echoed over loopback TCP, client and server on the
// same loop: two reads, two writes and two poll wake-ups per op.
func BenchmarkTCPEchoRoundTrip(b *testing.B) {
	l := testutil.NewLoop(b)
	srv, _ := uv.NewTCP(l)
	srv.Bind(testutil.Loopback0, 0)
	srv.Listen(8, func(error) {
		c, _ := srv.Accept()
		c.ReadStart(func(data []byte, err error) {
			if err != nil {
				c.Close(nil)
				return
			}
			c.Write([][]byte{data}, nil)
		})
	})
	addr, _ := srv.SockName()
	cli, _ := uv.NewTCP(l)
	cli.Connect(addr, func(error) {
		cli.SetNoDelay(true)
		echoClient(b, cli, func() { srv.Close(nil) })
	})
	l.Run()
}

// echoStream is what echoClient needs of a TCP or pipe handle.
type echoStream interface {
	ReadStart(cb func(data []byte, err error)) error
	Write(bufs [][]byte, cb func(error)) (bool, error)
	Close(cb func())
}

// echoClient sends a 64-byte message and waits for its echo, b.N times,
// on a connected handle; then closes it and calls done.
func echoClient(b *testing.B, cli echoStream, done func()) {
	msg := make([]byte, 64)
	bufs := [][]byte{msg}
	n, got := 0, 0
	cli.ReadStart(func(data []byte, err error) {
		if got += len(data); got < len(msg) {
			return
		}
		got = 0
		if n++; n < b.N {
			cli.Write(bufs, nil)
			return
		}
		cli.Close(nil)
		done()
	})
	b.ReportAllocs()
	b.SetBytes(int64(2 * len(msg)))
	b.ResetTimer()
	cli.Write(bufs, nil)
}

// BenchmarkNextTick with the loop-thread check on (as in -race builds or
// with UVGO_CHECK=1): the check's cost per loop-only call while the loop
// runs (OnLoop: an atomic load and goid.Current).
func BenchmarkNextTickChecked(b *testing.B) {
	defer uv.ForceChecking(true)()
	BenchmarkNextTick(b)
}

// CheckOnLoop on the loop's goroutine while it runs, with the check off
// (the default: a load and a branch) and on (OnLoop).
func BenchmarkCheckOnLoop(b *testing.B) {
	for _, on := range []bool{false, true} {
		name := "off"
		if on {
			name = "on"
		}
		b.Run(name, func(b *testing.B) {
			defer uv.ForceChecking(on)()
			l := testutil.NewLoop(b)
			l.NextTick(func() {
				b.ResetTimer()
				for range b.N {
					l.CheckOnLoop("Bench")
				}
			})
			l.Run()
		})
	}
}
