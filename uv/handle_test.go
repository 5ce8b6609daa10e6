package uv_test

import (
	"errors"
	"io"
	"net/netip"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

func TestTimerHandle(t *testing.T) {
	l := testutil.NewLoop(t)
	tm, err := uv.NewTimer(l)
	require.NoError(t, err)
	assert.False(t, tm.IsActive())
	assert.ErrorIs(t, tm.Again(), &uv.Error{Code: -int(syscall.EINVAL)}, "Again before Start")
	ticks := testutil.MustCall(t, 3, "repeat")
	closed := testutil.MustCall(t, 1, "close")
	require.NoError(t, tm.Start(2*time.Millisecond, time.Millisecond, func() {
		ticks.Hit()
		if ticks.Count() == 3 {
			assert.Equal(t, time.Millisecond, tm.Repeat())
			tm.Close(closed.Hit)
		}
	}))
	assert.True(t, tm.IsActive())
	assert.LessOrEqual(t, tm.DueIn(), 2*time.Millisecond)
	testutil.Run(t, l, 0)
	assert.ErrorIs(t, tm.Start(1, 0, func() {}), uv.ErrClosed)
	assert.ErrorIs(t, tm.Stop(), uv.ErrClosed)
	assert.False(t, tm.IsActive())
	assert.False(t, tm.HasRef())
}

func TestTimerStopAndUnref(t *testing.T) {
	l := testutil.NewLoop(t)
	tm, _ := uv.NewTimer(l)
	require.NoError(t, tm.Start(time.Hour, 0, func() { t.Error("stopped timer fired") }))
	require.NoError(t, tm.Stop())
	assert.False(t, l.Alive())
	require.NoError(t, tm.Start(time.Hour, 0, func() { t.Error("unref'd timer fired") }))
	tm.Unref()
	assert.False(t, tm.HasRef())
	assert.False(t, l.Alive(), "an unref'd timer does not keep the loop alive")
	testutil.Run(t, l, 0)
	tm.Ref()
	assert.True(t, l.Alive())
	tm.Close(nil)
	testutil.Run(t, l, 0)
}

func TestCloseIsIdempotent(t *testing.T) {
	l := testutil.NewLoop(t)
	tm, _ := uv.NewTimer(l)
	var order []string
	tm.Close(func() { order = append(order, "first") })
	tm.Close(func() { order = append(order, "second") })
	assert.True(t, tm.IsClosing())
	testutil.Run(t, l, 0)
	assert.Equal(t, []string{"first", "second"}, order)
	tm.Close(func() { order = append(order, "after") })
	testutil.Run(t, l, 0)
	assert.Equal(t, []string{"first", "second", "after"}, order)
}

func TestPhaseHandlesOrder(t *testing.T) {
	l := testutil.NewLoop(t)
	var tr []string
	idle, _ := uv.NewIdle(l)
	prep, _ := uv.NewPrepare(l)
	chk, _ := uv.NewCheck(l)
	tm, _ := uv.NewTimer(l)
	iter := 0
	require.NoError(t, prep.Start(func() { tr = append(tr, "prepare") }))
	require.NoError(t, chk.Start(func() {
		tr = append(tr, "check")
		if iter++; iter == 2 {
			idle.Close(nil)
			prep.Close(nil)
			chk.Close(nil)
			tm.Close(nil)
		}
	}))
	require.NoError(t, idle.Start(func() { tr = append(tr, "idle") }))
	require.NoError(t, tm.Start(0, 0, func() { tr = append(tr, "timer") }))
	testutil.Run(t, l, 0)
	assert.Equal(t, []string{"timer", "idle", "prepare", "check", "idle", "prepare", "check"}, tr)
	assert.ErrorIs(t, idle.Start(func() {}), uv.ErrClosed)
	assert.ErrorIs(t, prep.Stop(), uv.ErrClosed)
	assert.ErrorIs(t, chk.Stop(), uv.ErrClosed)
}

func TestAsyncCoalescesAndClose(t *testing.T) {
	l := testutil.NewLoop(t)
	calls := 0
	var a *uv.Async
	a, err := uv.NewAsync(l, func() {
		calls++
		a.Close(nil)
	})
	require.NoError(t, err)
	for range 10 {
		require.NoError(t, a.Send())
	}
	testutil.Run(t, l, 0)
	assert.Equal(t, 1, calls, "sends before the loop ran are coalesced")
	assert.ErrorIs(t, a.Send(), uv.ErrClosed)
}

func TestAsyncFromGoroutine(t *testing.T) {
	l := testutil.NewLoop(t)
	var a *uv.Async
	hit := testutil.MustCall(t, 1, "async")
	a, _ = uv.NewAsync(l, func() { hit.Hit(); a.Close(nil) })
	go func() {
		time.Sleep(5 * time.Millisecond)
		assert.NoError(t, a.Send())
	}()
	testutil.Run(t, l, 0)
}

func TestSignal(t *testing.T) {
	l := testutil.NewLoop(t)
	s, err := uv.NewSignal(l)
	require.NoError(t, err)
	assert.False(t, l.Alive(), "a stopped signal watcher does not keep the loop alive")
	got := testutil.MustCall(t, 1, "signal")
	require.NoError(t, s.StartOneshot(syscall.SIGUSR1, func(sig syscall.Signal) {
		assert.Equal(t, syscall.SIGUSR1, sig)
		got.Hit()
		assert.False(t, s.IsActive())
		s.Close(nil)
	}))
	assert.True(t, s.IsActive())
	assert.True(t, l.Alive())
	assert.Equal(t, syscall.SIGUSR1, s.Signum())
	require.NoError(t, syscall.Kill(syscall.Getpid(), syscall.SIGUSR1))
	testutil.Run(t, l, 0)
	assert.ErrorIs(t, s.Start(syscall.SIGUSR1, nil), uv.ErrClosed)
}

func TestSignalUnref(t *testing.T) {
	l := testutil.NewLoop(t)
	s, _ := uv.NewSignal(l)
	require.NoError(t, s.Start(syscall.SIGUSR2, func(syscall.Signal) {}))
	s.Unref()
	assert.False(t, s.HasRef())
	assert.False(t, l.Alive())
	require.NoError(t, s.Stop())
	s.Close(nil)
	testutil.Run(t, l, 0)
}

// echoServer starts a TCP server on l that echoes and closes on EOF.
func echoServer(t *testing.T, l *uv.Loop) (*uv.TCP, netip.AddrPort) {
	srv, err := uv.NewTCP(l)
	require.NoError(t, err)
	require.NoError(t, srv.Bind(testutil.Loopback0, 0))
	require.NoError(t, srv.Listen(128, func(err error) {
		require.NoError(t, err)
		c, err := srv.Accept()
		require.NoError(t, err)
		require.NoError(t, c.ReadStart(func(data []byte, err error) {
			if err != nil {
				assert.ErrorIs(t, err, io.EOF)
				c.Close(nil)
				return
			}
			_, werr := c.Write([][]byte{data}, func(err error) { assert.NoError(t, err) })
			assert.NoError(t, werr)
		}))
	}))
	addr, err := srv.SockName()
	require.NoError(t, err)
	require.NotZero(t, addr.Port())
	return srv, addr
}

func TestTCPEcho(t *testing.T) {
	l := testutil.NewLoop(t)
	srv, addr := echoServer(t, l)
	cli, err := uv.NewTCP(l)
	require.NoError(t, err)
	var got []byte
	connected := testutil.MustCall(t, 1, "connect")
	shut := testutil.MustCall(t, 1, "shutdown")
	require.NoError(t, cli.Connect(addr, func(err error) {
		require.NoError(t, err)
		connected.Hit()
		peer, err := cli.PeerName()
		require.NoError(t, err)
		assert.Equal(t, addr, peer)
		require.NoError(t, cli.SetNoDelay(true))
		require.NoError(t, cli.SetKeepAlive(true, time.Second))
		require.NoError(t, cli.ReadStart(func(data []byte, err error) {
			if err != nil {
				assert.ErrorIs(t, err, io.EOF)
				cli.Close(nil)
				srv.Close(nil)
				return
			}
			got = append(got, data...) // copied: data is only valid now
		}))
		done, err := cli.Write([][]byte{[]byte("hello, "), {}, []byte("world")}, nil)
		require.NoError(t, err)
		assert.True(t, done)
		require.NoError(t, cli.Shutdown(func(err error) { assert.NoError(t, err); shut.Hit() }))
	}))
	testutil.Run(t, l, 0)
	assert.Equal(t, "hello, world", string(got))
}

func TestTCPLargeWriteQueuesAndCompletesInOrder(t *testing.T) {
	l := testutil.NewLoop(t)
	srv, addr := echoServer(t, l)
	cli, _ := uv.NewTCP(l)
	const size = 8 << 20
	payload := make([]byte, size)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	received := 0
	var order []int
	require.NoError(t, cli.Connect(addr, func(err error) {
		require.NoError(t, err)
		require.NoError(t, cli.ReadStart(func(data []byte, err error) {
			if err != nil {
				cli.Close(nil)
				srv.Close(nil)
				return
			}
			for i, b := range data {
				if b != payload[(received+i)%size] {
					t.Fatalf("byte %d differs", received+i)
				}
			}
			received += len(data)
			if received == 2*size {
				cli.Shutdown(nil)
			}
		}))
		for i := range 2 {
			done, err := cli.Write([][]byte{payload[:size/2], payload[size/2:]}, func(err error) {
				assert.NoError(t, err)
				order = append(order, i)
			})
			require.NoError(t, err)
			if done {
				order = append(order, i)
			}
		}
		assert.Greater(t, cli.WriteQueueSize(), 0, "8 MiB does not fit the socket at once")
		for i := range payload { // the caller's memory is free once Write returns
			payload[i] ^= 0
		}
	}))
	testutil.Run(t, l, 0)
	assert.Equal(t, 2*size, received)
	assert.Equal(t, []int{0, 1}, order)
}

func TestTCPErrors(t *testing.T) {
	l := testutil.NewLoop(t)
	a, _ := uv.NewTCP(l)
	require.NoError(t, a.Bind(testutil.Loopback0, 0))
	require.NoError(t, a.Listen(1, func(error) {}))
	addr, _ := a.SockName()
	b, _ := uv.NewTCP(l)
	err := b.Bind(addr, 0)
	if err == nil {
		err = b.Listen(1, func(error) {})
	}
	assert.ErrorIs(t, err, syscall.EADDRINUSE)
	var uerr *uv.Error
	require.True(t, errors.As(err, &uerr))
	assert.Equal(t, "EADDRINUSE", uerr.Name())

	// Connection refused arrives in the callback.
	c, _ := uv.NewTCP(l)
	refused := testutil.MustCall(t, 1, "refused")
	a.Close(func() {
		require.NoError(t, c.Connect(addr, func(err error) {
			assert.ErrorIs(t, err, syscall.ECONNREFUSED)
			refused.Hit()
			c.Close(nil)
		}))
	})
	b.Close(nil)
	d, _ := uv.NewTCP(l)
	assert.ErrorIs(t, d.Bind(netip.AddrPort{}, 0), uv.ErrBadAddress)
	d.Close(nil)
	testutil.Run(t, l, 0)
	_, err = d.SockName()
	assert.ErrorIs(t, err, uv.ErrClosed)
	_, err = d.Write([][]byte{[]byte("x")}, nil)
	assert.ErrorIs(t, err, uv.ErrClosed)
	_, err = d.TryWrite([]byte("x"))
	assert.ErrorIs(t, err, uv.ErrClosed)
}

func TestTCPReusePort(t *testing.T) {
	l := testutil.NewLoop(t)
	a, _ := uv.NewTCP(l)
	require.NoError(t, a.Bind(testutil.Loopback0, uv.BindReusePort))
	require.NoError(t, a.Listen(16, func(error) {}))
	addr, _ := a.SockName()
	b, _ := uv.NewTCP(l)
	require.NoError(t, b.Bind(addr, uv.BindReusePort), "second socket on the same port")
	require.NoError(t, b.Listen(16, func(error) {}))
	fd, err := b.Fileno()
	require.NoError(t, err)
	v, err := syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, 0xf /* SO_REUSEPORT */)
	require.NoError(t, err)
	assert.Equal(t, 1, v)
	a.Close(nil)
	b.Close(nil)
	testutil.Run(t, l, 0)
}
