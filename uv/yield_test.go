package uv

import (
	"testing"
	"time"
)

// A busy loop yields to the Go scheduler about every yieldEvery ms of
// loop time, not at every callback: 40 ms of 1 ms timers (about 40
// callbacks) yield a handful of times.
func TestBusyLoopYieldsNowAndThen(t *testing.T) {
	yields := 0
	yield = func() { yields++ }
	defer func() { yield = runtimeGosched }()
	l, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
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
	if yields < elapsed/yieldEvery-1 || yields > elapsed/yieldEvery+1 {
		t.Errorf("%d yields in %d ms of loop time (%d callbacks), want about one per %d ms", yields, elapsed, callbacks, yieldEvery)
	}
	// On a loaded machine a 1 ms interval may fire only every few ms, so
	// "not at every callback" is asserted only when the callbacks came
	// at least twice as often as the yields may.
	if callbacks >= 2*(elapsed/yieldEvery+1) && callbacks < 2*yields {
		t.Errorf("%d yields for %d callbacks: yielding too often", yields, callbacks)
	}
}
