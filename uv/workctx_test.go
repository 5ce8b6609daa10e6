package uv_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

func TestWorkContextResult(t *testing.T) {
	l := testutil.NewLoop(t)
	done := testutil.MustCall(t, 1, "done")
	var got int
	require.NoError(t, uv.WorkContext(context.Background(), l, func(ctx context.Context) (int, error) {
		return 42, ctx.Err()
	}, func(v int, err error) {
		done.Hit()
		got = v
		assert.NoError(t, err)
	}))
	testutil.Run(t, l, 0)
	assert.Equal(t, 42, got)
}

// Cancelled while the work runs: done gets ctx.Err() at once, on the
// loop, and the work's later result is dropped.
func TestWorkContextCancelled(t *testing.T) {
	l := testutil.NewLoop(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	workDone := make(chan struct{})
	done := testutil.MustCall(t, 1, "done")
	var tr []string
	require.NoError(t, uv.WorkContext(ctx, l, func(ctx context.Context) (int, error) {
		defer close(workDone)
		<-ctx.Done()
		<-release // returns only after done has run: its result must be dropped
		return 42, nil
	}, func(v int, err error) {
		done.Hit()
		tr = append(tr, "done")
		assert.Zero(t, v)
		assert.ErrorIs(t, err, context.Canceled)
		assert.True(t, l.OnLoop())
		close(release)
	}))
	l.SetTimeout(func() { tr = append(tr, "cancel"); cancel() }, 5*time.Millisecond)
	testutil.Run(t, l, 0)
	<-workDone
	assert.Equal(t, []string{"cancel", "done"}, tr)
}

func TestWorkContextAlreadyDone(t *testing.T) {
	l := testutil.NewLoop(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	done := testutil.MustCall(t, 1, "done")
	require.NoError(t, uv.WorkContext(ctx, l, func(context.Context) (string, error) {
		t.Error("work must not run on a context already done")
		return "x", nil
	}, func(v string, err error) {
		done.Hit()
		assert.Empty(t, v)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	}))
	testutil.Run(t, l, 0)
}

// A panic in the work is a bug: it is raised on the loop even when the
// cancellation was reported first.
func TestWorkContextPanicAfterCancel(t *testing.T) {
	l := testutil.NewLoop(t)
	ctx, cancel := context.WithCancel(context.Background())
	boom := errors.New("late boom")
	var got []any
	var keep *uv.Async // keeps the loop alive until the late panic arrives
	l.SetUncaughtExceptionHandler(func(v any) {
		got = append(got, v)
		keep.Close(nil)
	})
	reported := make(chan struct{})
	var doneErr error
	require.NoError(t, uv.WorkContext(ctx, l, func(ctx context.Context) (int, error) {
		cancel() // cancelled while running
		<-reported
		panic(boom)
	}, func(_ int, err error) {
		doneErr = err
		var err2 error
		keep, err2 = uv.NewAsync(l, func() {})
		require.NoError(t, err2)
		close(reported)
	}))
	testutil.Run(t, l, 0)
	assert.ErrorIs(t, doneErr, context.Canceled)
	require.Len(t, got, 1)
	assert.Same(t, boom, got[0])
}
