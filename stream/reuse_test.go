package stream_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/fakeloop"
	"github.com/uvgo/uvgo/stream"
)

// readOnce runs one life of a Readable: listeners, data, end, destroy and
// close, and describes what happened.
func readOnce(l *fakeloop.Loop, r *stream.Readable) string {
	var log []string
	r.OnData(func(b []byte) { log = append(log, "data "+string(b)) })
	r.OnEnd(func() { log = append(log, "end") })
	r.OnClose(func() { log = append(log, "close") })
	log = append(log, fmt.Sprint("flowing? ", r.ReadableEnded(), r.Destroyed(), r.ReadableLength()))
	l.Drain()
	return fmt.Sprint(log, r.ReadableEnded(), r.Destroyed(), r.CloseEmitted(), r.ListenerCount("data"))
}

func TestReuseReadable(t *testing.T) {
	l := fakeloop.New()
	words := []string{"a", "b"}
	var r *stream.Readable
	opts := stream.ReadableOptions{Read: func(rd *stream.Readable, _ int) {
		if len(words) == 0 {
			rd.PushEOF()
			return
		}
		rd.Push([]byte(words[0]))
		words = words[1:]
	}}
	r = stream.NewReadable(l, opts)
	assert.ErrorIs(t, stream.ReuseReadable(r, opts), stream.ErrNotReusable, "a live stream")
	first := readOnce(l, r)
	assert.Contains(t, first, "[flowing? false false 0 data a data b end close]")

	words = []string{"a", "b"}
	require.NoError(t, stream.ReuseReadable(r, opts))
	assert.False(t, r.CloseEmitted())
	assert.Equal(t, first, readOnce(l, r), "a reused Readable lives like a new one")

	d := stream.NewDuplex(l, stream.DuplexOptions{})
	d.Destroy(nil)
	l.Drain()
	assert.ErrorIs(t, stream.ReuseReadable(&d.Readable, opts), stream.ErrNotReusable, "a Duplex")
}

func TestReuseWritable(t *testing.T) {
	l := fakeloop.New()
	var got []string
	opts := stream.WritableOptions{HighWaterMark: 4, Write: func(c stream.Chunk, cb func(error)) {
		got = append(got, string(c.Bytes()))
		cb(nil)
	}}
	w := stream.NewWritable(l, opts)
	life := func() string {
		var log []string
		w.OnFinish(func() { log = append(log, "finish") })
		w.OnClose(func() { log = append(log, "close") })
		log = append(log, fmt.Sprint("write ", w.Write([]byte("abc"), nil), w.Write([]byte("de"), nil)))
		w.End(nil)
		l.Drain()
		return fmt.Sprint(log, got, w.WritableFinished(), w.Destroyed(), w.ListenerCount("finish"))
	}
	assert.ErrorIs(t, stream.ReuseWritable(w, opts), stream.ErrNotReusable)
	first := life()
	assert.Equal(t, "[write true true finish close] [abc de] true true 1", first)
	got = nil
	require.NoError(t, stream.ReuseWritable(w, opts))
	assert.Equal(t, first, life(), "a reused Writable lives like a new one")

	// destroyed with an implementation that calls back late, then reused
	var done func(error)
	opts.Destroy = func(_ error, cb func(error)) { done = cb }
	require.NoError(t, stream.ReuseWritable(w, opts))
	closes := 0
	w.OnClose(func() { closes++ })
	w.Destroy(nil)
	l.Drain()
	assert.False(t, w.CloseEmitted(), "close waits for the Destroy implementation")
	assert.ErrorIs(t, stream.ReuseWritable(w, opts), stream.ErrNotReusable)
	done(nil)
	done(nil) // a second call does nothing
	l.Drain()
	assert.Equal(t, 1, closes)
	require.NoError(t, stream.ReuseWritable(w, opts))
}
