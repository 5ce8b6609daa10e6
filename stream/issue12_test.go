package stream_test

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/fakeloop"
	"github.com/uvgo/uvgo/stream"
)

// The emitter's registration hooks are the stream's business: they must
// not be callable on the exported types (issue 10 item 5: a plain
// Writable's ListenerAdded("data") used to panic).
func TestHooksNotExported(t *testing.T) {
	l := fakeloop.New()
	for _, v := range []any{
		stream.NewWritable(l, stream.WritableOptions{}),
		stream.NewReadable(l, stream.ReadableOptions{}),
		stream.NewDuplex(l, stream.DuplexOptions{}),
		stream.NewPassThrough(l, stream.DuplexOptions{}),
	} {
		typ := reflect.TypeOf(v)
		for _, m := range []string{"ListenerAdded", "ListenerRemoved", "AllListenersRemoved"} {
			_, ok := typ.MethodByName(m)
			assert.False(t, ok, "%v has %s", typ, m)
		}
	}
}

// runUntil runs the fake loop until ch delivers (bounded).
func runUntil[T any](t *testing.T, l *fakeloop.Loop, ch <-chan T) T {
	t.Helper()
	for i := 0; i < 100000; i++ {
		l.Run()
		select {
		case v := <-ch:
			return v
		default:
			runtime.Gosched()
		}
	}
	t.Fatal("the bridge never returned")
	panic("unreachable")
}

// Writer.Close returns at once on a destroyed stream, and when the stream
// is destroyed while Close waits on a write that never completes.
func TestWriterCloseOnDestroyed(t *testing.T) {
	l := fakeloop.New()
	w := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) { cb(nil) }})
	w.Destroy(nil)
	wr := stream.NewWriter(l, w)
	done := make(chan error, 1)
	go func() { done <- wr.Close() }()
	require.ErrorIs(t, runUntil(t, l, done), stream.ErrDestroyed)

	// A write in flight that never calls back.
	w2 := stream.NewWritable(l, stream.WritableOptions{Write: func(stream.Chunk, func(error)) {}})
	w2.OnError(func(error) {})
	w2.WriteString("in flight", nil)
	wr2 := stream.NewWriter(l, w2)
	go func() { done <- wr2.Close() }()
	for i := 0; i < 1000 && !w2.WritableEnded(); i++ {
		l.Run()
		runtime.Gosched()
	}
	require.True(t, w2.WritableEnded())
	w2.Destroy(errors.New("gone"))
	require.EqualError(t, runUntil(t, l, done), "gone")
}

// Chunks called on the loop attaches at once: an error emitted before the
// range starts ends it instead of being uncaught, and a destroy ends it.
func TestChunksAttachesOnLoop(t *testing.T) {
	l := fakeloop.New()
	r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
	seq := stream.Chunks(context.Background(), l, r)
	r.Destroy(errors.New("early"))
	l.Run() // 'error' and 'close' are emitted now, before anyone ranges
	first := make(chan error, 1)
	go func() {
		var last error
		for _, err := range seq {
			last = err
		}
		first <- last
	}()
	require.EqualError(t, runUntil(t, l, first), "early")

	r2 := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
	seq2 := stream.Chunks(context.Background(), l, r2)
	done := make(chan error, 1)
	go func() {
		var e error
		for _, err := range seq2 {
			e = err
		}
		done <- e
	}()
	for i := 0; i < 100; i++ {
		l.Run()
		runtime.Gosched()
	}
	l.Post(func() { r2.Destroy(nil) })
	require.ErrorIs(t, runUntil(t, l, done), stream.ErrPrematureClose)
}
