package uv_test

import (
	"errors"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

func TestVersion(t *testing.T) {
	assert.Equal(t, uv.PinnedVersion, uv.Version())
}

func TestEmptyLoopRunsAndCloses(t *testing.T) {
	l := testutil.NewLoop(t)
	require.NoError(t, l.Run())
	assert.False(t, l.Alive())
	assert.Empty(t, l.LiveHandles())
}

func TestRunModes(t *testing.T) {
	l := testutil.NewLoop(t)
	more, err := l.RunMode(uv.RunNoWait)
	require.NoError(t, err)
	assert.False(t, more)
	tm, err := uv.NewTimer(l)
	require.NoError(t, err)
	fired := testutil.MustCall(t, 1, "timer")
	// 100 ms: long enough that a loaded machine does not let it expire
	// before the non-blocking pass.
	require.NoError(t, tm.Start(100*time.Millisecond, 0, fired.Hit))
	more, err = l.RunMode(uv.RunNoWait)
	require.NoError(t, err)
	assert.True(t, more, "timer still pending after a non-blocking pass")
	_, err = l.RunMode(uv.RunOnce)
	require.NoError(t, err)
	for fired.Count() == 0 {
		_, err = l.RunMode(uv.RunOnce)
		require.NoError(t, err)
	}
	tm.Close(nil)
	testutil.Run(t, l, 0)
}

func TestRunWhileRunningAndAfterClose(t *testing.T) {
	l, err := uv.New()
	require.NoError(t, err)
	var inner, closeErr error
	l.SetImmediate(func() {
		inner = l.Run()
		closeErr = l.Close()
	})
	require.NoError(t, l.Run())
	assert.ErrorIs(t, inner, uv.ErrLoopRunning)
	assert.ErrorIs(t, closeErr, uv.ErrLoopRunning)
	require.NoError(t, l.Close())
	require.NoError(t, l.Close(), "Close is idempotent")
	assert.ErrorIs(t, l.Run(), uv.ErrLoopClosed)
	assert.ErrorIs(t, l.Post(func() {}), uv.ErrLoopClosed)
}

func TestStop(t *testing.T) {
	l := testutil.NewLoop(t)
	iv := l.SetInterval(func() { l.Stop() }, time.Millisecond)
	require.NoError(t, l.Run())
	assert.True(t, l.Alive(), "stopped with an interval pending")
	l.ClearInterval(iv)
	testutil.Run(t, l, 0)
}

func TestNowAndUpdateTime(t *testing.T) {
	l := testutil.NewLoop(t)
	a := l.Now()
	time.Sleep(3 * time.Millisecond)
	assert.Equal(t, a, l.Now(), "Now is cached")
	assert.GreaterOrEqual(t, l.UpdateTime(), a+2)
}

func TestCloseReportsLeaks(t *testing.T) {
	l, err := uv.New()
	require.NoError(t, err)
	_, err = uv.NewTimer(l)
	require.NoError(t, err)
	_, err = uv.NewTCP(l)
	require.NoError(t, err)
	assert.Len(t, l.LiveHandles(), 2)
	err = l.Close()
	var leak *uv.LeakError
	require.ErrorAs(t, err, &leak)
	assert.Len(t, leak.Handles, 2)
	assert.Contains(t, err.Error(), "timer")
	assert.Contains(t, err.Error(), "tcp")
}

func TestHandlesListsInternalOnes(t *testing.T) {
	l := testutil.NewLoop(t)
	hs := l.Handles()
	require.NotEmpty(t, hs)
	for _, h := range hs {
		assert.True(t, h.Internal, "%v", h)
		assert.False(t, h.Ref && h.Active, "internal handle keeps an empty loop alive: %v", h)
	}
	tm, _ := uv.NewTimer(l)
	live := l.LiveHandles()
	require.Len(t, live, 1)
	assert.Equal(t, uv.KindTimer, live[0].Kind)
	assert.Equal(t, "timer (ref)", live[0].String())
	tm.Close(nil)
	assert.Empty(t, l.LiveHandles(), "a closing handle is no longer live")
	testutil.Run(t, l, 0)
}

func TestEventLoopUtilization(t *testing.T) {
	l := testutil.NewLoop(t)
	assert.Equal(t, uv.ELU{}, l.EventLoopUtilization())
	l.SetTimeout(func() {
		deadline := time.Now().Add(20 * time.Millisecond)
		for time.Now().Before(deadline) {
		}
	}, 30*time.Millisecond)
	testutil.Run(t, l, 0)
	e := l.EventLoopUtilization()
	assert.Greater(t, e.Idle, 10*time.Millisecond)
	assert.Greater(t, e.Active, 15*time.Millisecond)
	assert.InDelta(t, float64(e.Active)/float64(e.Idle+e.Active), e.Utilization, 1e-9)
	d := e.Sub(e)
	assert.Equal(t, 0.0, d.Utilization)
}

func TestErrors(t *testing.T) {
	e := &uv.Error{Code: -int(syscall.EADDRINUSE), Syscall: "listen"}
	assert.Equal(t, "EADDRINUSE", e.Name())
	assert.Equal(t, "listen EADDRINUSE: address already in use", e.Error())
	assert.True(t, errors.Is(e, syscall.EADDRINUSE))
	assert.True(t, errors.Is(e, &uv.Error{Code: -int(syscall.EADDRINUSE)}))
	assert.False(t, errors.Is(e, syscall.ECONNRESET))
	eof := &uv.Error{Code: uv.EOF}
	assert.Equal(t, "EOF: end of file", eof.Error())
}

func TestPostFromGoroutines(t *testing.T) {
	l := testutil.NewLoop(t)
	const n = 1000
	var got []int
	keep, err := uv.NewAsync(l, func() {}) // keeps the loop alive until all arrive
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n / 4 {
				v := g*n + i
				require.NoError(t, l.Post(func() {
					got = append(got, v)
					if len(got) == n {
						keep.Close(nil)
					}
				}))
			}
		}()
	}
	testutil.Run(t, l, 0)
	wg.Wait()
	assert.Len(t, got, n)
	// Per-goroutine FIFO order.
	last := map[int]int{}
	for _, v := range got {
		g := v / n
		if prev, ok := last[g]; ok {
			assert.Less(t, prev, v)
		}
		last[g] = v
	}
}

func TestPostDrainsTicksAfterEach(t *testing.T) {
	l := testutil.NewLoop(t)
	var tr []string
	keep, _ := uv.NewAsync(l, func() {})
	go func() {
		l.Post(func() {
			tr = append(tr, "post1")
			l.NextTick(func() { tr = append(tr, "tick1") })
		})
		l.Post(func() {
			tr = append(tr, "post2")
			keep.Close(nil)
		})
	}()
	testutil.Run(t, l, 0)
	assert.Equal(t, []string{"post1", "tick1", "post2"}, tr)
}

func TestNextTickArgSharesTheTickQueue(t *testing.T) {
	l := testutil.NewLoop(t)
	var tr []string
	record := func(a any) { tr = append(tr, a.(string)) }
	l.QueueMicrotask(func() { tr = append(tr, "micro") })
	l.NextTick(func() {
		tr = append(tr, "tick1")
		l.NextTickArg(record, "arg3")
	})
	l.NextTickArg(record, "arg2")
	testutil.Run(t, l, 0)
	assert.Equal(t, []string{"tick1", "arg2", "arg3", "micro"}, tr)
	n := 0
	count := func(a any) { n += *a.(*int) }
	one := 1
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		l.NextTickArg(count, &one)
		l.DrainTicks()
	}), "a pointer argument queues without allocating")
	assert.Equal(t, 101, n, "AllocsPerRun runs the function once more than asked")
}

func TestWork(t *testing.T) {
	l := testutil.NewLoop(t)
	var res int
	var loopSide bool
	done := testutil.MustCall(t, 1, "done")
	require.NoError(t, uv.Work(l, func() (int, error) {
		time.Sleep(10 * time.Millisecond)
		return 42, nil
	}, func(v int, err error) {
		done.Hit()
		res = v
		loopSide = l.Alive() || true
		assert.NoError(t, err)
	}))
	testutil.Run(t, l, 0) // Work keeps the loop alive until done runs
	assert.Equal(t, 42, res)
	assert.True(t, loopSide)
}

func TestWorkPanicBecomesUncaught(t *testing.T) {
	l := testutil.NewLoop(t)
	var got any
	l.SetUncaughtExceptionHandler(func(v any) { got = v })
	require.NoError(t, uv.Work(l, func() (int, error) { panic("worker boom") }, func(int, error) {
		t.Error("done must not run")
	}))
	testutil.Run(t, l, 0)
	assert.Equal(t, "worker boom", got, "the original value, not a string with the stack")
}

func TestBeforeExit(t *testing.T) {
	l := testutil.NewLoop(t)
	var tr []string
	n := 0
	l.BeforeExit(func() {
		tr = append(tr, "beforeExit")
		if n++; n == 1 {
			l.SetTimeout(func() { tr = append(tr, "timeout") }, time.Millisecond)
		}
	})
	testutil.Run(t, l, 0)
	assert.Equal(t, []string{"beforeExit", "timeout", "beforeExit"}, tr)
}

func TestNowAfterClose(t *testing.T) {
	l, err := uv.New()
	require.NoError(t, err)
	before := l.UpdateTime()
	assert.Equal(t, before, l.Now(), "Now reads what UpdateTime set")
	require.NoError(t, l.Close())
	assert.Zero(t, l.Now())
	assert.Zero(t, l.UpdateTime())
}

// Done is closed when the loop is closed, for goroutines waiting on it.
func TestDoneClosedAtClose(t *testing.T) {
	l, err := uv.New()
	if err != nil {
		t.Fatal(err)
	}
	d := l.Done()
	select {
	case <-d:
		t.Fatal("Done is closed before Close")
	default:
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-d:
	case <-time.After(time.Second):
		t.Fatal("Done is not closed after Close")
	}
	<-l.Done() // asked after Close: closed too
}
