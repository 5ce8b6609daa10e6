package events_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/fakeloop"
)

// chanLoop is a pure-Go stand-in for a uv loop: one goroutine runs posted
// functions in order.
type chanLoop struct{ q chan func() }

func newChanLoop(t *testing.T) *chanLoop {
	l := &chanLoop{q: make(chan func(), 1024)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for fn := range l.q {
			fn()
		}
	}()
	t.Cleanup(func() { close(l.q); <-done })
	return l
}

func (l *chanLoop) Post(fn func()) error { l.q <- fn; return nil }

// run runs fn on the loop and waits for it.
func (l *chanLoop) run(fn func()) {
	done := make(chan struct{})
	l.q <- func() { fn(); close(done) }
	<-done
}

func TestWait(t *testing.T) {
	l := newChanLoop(t)
	e := events.New()
	go func() {
		time.Sleep(5 * time.Millisecond)
		l.Post(func() { e.Emit("ready", "a", 1) })
	}()
	args, err := events.Wait(context.Background(), l, e, "ready")
	require.NoError(t, err)
	assert.Equal(t, []any{"a", 1}, args)

	boom := errors.New("boom")
	go func() {
		time.Sleep(5 * time.Millisecond)
		l.Post(func() { e.Emit("error", boom) })
	}()
	_, err = events.Wait(context.Background(), l, e, "ready")
	assert.Same(t, boom, err)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	_, err = events.Wait(ctx, l, e, "never")
	assert.ErrorIs(t, err, events.ErrAbort)
	var names []string
	l.run(func() { names = e.EventNames() })
	assert.Empty(t, names, "listeners removed after abort")

	canceled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	_, err = events.Wait(canceled, l, e, "x")
	assert.ErrorIs(t, err, events.ErrAbort)
}

type pauser struct{ log *[]string }

func (p pauser) Pause()  { *p.log = append(*p.log, "pause") }
func (p pauser) Resume() { *p.log = append(*p.log, "resume") }

func TestIter(t *testing.T) {
	l := newChanLoop(t)
	e := events.New()
	var flow []string
	go func() {
		time.Sleep(5 * time.Millisecond)
		l.Post(func() {
			for i := range 5 {
				e.Emit("data", i)
			}
			e.Emit("end")
		})
	}()
	var got []any
	for args, err := range events.Iter(context.Background(), l, e, "data", events.IterOptions{
		Close: []string{"end"}, HighWaterMark: 3, LowWaterMark: 1, Pauser: pauser{&flow},
	}) {
		require.NoError(t, err)
		got = append(got, args[0])
	}
	assert.Equal(t, []any{0, 1, 2, 3, 4}, got)
	var names []string
	l.run(func() { names = e.EventNames() })
	assert.Empty(t, names, "listeners removed when iteration ends")
	l.run(func() {})
	assert.Equal(t, []string{"pause", "resume"}, flow)

	// An error ends the iteration with it.
	boom := errors.New("boom")
	go func() {
		time.Sleep(5 * time.Millisecond)
		l.Post(func() { e.Emit("data", 1); e.Emit("error", boom) })
	}()
	var errs []error
	n := 0
	for _, err := range events.Iter(context.Background(), l, e, "data", events.IterOptions{}) {
		if err != nil {
			errs = append(errs, err)
		} else {
			n++
		}
	}
	assert.Equal(t, 1, n)
	assert.Equal(t, []error{boom}, errs)

	// Break removes the listeners.
	go func() {
		time.Sleep(5 * time.Millisecond)
		l.Post(func() { e.Emit("data", 1); e.Emit("data", 2) })
	}()
	for range events.Iter(context.Background(), l, e, "data", events.IterOptions{}) {
		break
	}
	l.run(func() { names = e.EventNames() })
	assert.Empty(t, names)
}

func TestErrorCode(t *testing.T) {
	require.Equal(t, "ABORT_ERR", events.ErrorCode(events.ErrAbort))
	require.Equal(t, "ABORT_ERR", events.ErrorCode(fmt.Errorf("wrapped: %w", events.ErrAbort)))
	require.Equal(t, "", events.ErrorCode(errors.New("plain")))
	require.Equal(t, "", events.ErrorCode(nil))
	var ce events.CodedError
	require.True(t, errors.As(events.ErrAbort, &ce))
}

// OnLoop: the test goroutine that ranges is never the chanLoop's.
func (l *chanLoop) OnLoop() bool { return false }

// stoppedLoop is a Poster whose loop has stopped for good: posted
// functions never run, Done is closed.
type stoppedLoop struct{ done chan struct{} }

func (l stoppedLoop) Post(func()) error     { return nil }
func (l stoppedLoop) OnLoop() bool          { return false }
func (l stoppedLoop) Done() <-chan struct{} { return l.done }
func newStoppedLoop() stoppedLoop           { d := make(chan struct{}); close(d); return stoppedLoop{d} }

func TestBridgesReturnWhenTheLoopStops(t *testing.T) {
	l := newStoppedLoop()
	e := events.New()
	_, err := events.Wait(context.Background(), l, e, "x")
	require.ErrorIs(t, err, events.ErrLoopStopped)
	var errs []error
	for _, err := range events.Iter(context.Background(), l, e, "x", events.IterOptions{}) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], events.ErrLoopStopped)
	require.Equal(t, "ERR_LOOP_STOPPED", events.ErrorCode(errs[0]))
}

// Called on the loop, Iter attaches at once: emits before the range
// starts are kept, and an 'error' among them ends it.
func TestIterAttachesOnLoop(t *testing.T) {
	l := fakeloop.New()
	e := events.NewWithOptions(events.Options{Scheduler: l})
	l.NextTick(func() { e.Emit("data", 1); e.Emit("data", 2); e.Emit("error", errors.New("boom")) })
	seq := events.Iter(context.Background(), l, e, "data", events.IterOptions{})
	require.Equal(t, 1, e.ListenerCount("data"))
	require.Equal(t, 1, e.ListenerCount("error"))
	l.Drain()
	var got []any
	var last error
	for args, err := range seq {
		if err != nil {
			last = err
			break
		}
		got = append(got, args[0])
	}
	require.Equal(t, []any{1, 2}, got)
	require.EqualError(t, last, "boom")
	l.Run()
	require.Empty(t, e.EventNames(), "listeners removed after the range")
}
