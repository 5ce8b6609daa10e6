package stream_test

import (
	"context"
	"errors"
	"io"
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

// Ports of Node's own tests (test/parallel), as regression tests of the
// encodings.

// test-stream2-base64-single-char-read-end
func TestNodeBase64SingleCharReadEnd(t *testing.T) {
	l := fakeloop.New()
	hasRead := false
	var src *stream.Readable
	src = stream.NewReadable(l, stream.ReadableOptions{Encoding: "base64", Read: func(*stream.Readable, int) {
		if !hasRead {
			hasRead = true
			l.NextTick(func() { src.Push([]byte("1")); src.PushEOF() })
		}
	}})
	var accum []byte
	dst := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) {
		accum = append(accum, c.Data...)
		cb(nil)
	}})
	ended := false
	src.OnEnd(func() { ended = true })
	src.Pipe(dst)
	l.Run()
	require.True(t, ended)
	assert.Equal(t, "MQ==", string(accum))
}

// test-stream-readable-setEncoding-existing-buffers
func TestNodeSetEncodingExistingBuffers(t *testing.T) {
	for _, enc := range []string{"utf8", "utf16le"} {
		l := fakeloop.New()
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		var b []byte
		if enc == "utf8" {
			b = []byte("ä")
		} else {
			b = []byte{0xe4, 0x00}
		}
		r.Push(b[:1])
		r.Push(b[1:])
		require.NoError(t, r.SetEncoding(enc))
		var chunks []string
		r.OnDataString(func(s string) { chunks = append(chunks, s) })
		l.Run()
		assert.Equal(t, []string{"ä"}, chunks, enc)
	}
	// Split into three pushes, the last one after setEncoding.
	l := fakeloop.New()
	r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
	r.Push([]byte{0xe2})
	r.Push([]byte{0x82})
	require.NoError(t, r.SetEncoding("utf8"))
	r.Push([]byte{0xac})
	var chunks []string
	r.OnDataString(func(s string) { chunks = append(chunks, s) })
	l.Run()
	assert.Equal(t, []string{"€"}, chunks)
}

// test-stream-writable-decoded-encoding, test-stream-writable-change-default-encoding
func TestNodeWritableEncodings(t *testing.T) {
	l := fakeloop.New()
	var got []stream.Chunk
	rec := func(c stream.Chunk, cb func(error)) { got = append(got, c); cb(nil) }
	m := stream.NewWritable(l, stream.WritableOptions{Write: rec})
	m.WriteChunk(stream.StringChunk("some-text", "utf8"), nil)
	require.False(t, got[0].IsString())
	assert.Equal(t, "buffer", got[0].Encoding)

	got = nil
	m2 := stream.NewWritable(l, stream.WritableOptions{Write: rec, DisableDecodeStrings: true})
	m2.WriteChunk(stream.StringChunk("some-text", "utf8"), nil)
	require.True(t, got[0].IsString())
	assert.Equal(t, "utf8", got[0].Encoding)
	require.NoError(t, m2.SetDefaultEncoding("AsCii"))
	m2.WriteString("bar", nil)
	assert.Equal(t, "ascii", got[1].Encoding)
	err := m2.SetDefaultEncoding("{}")
	assert.Equal(t, "ERR_UNKNOWN_ENCODING", stream.ErrorCode(err))
	assert.Equal(t, "Unknown encoding: {}", err.Error())
	assert.PanicsWithError(t, "Unknown encoding: bogus", func() { m2.WriteChunk(stream.StringChunk("x", "bogus"), nil) })
	l.Run()
}

// Reader yields what the stream yields: with SetEncoding("hex"), the hex
// text; it returns ErrPrematureClose when the stream is destroyed.
func TestReaderEncodingAndDestroy(t *testing.T) {
	l := fakeloop.New()
	r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
	require.NoError(t, r.SetEncoding("hex"))
	r.Push([]byte("hi"))
	r.PushEOF()
	rd := stream.NewReader(l, r)
	out := make(chan string, 1)
	go func() {
		b, err := io.ReadAll(rd)
		assert.NoError(t, err)
		out <- string(b)
	}()
	assert.Equal(t, "6869", runUntil(t, l, out))

	r2 := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
	rd2 := stream.NewReader(l, r2)
	errc := make(chan error, 1)
	go func() {
		_, err := io.ReadAll(rd2)
		errc <- err
	}()
	for i := 0; i < 100; i++ {
		l.Run()
		runtime.Gosched()
	}
	l.Post(func() { r2.Destroy(nil) })
	require.ErrorIs(t, runUntil(t, l, errc), stream.ErrPrematureClose)
}
