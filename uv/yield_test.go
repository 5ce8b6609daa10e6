package uv

import (
	"testing"
	"time"
)

// A busy loop yields to the Go scheduler about every yieldEvery ms of
// loop time, not at every callback: over 40 ms of 1 ms timers, two
// yields are never less than yieldEvery ms of loop time apart, and the
// loop does yield. (The count of callbacks per yield depends on how
// loaded the machine is, so the test asserts the spacing instead.)
func TestBusyLoopYieldsNowAndThen(t *testing.T) {
	l, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var at []uint64 // loop time of each yield
	yield = func() { at = append(at, l.Now()) }
	defer func() { yield = runtimeGosched }()
	callbacks := 0
	start := l.UpdateTime()
	var iv *Timeout
	iv = l.SetInterval(func() {
		callbacks++
		if l.Now()-start >= 40 {
			l.ClearInterval(iv)
		}
	}, time.Millisecond)
	if err := l.Run(); err != nil {
		t.Fatal(err)
	}
	elapsed := int(l.Now() - start)
	if len(at) < 2 {
		t.Fatalf("%d yields in %d ms of loop time (%d callbacks): the busy loop must yield", len(at), elapsed, callbacks)
	}
	for i := 1; i < len(at); i++ {
		if gap := at[i] - at[i-1]; gap < yieldEvery {
			t.Errorf("yields %d and %d only %d ms apart (want at least %d): yielding too often", i-1, i, gap, yieldEvery)
		}
	}
	if limit := elapsed/yieldEvery + 1; len(at) > limit {
		t.Errorf("%d yields in %d ms, at most %d expected", len(at), elapsed, limit)
	}
}
