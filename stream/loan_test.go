package stream_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/fakeloop"
	"github.com/uvgo/uvgo/stream"
)

// testLoan is a Lender that counts its returns.
type testLoan struct{ returned int }

func (l *testLoan) Return() { l.returned++ }

// loanSetup: a Readable whose chunks are lent (PushLent) and a Writable
// that releases (or keeps) what it is given.
type loanSetup struct {
	l     *fakeloop.Loop
	src   *stream.Readable
	dst   *stream.Writable
	loans []*testLoan
	got   [][]byte // what the destination was given, in order
}

func newLoanSetup(releases bool, chunks int) *loanSetup {
	s := &loanSetup{l: fakeloop.New()}
	n := 0
	s.src = stream.NewReadable(s.l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
		if n == chunks {
			r.PushEOF()
			return
		}
		n++
		ln := &testLoan{}
		s.loans = append(s.loans, ln)
		r.PushLent([]byte{byte(n), byte(n)}, ln)
	}})
	write := func(c stream.Chunk, cb func(error)) {
		s.got = append(s.got, c.Data)
		if releases {
			c.Release()
		}
		cb(nil)
	}
	s.dst = stream.NewWritable(s.l, stream.WritableOptions{Write: write, ReleasesChunks: releases})
	return s
}

func (s *loanSetup) returned() []int {
	out := make([]int, len(s.loans))
	for i, ln := range s.loans {
		out[i] = ln.returned
	}
	return out
}

func ones(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

// A lent chunk piped whole into a destination that releases its chunks
// goes back to its lender once, after the destination is done with it.
func TestLoanReturnedThroughPipe(t *testing.T) {
	s := newLoanSetup(true, 5)
	s.src.Pipe(s.dst)
	s.l.Run()
	require.Len(t, s.got, 5)
	assert.Equal(t, ones(5), s.returned())
}

// Every other way a chunk can reach code that may keep it leaves the loan
// with that code: it never goes back.
func TestLoanKeptByOtherReaders(t *testing.T) {
	t.Run("destination does not release", func(t *testing.T) {
		s := newLoanSetup(false, 3)
		s.src.Pipe(s.dst)
		s.l.Run()
		require.Len(t, s.got, 3)
		assert.Equal(t, []int{0, 0, 0}, s.returned())
	})
	t.Run("a data listener besides the pipe", func(t *testing.T) {
		s := newLoanSetup(true, 3)
		var kept [][]byte
		s.src.OnData(func(p []byte) { kept = append(kept, p) })
		s.src.Pipe(s.dst)
		s.l.Run()
		require.Len(t, kept, 3)
		assert.Equal(t, []int{0, 0, 0}, s.returned())
	})
	t.Run("a once data listener before the pipe", func(t *testing.T) {
		// it removes itself before the pipe's listener runs: the emit
		// had two listeners when it started
		s := newLoanSetup(true, 3)
		var kept []byte
		events.Once1(&s.src.Emitter, events.Data, func(p []byte) { kept = p })
		s.src.Pipe(s.dst)
		s.l.Run()
		require.NotNil(t, kept)
		assert.Zero(t, s.loans[0].returned, "the chunk the once listener kept went back")
	})
	t.Run("a destination type wrapping a releasing Writable", func(t *testing.T) {
		// its WriteChunk override sees the chunk first and may keep it
		s := newLoanSetup(true, 3)
		k := &keeper{Writable: s.dst}
		s.src.Pipe(k)
		s.l.Run()
		require.Len(t, k.kept, 3)
		assert.Equal(t, []int{0, 0, 0}, s.returned())
	})
	t.Run("two pipes", func(t *testing.T) {
		s := newLoanSetup(true, 3)
		other := stream.NewWritable(s.l, stream.WritableOptions{ReleasesChunks: true,
			Write: func(c stream.Chunk, cb func(error)) { c.Release(); cb(nil) }})
		s.src.Pipe(s.dst)
		s.src.Pipe(other)
		s.l.Run()
		assert.Equal(t, []int{0, 0, 0}, s.returned())
	})
	t.Run("Read", func(t *testing.T) {
		s := newLoanSetup(true, 3)
		var kept [][]byte
		s.src.OnReadable(func() {
			for {
				c, ok := s.src.Read()
				if !ok {
					return
				}
				kept = append(kept, c.Data)
				s.dst.WriteChunk(c, nil)
			}
		})
		s.l.Run()
		require.NotEmpty(t, kept)
		assert.Equal(t, []int{0, 0, 0}, s.returned())
	})
	t.Run("ReadableBuffer", func(t *testing.T) {
		s := newLoanSetup(true, 2)
		s.src.Pause()
		s.src.ReadN(0) // fill the buffer
		s.l.Drain()
		buf := s.src.ReadableBuffer()
		require.NotEmpty(t, buf)
		s.src.Pipe(s.dst)
		s.src.Resume()
		s.l.Run()
		for i := range buf {
			assert.Zero(t, s.loans[i].returned, "chunk %d was returned after ReadableBuffer showed it", i)
		}
	})
	t.Run("split by ReadN", func(t *testing.T) {
		s := newLoanSetup(true, 1)
		s.src.Pause()
		s.src.ReadN(0)
		s.l.Drain()
		first, ok := s.src.ReadN(1)
		require.True(t, ok)
		s.src.Pipe(s.dst)
		s.src.Resume()
		s.l.Run()
		require.Len(t, first.Data, 1)
		assert.Equal(t, []int{0}, s.returned(), "the rest of a split chunk shares its buffer")
	})
	t.Run("WritableBuffer", func(t *testing.T) {
		s := newLoanSetup(true, 3)
		s.dst.Cork()
		s.src.Pipe(s.dst, stream.PipeOptions{NoEnd: true})
		s.l.Drain()
		seen := s.dst.WritableBuffer()
		require.NotEmpty(t, seen)
		s.dst.Uncork()
		s.l.Run()
		for i := range seen {
			assert.Zero(t, s.loans[i].returned, "chunk %d was returned after WritableBuffer showed it", i)
		}
	})
}

// Release on a chunk that was not lent, or twice on a copy of one, is
// harmless: each loan has one Return at most from one release.
func TestReleasePlainChunk(t *testing.T) {
	stream.BytesChunk([]byte("x")).Release()
	stream.StringChunk("x", "").Release()
}

// keeper is a user type wrapping a Writable that keeps what it writes.
type keeper struct {
	*stream.Writable
	kept [][]byte
}

func (k *keeper) WriteChunk(c stream.Chunk, cb func(error)) bool {
	k.kept = append(k.kept, c.Data)
	return k.Writable.WriteChunk(c, cb)
}
