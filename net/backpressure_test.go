package net_test

import (
	"io"
	stdnet "net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

const (
	total   = 64 << 20
	chunkSz = 64 << 10
)

// heldBytes is what the socket layer holds for the transfer: the bytes
// the Socket counts as not yet written (whole chunks, including the part
// libuv has queued). Go heap is not a measure
// here: a write the kernel takes at once completes synchronously, and its
// callback (which returns the chunk to the pool) runs on the next tick as
// in Node, so a producer looping within one tick allocates new chunks
// while the kernel keeps taking them. That is garbage, not buffering.
func heldBytes(l *uv.Loop, s *net.Socket) int64 {
	if s == nil {
		return int64(l.QueuedWriteBytes())
	}
	return int64(s.WritableLength())
}

// slowReader reads everything from addr, slowly, in another goroutine
// (a separate peer), and reports how much it got.
func slowReader(t *testing.T, addr string, got *atomic.Int64, done chan<- struct{}) {
	c, err := stdnet.Dial("tcp", addr)
	require.NoError(t, err)
	go func() {
		defer close(done)
		defer c.Close()
		buf := make([]byte, 64<<10)
		for {
			n, err := c.Read(buf)
			got.Add(int64(n))
			if err != nil {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
}

// serveBig writes 64 MiB to each connection; respect says whether it waits
// for 'drain' after a false Write. It returns the peak memory growth seen.
func serveBig(t *testing.T, respect bool) (peak int64, received int64) {
	l := testutil.NewLoop(t)
	var sock *net.Socket
	var peakGrowth int64
	sample := func() {
		if g := heldBytes(l, sock); g > peakGrowth {
			peakGrowth = g
		}
	}
	pool := sync.Pool{New: func() any { b := make([]byte, chunkSz); return &b }}
	var srv *net.Server
	srv = net.CreateServer(l, func(s *net.Socket) {
		srv.Close(nil)
		sock = s
		sent := 0
		var pump func()
		pump = func() {
			for sent < total {
				bp := pool.Get().(*[]byte)
				sent += chunkSz
				ok := s.Write(*bp, func(error) { pool.Put(bp) })
				sample()
				if !ok && respect {
					events.Once0(&s.Emitter, events.Drain, pump) // resume on the next 'drain'
					return
				}
			}
			s.End(nil)
		}
		s.OnDrain(func() { sample() })
		pump()
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	var got atomic.Int64
	done := make(chan struct{})
	slowReader(t, srv.Address().String(), &got, done)
	tick := l.SetInterval(sample, 20*time.Millisecond)
	tick.Unref()
	testutil.Run(t, l, 60*time.Second)
	<-done
	l.ClearInterval(tick)
	return peakGrowth, got.Load()
}

// A server writing 64 MiB to a slow reader, waiting for 'drain' whenever
// Write returns false, holds only a few MiB at any time.
func TestBackpressureSlowReaderFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 128 MiB over loopback")
	}
	peak, got := serveBig(t, true)
	assert.Equal(t, int64(total), got)
	t.Logf("peak growth respecting backpressure: %.1f MiB", float64(peak)/(1<<20))
	// At most the high-water mark plus the chunk that crossed it.
	assert.LessOrEqual(t, peak, int64(16<<10+chunkSz), "the socket held more than the high-water mark and one chunk")

	// Control: ignoring Write's return value buffers most of the 64 MiB.
	peakIgnoring, got2 := serveBig(t, false)
	assert.Equal(t, int64(total), got2)
	t.Logf("peak growth ignoring backpressure: %.1f MiB", float64(peakIgnoring)/(1<<20))
	assert.Greater(t, peakIgnoring, int64(32<<20), "the control should show the growth")
}

// A fast client, a paused consumer: the server stops reading the socket
// (the client's writes block in the kernel), then resumes and gets it all.
func TestBackpressureSlowConsumerStopsReading(t *testing.T) {
	l := testutil.NewLoop(t)
	const send = 32 << 20
	var received int
	var maxBuffered int
	var clientWrote atomic.Int64
	var srv *net.Server
	srv = net.CreateServer(l, func(s *net.Socket) {
		srv.Close(nil)
		s.Pause()
		// While paused, the readable buffer stays at its high-water mark
		// (plus at most one read) and the socket is not read.
		l.SetTimeout(func() {
			maxBuffered = s.ReadableLength()
			wroteWhilePaused := clientWrote.Load()
			assert.Less(t, wroteWhilePaused, int64(send), "the client must be blocked by the paused server")
			s.OnData(func(b []byte) { received += len(b) })
			s.Resume()
		}, 300*time.Millisecond)
		s.OnEnd(func() { s.End(nil) })
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	go func() {
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if !assert.NoError(t, err) {
			return
		}
		buf := make([]byte, chunkSz)
		for n := 0; n < send; n += chunkSz {
			if _, err := c.Write(buf); err != nil {
				return
			}
			clientWrote.Add(chunkSz)
		}
		c.(*stdnet.TCPConn).CloseWrite()
		io.Copy(io.Discard, c)
		c.Close()
	}()
	testutil.Run(t, l, 60*time.Second)
	assert.Equal(t, send, received)
	assert.LessOrEqual(t, maxBuffered, 16384+64<<10, "paused socket kept reading past its high-water mark")
}

// Destroying a socket in the middle of a large write frees the queued C
// memory and leaves no handle open.
func TestDestroyMidWriteFreesBuffers(t *testing.T) {
	l := testutil.NewLoop(t)
	var srv *net.Server
	peer := make(chan stdnet.Conn, 1)
	var queuedBefore int
	srv = net.CreateServer(l, func(s *net.Socket) {
		srv.Close(nil)
		big := make([]byte, 8<<20)
		s.Write(big, nil)
		s.Write(big, func(err error) { assert.Error(t, err, "cancelled by destroy") })
		l.SetTimeout(func() {
			queuedBefore = l.QueuedWriteBytes()
			s.Destroy(nil)
		}, 20*time.Millisecond)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	go func() {
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err == nil {
			peer <- c // never read from
		}
	}()
	testutil.Run(t, l, 10*time.Second)
	(<-peer).Close()
	assert.Greater(t, queuedBefore, 1<<20, "data was queued in C memory before destroy")
	assert.Equal(t, 0, l.QueuedWriteBytes(), "queued writes freed")
	assert.Empty(t, l.LiveHandles())
}
