// Package testutil holds the helpers every uvgo test shares: a loop that
// runs with a deadline and must close with no live handle, call counters
// that assert exact counts, and loopback-only addresses.
package testutil

import (
	"fmt"
	"net/netip"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uvgo/uvgo/uv"
)

// DefaultTimeout bounds a test loop's run.
const DefaultTimeout = 10 * time.Second

// Loopback0 is 127.0.0.1 with port 0: tests listen only there.
var Loopback0 = netip.MustParseAddrPort("127.0.0.1:0")

// NewLoop creates a loop for t. At cleanup the loop is closed and the
// test fails if any handle was still open (a leak).
func NewLoop(t testing.TB) *uv.Loop {
	t.Helper()
	l, err := uv.New()
	if err != nil {
		t.Fatalf("uv.New: %v", err)
	}
	t.Cleanup(func() {
		if err := l.Close(); err != nil {
			t.Errorf("loop leak: %v", err)
		}
	})
	return l
}

// Run runs l to completion on the calling goroutine. If it has not
// finished within timeout (DefaultTimeout when zero), the loop is stopped
// and the test fails, listing the handles still open.
func Run(t testing.TB, l *uv.Loop, timeout time.Duration) {
	t.Helper()
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	done := make(chan struct{})
	var timedOut atomic.Bool
	var live atomic.Value
	go func() {
		select {
		case <-done:
		case <-time.After(timeout):
			timedOut.Store(true)
			_ = l.Post(func() {
				live.Store(fmt.Sprint(l.LiveHandles()))
				l.Stop()
			})
		}
	}()
	err := l.Run()
	close(done)
	if err != nil {
		t.Fatalf("loop.Run: %v", err)
	}
	if timedOut.Load() {
		t.Fatalf("loop did not finish within %v; live handles: %v", timeout, live.Load())
	}
}

// AssertNoLiveHandles fails the test if user handles are still open.
func AssertNoLiveHandles(t testing.TB, l *uv.Loop) {
	t.Helper()
	if h := l.LiveHandles(); len(h) > 0 {
		t.Errorf("live handles: %v", h)
	}
}

// Calls counts calls and checks, at cleanup, that there were exactly the
// expected number (libuv's callback counters; Node's common.mustCall).
type Calls struct {
	n    atomic.Int64
	want int64
	name string
}

// MustCall returns a counter that must be hit exactly n times by the end
// of the test.
func MustCall(t testing.TB, n int, name string) *Calls {
	c := &Calls{want: int64(n), name: name}
	t.Cleanup(func() {
		if got := c.n.Load(); got != c.want {
			t.Errorf("%s: called %d times, want %d", c.name, got, c.want)
		}
	})
	return c
}

// Hit records one call.
func (c *Calls) Hit() { c.n.Add(1) }

// Count returns the calls so far.
func (c *Calls) Count() int { return int(c.n.Load()) }

// Wrap returns fn wrapped so that each call is counted. fn must be a func.
func Wrap[F any](c *Calls, fn F) F {
	v := reflect.ValueOf(fn)
	w := reflect.MakeFunc(v.Type(), func(args []reflect.Value) []reflect.Value {
		c.Hit()
		return v.Call(args)
	})
	return w.Interface().(F)
}

// Trace collects lines of an ordering test; safe for concurrent use.
type Trace struct {
	mu    sync.Mutex
	lines []string
}

// Add appends a formatted line.
func (tr *Trace) Add(format string, args ...any) {
	tr.mu.Lock()
	tr.lines = append(tr.lines, fmt.Sprintf(format, args...))
	tr.mu.Unlock()
}

// Lines returns a copy of the lines so far.
func (tr *Trace) Lines() []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]string(nil), tr.lines...)
}
