package uv_test

import (
	"errors"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

func TestDelayNormalization(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second, time.Microsecond, (1 << 31) * time.Millisecond} {
		t.Run(d.String(), func(t *testing.T) {
			l := testutil.NewLoop(t)
			var order []string
			l.SetTimeout(func() { order = append(order, "d") }, d)
			l.SetTimeout(func() { order = append(order, "1ms") }, time.Millisecond)
			start := time.Now()
			testutil.Run(t, l, 0)
			assert.Equal(t, []string{"d", "1ms"}, order, "a delay outside [1, 2^31-1] ms shares the 1 ms list")
			assert.Less(t, time.Since(start), time.Second)
		})
	}
}

func TestClearTimeoutIsSafe(t *testing.T) {
	l := testutil.NewLoop(t)
	l.ClearTimeout(nil)
	l.ClearImmediate(nil)
	fired := testutil.MustCall(t, 1, "fired")
	tm := l.SetTimeout(fired.Hit, time.Millisecond)
	testutil.Run(t, l, 0)
	l.ClearTimeout(tm) // after it fired
	l.ClearTimeout(tm) // twice
	tm.Close()
	assert.False(t, l.Alive())
}

func TestTimeoutRefUnref(t *testing.T) {
	l := testutil.NewLoop(t)
	tm := l.SetTimeout(func() { t.Error("unref'd timeout kept the loop alive") }, time.Hour)
	assert.True(t, tm.HasRef())
	assert.True(t, l.Alive())
	tm.Unref().Unref()
	assert.False(t, tm.HasRef())
	assert.False(t, l.Alive())
	tm.Ref()
	assert.True(t, l.Alive())
	l.ClearTimeout(tm)
	assert.False(t, l.Alive())
	testutil.Run(t, l, 0)
}

func TestIntervalRearmsAndClearsFromOutside(t *testing.T) {
	l := testutil.NewLoop(t)
	n := 0
	iv := l.SetInterval(func() { n++ }, time.Millisecond)
	l.SetTimeout(func() { l.ClearInterval(iv) }, 20*time.Millisecond)
	testutil.Run(t, l, 0)
	assert.Greater(t, n, 3)
	assert.Less(t, n, 21)
}

func TestManyTimersFireInDeadlineOrder(t *testing.T) {
	l := testutil.NewLoop(t)
	var got []int
	for _, d := range []int{9, 3, 7, 1, 5, 3, 9} {
		l.SetTimeout(func() { got = append(got, d) }, time.Duration(d)*time.Millisecond)
	}
	testutil.Run(t, l, 0)
	assert.Equal(t, []int{1, 3, 3, 5, 7, 9, 9}, got)
}

func TestImmediateRefUnref(t *testing.T) {
	l := testutil.NewLoop(t)
	im := l.SetImmediate(func() { t.Error("cleared immediate ran") })
	assert.True(t, l.Alive(), "a pending immediate keeps the loop alive")
	im.Unref()
	assert.False(t, im.HasRef())
	assert.False(t, l.Alive())
	im.Ref()
	assert.True(t, l.Alive())
	l.ClearImmediate(im)
	l.ClearImmediate(im)
	assert.False(t, l.Alive(), "no idle handle stays active")
	testutil.Run(t, l, 0)
	for _, h := range l.Handles() {
		if h.Kind == uv.KindIdle {
			assert.False(t, h.Active, "idle handle active in steady state")
		}
	}
}

func TestUncaughtWithoutHandlerPanicsFromRun(t *testing.T) {
	l := testutil.NewLoop(t)
	boom := errors.New("boom")
	after := false
	l.SetTimeout(func() { panic(boom) }, time.Millisecond)
	l.SetTimeout(func() { after = true }, 5*time.Millisecond)
	var rec any
	func() {
		defer func() { rec = recover() }()
		l.Run()
	}()
	var ue *uv.UncaughtError
	require.ErrorAs(t, rec.(error), &ue)
	assert.Same(t, boom, ue.Value)
	assert.ErrorIs(t, ue, boom)
	assert.Contains(t, string(ue.Stack), "sched_test.go", "the original stack is kept")
	assert.False(t, after)
	// The loop can still be closed (and its timers cleaned up).
	l.SetUncaughtExceptionHandler(func(any) {})
}

// Every kind of callback goes through the uncaught rule; none unwinds
// through libuv's C frames.
func TestPanicInEveryCallbackKind(t *testing.T) {
	l := testutil.NewLoop(t)
	var got []any
	l.SetUncaughtExceptionHandler(func(v any) { got = append(got, v) })
	tm, _ := uv.NewTimer(l)
	tm.Start(time.Millisecond, 0, func() { tm.Close(func() { panic("close") }); panic("timer") })
	idle, _ := uv.NewIdle(l)
	idle.Start(func() { idle.Close(nil); panic("idle") })
	prep, _ := uv.NewPrepare(l)
	prep.Start(func() { prep.Close(nil); panic("prepare") })
	chk, _ := uv.NewCheck(l)
	chk.Start(func() { chk.Close(nil); panic("check") })
	var as *uv.Async
	as, _ = uv.NewAsync(l, func() { as.Close(nil); panic("async") })
	as.Send()
	l.NextTick(func() { panic("tick") })
	l.QueueMicrotask(func() { panic("microtask") })
	l.SetImmediate(func() { panic("immediate") })
	l.SetTimeout(func() { panic("timeout") }, 2*time.Millisecond)
	keep, _ := uv.NewAsync(l, func() {})
	go l.Post(func() { keep.Close(nil); panic("post") })

	srv, _ := uv.NewTCP(l)
	srv.Bind(testutil.Loopback0, 0)
	srv.Listen(8, func(error) {
		c, _ := srv.Accept()
		c.ReadStart(func(data []byte, err error) {
			if err != nil {
				c.Close(nil)
				srv.Close(nil)
				panic("read eof")
			}
			panic("read")
		})
		panic("connection")
	})
	addr, _ := srv.SockName()
	cli, _ := uv.NewTCP(l)
	cli.Connect(addr, func(error) {
		cli.Write([][]byte{[]byte("x")}, nil)
		cli.Shutdown(func(error) { cli.Close(nil); panic("shutdown") })
		panic("connect")
	})
	testutil.Run(t, l, 0)
	for _, want := range []string{"close", "timer", "idle", "prepare", "check", "async", "tick", "microtask",
		"immediate", "timeout", "post", "connection", "read", "read eof", "connect", "shutdown"} {
		assert.Contains(t, got, want)
	}
}

func TestWriteCallbackErrorAfterPeerReset(t *testing.T) {
	l := testutil.NewLoop(t)
	srv, _ := uv.NewTCP(l)
	srv.Bind(testutil.Loopback0, 0)
	var sawErr error
	srv.Listen(8, func(error) {
		c, _ := srv.Accept()
		srv.Close(nil)
		c.ReadStart(func(data []byte, err error) {
			if err != nil {
				sawErr = err
				c.Close(nil)
			}
		})
	})
	addr, _ := srv.SockName()
	cli, _ := uv.NewTCP(l)
	cli.Connect(addr, func(err error) {
		require.NoError(t, err)
		cli.Close(nil) // closes with nothing read: a plain FIN
	})
	testutil.Run(t, l, 0)
	assert.ErrorIs(t, sawErr, io.EOF)
}

// Touch restarts a timeout from the loop's cached time, like Refresh
// without the clock read: touched every 10 ms by an interval, a 40 ms
// timeout does not fire until the touching stops; then it fires 40 ms
// after the last touch. Touching a pending timeout makes no call into C;
// touching a fired one arms it again.
func TestTouch(t *testing.T) {
	l := testutil.NewLoop(t)
	var fired []time.Duration
	start := time.Now()
	var to *uv.Timeout
	to = l.SetTimeout(func() { fired = append(fired, time.Since(start)) }, 40*time.Millisecond)
	calls := runtime.NumCgoCall()
	to.Touch()
	assert.Equal(t, calls, runtime.NumCgoCall(), "Touch called into C")
	touches := 0
	var iv *uv.Timeout
	iv = l.SetInterval(func() {
		if touches++; touches == 10 {
			l.ClearInterval(iv)
			return
		}
		to.Touch()
	}, 10*time.Millisecond)
	testutil.Run(t, l, 5*time.Second)
	require.Len(t, fired, 1)
	assert.GreaterOrEqual(t, fired[0], 120*time.Millisecond, "fired while it was being touched")

	to.Touch() // fired: armed again
	testutil.Run(t, l, 5*time.Second)
	assert.Len(t, fired, 2)
}
