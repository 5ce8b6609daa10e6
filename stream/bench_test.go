package stream_test

import (
	"testing"

	"github.com/uvgo/uvgo/internal/fakeloop"
	"github.com/uvgo/uvgo/stream"
)

// BenchmarkPipe64K: one 64 KiB chunk through Readable.Pipe into a Writable
// per op (the in-memory half of bench/net.sh).
func BenchmarkPipe64K(b *testing.B) {
	l := fakeloop.New()
	buf := make([]byte, 64<<10)
	n := 0
	src := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
		for n < b.N {
			n++
			if !r.Push(buf) {
				return
			}
		}
		r.PushEOF()
	}})
	dst := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) { cb(nil) }})
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	b.ResetTimer()
	src.Pipe(dst)
	l.Run()
}

// BenchmarkWriteSync: Write to a stream whose implementation completes
// synchronously, with no callback (the nop fast path).
func BenchmarkWriteSync(b *testing.B) {
	l := fakeloop.New()
	w := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) { cb(nil) }})
	p := []byte("hello")
	b.ReportAllocs()
	for range b.N {
		w.Write(p, nil)
	}
	l.Run()
}
