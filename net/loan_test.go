package net_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	stdnet "net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/sock"
	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

// echoPeer sends data to addr from a goroutine and reads the echo back,
// slowly at first so that the server's writes queue in libuv (pinned,
// the chunks still lent) and its reads stop; it returns what came back.
func echoPeer(t *testing.T, addr string, data []byte) <-chan []byte {
	c, err := stdnet.Dial("tcp", addr)
	require.NoError(t, err)
	out := make(chan []byte, 1)
	go func() {
		_, _ = c.Write(data)
		_ = c.(*stdnet.TCPConn).CloseWrite()
	}()
	go func() {
		defer c.Close()
		var got bytes.Buffer
		buf := make([]byte, 32<<10)
		for i := 0; ; i++ {
			if i < 40 {
				time.Sleep(2 * time.Millisecond)
			}
			n, err := c.Read(buf)
			got.Write(buf[:n])
			if err != nil {
				break
			}
		}
		out <- got.Bytes()
	}()
	return out
}

func randomBytes(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// A socket piped into itself echoes every byte in order while its read
// buffers go round the loop's pool: a buffer comes back only once the
// write that used it is done, so reuse never changes what is sent. The
// pool holding buffers afterwards shows the loans did come back (the
// bytes did not all take the copying path), and reads landed in pooled
// buffers directly (ReadLend: no copy out of the slab).
func TestPipeEchoRecyclesReadBuffers(t *testing.T) {
	l := testutil.NewLoop(t)
	addr := pipedServer(t, l, nil)
	data := randomBytes(8 << 20)
	got := echoPeer(t, addr, data)
	testutil.Run(t, l, 0)
	echoed := <-got
	require.Equal(t, len(data), len(echoed))
	assert.True(t, bytes.Equal(data, echoed), "the echo differs from what was sent")
	assert.Positive(t, sock.PoolFor(l).Free(), "no read buffer came back to the pool")
	assert.Positive(t, sock.PoolFor(l).Lends(), "no read landed in a pooled buffer")
}

// A 'data' listener beside the pipe keeps every chunk it was given: none
// of them is reused, so what it kept is exactly what arrived.
func TestKeptChunksAreNeverReused(t *testing.T) {
	l := testutil.NewLoop(t)
	var kept [][]byte
	addr := pipedServer(t, l, func(s *net.Socket) { s.OnData(func(p []byte) { kept = append(kept, p) }) })
	data := randomBytes(4 << 20)
	got := echoPeer(t, addr, data)
	testutil.Run(t, l, 0)
	echoed := <-got
	assert.True(t, bytes.Equal(data, echoed), "the echo differs from what was sent")
	assert.True(t, bytes.Equal(data, bytes.Join(kept, nil)), "a kept chunk was overwritten")
	assert.Zero(t, sock.PoolFor(l).Free(), "chunks seen by a listener went back to the pool")
}

// A piped socket whose peer has gone quiet holds no read buffer: one is
// lent only as a read happens, and one lent to a read that found nothing
// comes back. After a bulk echo, with the client connected and idle,
// every loan is back in the pool.
func TestIdlePipedSocketHoldsNoBuffer(t *testing.T) {
	l := testutil.NewLoop(t)
	addr := pipedServer(t, l, nil)
	data := randomBytes(2 << 20)
	c, err := stdnet.Dial("tcp", addr)
	require.NoError(t, err)
	out := make(chan int, 1)
	go func() {
		defer c.Close()
		go c.Write(data)
		buf := make([]byte, len(data))
		if _, err := io.ReadFull(c, buf); err != nil {
			out <- -1
			return
		}
		time.Sleep(50 * time.Millisecond) // idle, connected
		res := make(chan int, 1)
		l.Post(func() { res <- sock.PoolFor(l).Out() })
		out <- <-res
	}()
	testutil.Run(t, l, 0)
	n := <-out
	require.NotEqual(t, -1, n, "the echo did not come back")
	assert.Zero(t, n, "loans out while the socket was idle")
	assert.Positive(t, sock.PoolFor(l).Lends(), "no read landed in a pooled buffer")
}

// A socket piped into itself, whose chunks wait lent in its buffer while
// the output is full, with a once('data') listener prepended now and
// then: the listener keeps the chunk it gets, and none of them is
// overwritten later (the emit had two listeners when it started, so the
// pipe did not take the loan).
func TestOnceListenerKeepsItsChunk(t *testing.T) {
	l := testutil.NewLoop(t)
	var kept, copies [][]byte
	addr := pipedServer(t, l, func(s *net.Socket) {
		armed := false
		iv := l.SetInterval(func() {
			if armed {
				return
			}
			armed = true
			s.PrependOnce(events.Data, func(a ...any) {
				armed = false
				p := a[0].([]byte)
				kept = append(kept, p)
				copies = append(copies, bytes.Clone(p))
			})
		}, time.Millisecond)
		s.OnClose(func() { l.ClearInterval(iv) })
	})
	data := randomBytes(8 << 20)
	got := echoPeer(t, addr, data)
	testutil.Run(t, l, 0)
	require.True(t, bytes.Equal(data, <-got), "the echo differs from what was sent")
	require.NotEmpty(t, kept, "no once listener ran")
	for i := range kept {
		assert.True(t, bytes.Equal(kept[i], copies[i]), "kept chunk %d was overwritten", i)
	}
}

// pipedServer listens on loopback for one connection, which it pipes into
// itself after also(s), if not nil; it returns the address.
func pipedServer(t *testing.T, l *uv.Loop, also func(s *net.Socket)) string {
	var srv *net.Server
	srv = net.CreateServer(l, func(s *net.Socket) {
		srv.Close(nil)
		if also != nil {
			also(s)
		}
		s.Pipe(s)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	return srv.Address().String()
}
