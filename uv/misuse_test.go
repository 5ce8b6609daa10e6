package uv_test

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

// catch runs f and returns what it panicked with, formatted ("" if it
// returned).
func catch(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// runOffLoop runs probe on another goroutine while l runs, then stops the
// loop's keep-alive, and returns when the loop has finished.
func runOffLoop(t *testing.T, l *uv.Loop, probe func()) {
	keep := l.SetInterval(func() {}, time.Millisecond)
	started := make(chan struct{})
	l.NextTick(func() { close(started) })
	go func() {
		<-started
		probe()
		l.Post(func() { l.ClearInterval(keep) })
	}()
	testutil.Run(t, l, 0)
}

// With the check on, loop-only methods called from another goroutine
// while the loop runs panic, naming the method and the fix.
func TestOffLoopCallPanics(t *testing.T) {
	defer uv.ForceChecking(true)()
	l := testutil.NewLoop(t)
	tm, err := uv.NewTimer(l)
	require.NoError(t, err)
	tcp, err := uv.NewTCP(l)
	require.NoError(t, err)
	var onLoopThere bool
	got := map[string]string{}
	runOffLoop(t, l, func() {
		onLoopThere = l.OnLoop()
		got["Loop.NextTick"] = catch(func() { l.NextTick(func() {}) })
		got["Loop.QueueMicrotask"] = catch(func() { l.QueueMicrotask(func() {}) })
		got["Loop.SetTimeout"] = catch(func() { l.SetTimeout(func() {}, time.Second) })
		got["Loop.SetImmediate"] = catch(func() { l.SetImmediate(func() {}) })
		got["Timer.Stop"] = catch(func() { tm.Stop() })
		got["TCP.Write"] = catch(func() { tcp.Write([][]byte{[]byte("x")}, nil) })
		got["Loop.Stop"] = catch(func() { l.Stop() })
		got["Work"] = catch(func() { uv.Work(l, func() (int, error) { return 0, nil }, func(int, error) {}) })
		got["Socket.Write"] = catch(func() { l.CheckOnLoop("Socket.Write") })
	})
	assert.False(t, onLoopThere, "another goroutine is not on the running loop")
	for method, msg := range got {
		assert.Contains(t, msg, "uv: "+method+" called from a goroutine other than the loop's", method)
		assert.Contains(t, msg, "use loop.Post", method)
	}
	assert.Len(t, got, 9)
	tm.Close(nil)
	tcp.Close(nil)
}

// On the loop, and anywhere when the loop is not running, the calls are
// allowed.
func TestOnLoop(t *testing.T) {
	defer uv.ForceChecking(true)()
	l := testutil.NewLoop(t)
	assert.True(t, l.OnLoop(), "not running: setup from any goroutine")
	offLoop := make(chan bool, 1)
	go func() { offLoop <- l.OnLoop() }()
	assert.True(t, <-offLoop, "not running: any goroutine")
	var inTimer, inTick bool
	l.SetTimeout(func() {
		inTimer = l.OnLoop()
		l.NextTick(func() { inTick = l.OnLoop() })
		l.CheckOnLoop("Socket.Write") // no panic
	}, time.Millisecond)
	testutil.Run(t, l, 0)
	assert.True(t, inTimer)
	assert.True(t, inTick)
	assert.True(t, l.OnLoop(), "stopped again")
}

// With the check off, CheckOnLoop costs nothing and does not panic;
// OnLoop still tells.
func TestCheckOff(t *testing.T) {
	defer uv.ForceChecking(false)()
	assert.False(t, uv.Checking())
	l := testutil.NewLoop(t)
	var onLoop bool
	var msg string
	runOffLoop(t, l, func() {
		onLoop = l.OnLoop()
		msg = catch(func() { l.CheckOnLoop("Socket.Write") })
	})
	assert.False(t, onLoop)
	assert.Empty(t, msg)
}

//go:noinline
func panicHere(err error) { panic(err) }

func TestUncaughtErrorHandler(t *testing.T) {
	l := testutil.NewLoop(t)
	boom := errors.New("boom")
	var got []*uv.UncaughtError
	l.SetUncaughtErrorHandler(func(u *uv.UncaughtError) { got = append(got, u) })
	l.SetTimeout(func() { panicHere(boom) }, time.Millisecond)
	l.SetTimeout(func() { l.RaiseUncaught("rejected", uv.OriginUnhandledRejection) }, 2*time.Millisecond)
	testutil.Run(t, l, 0)
	require.Len(t, got, 2)
	assert.Same(t, boom, got[0].Value)
	assert.Equal(t, uv.OriginUncaughtException, got[0].Origin)
	assert.Contains(t, string(got[0].Stack), "panicHere", "the stack where it was raised")
	assert.Equal(t, "rejected", got[1].Value)
	assert.Equal(t, uv.OriginUnhandledRejection, got[1].Origin)
	assert.NotEmpty(t, got[1].Stack)
}

// The value-only handler is still there, and setting one handler
// replaces the other.
func TestUncaughtHandlersReplaceEachOther(t *testing.T) {
	l := testutil.NewLoop(t)
	var values []any
	var rich int
	l.SetUncaughtErrorHandler(func(*uv.UncaughtError) { rich++ })
	l.SetUncaughtExceptionHandler(func(v any) { values = append(values, v) })
	l.SetTimeout(func() { panic("a") }, time.Millisecond)
	testutil.Run(t, l, 0)
	assert.Equal(t, []any{"a"}, values)
	assert.Zero(t, rich)
}

func TestRaiseUncaughtWithoutHandlerCrashes(t *testing.T) {
	l := testutil.NewLoop(t)
	ran := false
	l.SetTimeout(func() { l.RaiseUncaught("nobody handled it", uv.OriginUnhandledRejection) }, time.Millisecond)
	l.SetTimeout(func() { ran = true }, 20*time.Millisecond)
	r := catch(func() { l.Run() })
	assert.Contains(t, r, "nobody handled it")
	assert.False(t, ran, "the loop stopped")
	var u *uv.UncaughtError
	func() {
		defer func() { u, _ = recover().(*uv.UncaughtError) }()
		l.SetTimeout(func() { l.RaiseUncaught(7, uv.OriginUnhandledRejection) }, 0)
		l.Run()
	}()
	require.NotNil(t, u)
	assert.Equal(t, 7, u.Value)
	assert.Equal(t, uv.OriginUnhandledRejection, u.Origin)
}

// A panic in Work's function keeps its value; the stack is the worker's.
func TestWorkPanicKeepsValue(t *testing.T) {
	l := testutil.NewLoop(t)
	boom := errors.New("worker boom")
	var got *uv.UncaughtError
	l.SetUncaughtErrorHandler(func(u *uv.UncaughtError) { got = u })
	require.NoError(t, uv.Work(l, func() (int, error) { panicHere(boom); return 0, nil }, func(int, error) {
		t.Error("done must not run")
	}))
	testutil.Run(t, l, 0)
	require.NotNil(t, got)
	assert.Same(t, boom, got.Value)
	assert.Equal(t, uv.OriginUncaughtException, got.Origin)
	assert.Contains(t, string(got.Stack), "panicHere")
	assert.Contains(t, string(got.Stack), "TestWorkPanicKeepsValue")
}

func TestWorkPanicWithoutHandler(t *testing.T) {
	l := testutil.NewLoop(t)
	boom := errors.New("worker boom")
	require.NoError(t, uv.Work(l, func() (int, error) { panic(boom) }, func(int, error) {}))
	var u *uv.UncaughtError
	func() {
		defer func() { u, _ = recover().(*uv.UncaughtError) }()
		l.Run()
	}()
	require.NotNil(t, u, "Run panics with an *UncaughtError")
	assert.ErrorIs(t, u, boom)
}

// Close runs every close callback even when one panics, and returns the
// panic instead of swallowing it.
func TestClosePanicsAreReported(t *testing.T) {
	l, err := uv.New()
	require.NoError(t, err)
	t1, _ := uv.NewTimer(l)
	t2, _ := uv.NewTimer(l)
	t3, _ := uv.NewTimer(l)
	var ran []string
	t1.Close(func() { ran = append(ran, "t1"); panic("close boom") })
	t2.Close(func() {
		ran = append(ran, "t2")
		l.NextTick(func() { ran = append(ran, "tick from t2") })
	})
	t3.Close(func() { ran = append(ran, "t3"); panic("again") })
	err = l.Close()
	require.Error(t, err)
	// libuv runs close callbacks in the reverse order of the uv_close calls
	assert.Equal(t, []string{"t3", "t2", "tick from t2", "t1"}, ran)
	var u *uv.UncaughtError
	require.ErrorAs(t, err, &u)
	assert.Equal(t, "again", u.Value)
	assert.Contains(t, err.Error(), "close boom")
	var leak *uv.LeakError
	assert.False(t, errors.As(err, &leak), "nothing leaked")
}

// With a leak as well, both are reported; with a handler, the handler
// gets the panic and Close reports only the leak.
func TestClosePanicWithLeakAndHandler(t *testing.T) {
	l, err := uv.New()
	require.NoError(t, err)
	open, _ := uv.NewTimer(l)
	_ = open
	t1, _ := uv.NewTimer(l)
	t1.Close(func() { panic("close boom") })
	err = l.Close()
	var u *uv.UncaughtError
	var leak *uv.LeakError
	assert.ErrorAs(t, err, &u)
	assert.ErrorAs(t, err, &leak)

	l, err = uv.New()
	require.NoError(t, err)
	var handled []any
	l.SetUncaughtExceptionHandler(func(v any) { handled = append(handled, v) })
	t1, _ = uv.NewTimer(l)
	t1.Close(func() { panic("close boom") })
	assert.NoError(t, l.Close())
	assert.Equal(t, []any{"close boom"}, handled)
}

// When the loop crashes, a write completing in the same iteration still
// pops its queue entry and gives back its queued bytes; only the user
// callback is skipped.
func TestCrashKeepsWriteBookkeeping(t *testing.T) {
	for _, nocopy := range []bool{false, true} {
		t.Run(fmt.Sprintf("nocopy=%v", nocopy), func(t *testing.T) {
			l := testutil.NewLoop(t)
			srv, err := uv.NewTCP(l)
			require.NoError(t, err)
			require.NoError(t, srv.Bind(testutil.Loopback0, 0))
			var conn *uv.TCP
			require.NoError(t, srv.Listen(8, func(error) { conn, _ = srv.Accept() }))
			addr, err := srv.SockName()
			require.NoError(t, err)
			cli, err := uv.NewTCP(l)
			require.NoError(t, err)
			big := make([]byte, 32<<20) // more than the socket buffers: stays queued
			userCb := false
			require.NoError(t, cli.Connect(netip.AddrPortFrom(addr.Addr(), addr.Port()), func(err error) {
				require.NoError(t, err)
				write := cli.Write
				if nocopy {
					write = cli.WriteNoCopy
				}
				done, err := write([][]byte{big}, func(error) { userCb = true })
				require.NoError(t, err)
				require.False(t, done, "the write is queued")
				require.Positive(t, l.QueuedWriteBytes())
				l.SetTimeout(func() {
					cli.Close(nil) // cancels the queued write in this iteration's close phase
					conn.Close(nil)
					srv.Close(nil)
					panic("crash")
				}, time.Millisecond)
			}))
			msg := catch(func() { l.Run() })
			require.Contains(t, msg, "crash")
			assert.Zero(t, l.QueuedWriteBytes(), "the cancelled write gave back its bytes")
			assert.False(t, userCb, "no user callback on a crashing loop")
		})
	}
}

// What a crash leaves of a batch of posted functions stays queued and
// runs when the loop runs again.
func TestCrashKeepsPostedRest(t *testing.T) {
	l := testutil.NewLoop(t)
	var tr []string
	l.SetTimeout(func() { tr = append(tr, "timer") }, 30*time.Millisecond)
	require.NoError(t, l.Post(func() { tr = append(tr, "p1"); panic("p1") }))
	require.NoError(t, l.Post(func() { tr = append(tr, "p2") }))
	msg := catch(func() { l.Run() })
	require.True(t, strings.Contains(msg, "p1"), msg)
	assert.Equal(t, []string{"p1"}, tr)
	testutil.Run(t, l, 0)
	assert.Equal(t, []string{"p1", "p2", "timer"}, tr)
}
