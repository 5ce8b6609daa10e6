package sock

import (
	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

// Bulk reads: a read lands in the loop's C slab, valid only during the
// callback, and the stream needs bytes of its own. A small read is copied
// into a new slice of its size. A bulk read (LoanMin bytes or more) is
// copied into a buffer lent by the loop's ReadPool and pushed with
// stream's PushLent: when it travels whole through a pipe into a sink
// that releases its chunks (a net.Socket, an HTTP response), the buffer
// comes back once the bytes are written and serves the next read, so
// echoing or proxying a stream allocates nothing per chunk; when user
// code gets it (a 'data' listener, Read), it is simply theirs, as any
// chunk. Either way a chunk is never reused while anyone can see it.

// LoanMin is the read size from which Copy lends a pooled buffer.
const LoanMin = 16 << 10

// loanSize is the size of a pooled buffer: the largest read (the slab).
const loanSize = uv.ReadSize

// maxFreeLoans bounds the buffers a pool keeps (2 MiB per loop): a burst
// of bulk transfers leaves at most that much behind; more are in use only
// while the streams that hold them are at their high-water marks, and go
// to the garbage collector when they come back above this.
const maxFreeLoans = 32

// ReadPool lends read buffers on one loop. Loop thread only.
type ReadPool struct {
	free  []*loan
	lends int // buffers lent to reads (Lend), for tests
	out   int // loans not returned (kept by user code, or in use)
}

// loan is one pooled buffer: the stream.Lender given with it.
type loan struct {
	pool *ReadPool
	buf  []byte
	out  bool // lent: a second Return is ignored
}

// Return takes the buffer back (stream.Lender).
func (l *loan) Return() {
	if !l.out {
		return
	}
	l.out = false
	p := l.pool
	p.out--
	if len(p.free) < maxFreeLoans {
		p.free = append(p.free, l)
	}
}

var readPoolKey = uv.NewLocalKey("sock.ReadPool")

// PoolFor returns the loop's read pool.
func PoolFor(loop *uv.Loop) *ReadPool {
	if p, ok := loop.Local(readPoolKey).(*ReadPool); ok {
		return p
	}
	p := &ReadPool{}
	loop.SetLocal(readPoolKey, p)
	return p
}

// Lend returns a pooled buffer of loanSize bytes (uv.ReadSize) and the
// Lender to push it with: a read can land in it (Core.ReadLend). A loan
// that is never returned is left to the garbage collector.
func (p *ReadPool) Lend() ([]byte, stream.Lender) {
	p.lends++
	l := p.take()
	return l.buf, l
}

func (p *ReadPool) take() *loan {
	var l *loan
	if n := len(p.free); n > 0 {
		l = p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
	} else {
		l = &loan{pool: p, buf: make([]byte, loanSize)}
	}
	l.out = true
	p.out++
	return l
}

// Copy returns a copy of data that the caller may push: a new slice, or,
// for a bulk read headed for a pipe (lend), a pooled buffer with the
// Lender to push it with (stream.Readable.PushLent; nil for a new slice).
func (p *ReadPool) Copy(data []byte, lend bool) ([]byte, stream.Lender) {
	if !lend || len(data) < LoanMin || len(data) > loanSize {
		return append([]byte(nil), data...), nil
	}
	l := p.take()
	return l.buf[:copy(l.buf, data)], l
}

// Push pushes a copy of data to r: lent from the loop's pool when it is a
// bulk read and r's chunks go to a pipe only (stream.Readable.OnlyPiped),
// an ordinary copy otherwise. It returns Push's result.
func Push(r *stream.Readable, loop *uv.Loop, data []byte) bool {
	if len(data) >= LoanMin && r.OnlyPiped() {
		b, l := PoolFor(loop).Copy(data, true)
		return r.PushLent(b, l)
	}
	return r.Push(append([]byte(nil), data...))
}

// Free reports how many buffers the pool holds for reuse (for tests).
func (p *ReadPool) Free() int { return len(p.free) }

// Lends reports how many buffers were lent to reads (for tests).
func (p *ReadPool) Lends() int { return p.lends }

// Out reports how many loans have not come back (for tests).
func (p *ReadPool) Out() int { return p.out }
