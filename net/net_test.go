package net_test

import (
	"errors"
	stdnet "net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/dns"
	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/stream"
)

func TestListenErrors(t *testing.T) {
	l := testutil.NewLoop(t)
	a := net.CreateServer(l, nil)
	require.NoError(t, a.Listen(0, "127.0.0.1", nil))
	b := net.CreateServer(l, nil)
	err := b.Listen(int(a.Address().Port()), "127.0.0.1", nil)
	assert.ErrorIs(t, err, syscall.EADDRINUSE)
	assert.ErrorContains(t, a.Listen(0, "127.0.0.1", nil), "more than once")
	assert.Error(t, b.Listen(80, "not-an-ip", nil))
	var closeErr error
	b.Close(func(err error) { closeErr = err })
	a.Close(nil)
	testutil.Run(t, l, 0)
	assert.ErrorIs(t, closeErr, net.ErrServerNotRunning)
}

func TestReusePortTwoServers(t *testing.T) {
	l := testutil.NewLoop(t)
	a := net.CreateServer(l, nil)
	require.NoError(t, a.ListenWith(net.ListenOptions{Port: 0, Host: "127.0.0.1", ReusePort: true}, nil))
	b := net.CreateServer(l, nil)
	require.NoError(t, b.ListenWith(net.ListenOptions{Port: int(a.Address().Port()), Host: "127.0.0.1", ReusePort: true}, nil))
	assert.True(t, a.Listening())
	assert.True(t, b.Listening())
	a.Close(nil)
	b.Close(nil)
	testutil.Run(t, l, 0)
}

func TestMaxConnectionsDrops(t *testing.T) {
	l := testutil.NewLoop(t)
	var drops []net.DropInfo
	var srv *net.Server
	accepted := 0
	srv = net.CreateServer(l, func(s *net.Socket) {
		accepted++
		s.Resume()
		s.OnEnd(func() { s.End(nil) })
	})
	srv.MaxConnections = 1
	srv.On("drop", func(args ...any) {
		drops = append(drops, args[0].(net.DropInfo))
		srv.Close(nil)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", func() {
		port := int(srv.Address().Port())
		c1 := net.Connect(l, port, "127.0.0.1", func() {})
		c1.Resume()
		c1.OnEnd(func() {})
		l.SetTimeout(func() {
			c2 := net.Connect(l, port, "127.0.0.1", nil)
			c2.OnError(func(error) {})
			c2.Resume()
			c2.OnClose(func() { c1.End(nil) })
		}, 10*time.Millisecond)
	}))
	testutil.Run(t, l, 0)
	assert.Equal(t, 1, accepted)
	require.Len(t, drops, 1)
	assert.Equal(t, srv.Address().Port(), drops[0].LocalAddr.Port())
}

func TestSocketTimeoutAndOptions(t *testing.T) {
	l := testutil.NewLoop(t)
	var srv *net.Server
	var gotTimeout time.Duration
	srv = net.CreateServer(l, func(s *net.Socket) {
		srv.Close(nil)
		start := time.Now()
		require.NoError(t, s.SetNoDelay(true))
		require.NoError(t, s.SetKeepAlive(true, time.Second))
		assert.Equal(t, "127.0.0.1", s.RemoteAddress())
		assert.Equal(t, srv.Address(), s.LocalAddr())
		s.SetTimeout(30*time.Millisecond, func() {
			gotTimeout = time.Since(start)
			s.Destroy(nil)
		})
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", func() {
		c := net.Connect(l, int(srv.Address().Port()), "127.0.0.1", nil)
		c.Resume()
	}))
	testutil.Run(t, l, 0)
	assert.GreaterOrEqual(t, gotTimeout, 29*time.Millisecond)
}

func TestTimeoutRefreshedByActivity(t *testing.T) {
	l := testutil.NewLoop(t)
	var srv *net.Server
	timeouts := 0
	srv = net.CreateServer(l, func(s *net.Socket) {
		srv.Close(nil)
		s.SetTimeout(40*time.Millisecond, func() { timeouts++; s.Destroy(nil) })
		s.OnData(func([]byte) {})
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", func() {
		c := net.Connect(l, int(srv.Address().Port()), "127.0.0.1", nil)
		n := 0
		var iv func()
		iv = func() {
			if n++; n <= 5 {
				c.WriteString("keep alive", nil)
				l.SetTimeout(iv, 15*time.Millisecond)
				return
			}
			// Now go quiet: the server times out once.
		}
		c.OnConnect(iv)
		c.OnError(func(error) {})
		c.Resume()
	}))
	start := time.Now()
	testutil.Run(t, l, 0)
	assert.Equal(t, 1, timeouts)
	assert.Greater(t, time.Since(start), 75*time.Millisecond, "activity kept refreshing the timer")
}

func TestWritesInOneTickAreCoalesced(t *testing.T) {
	l := testutil.NewLoop(t)
	var srv *net.Server
	got := make(chan string, 1)
	srv = net.CreateServer(l, func(s *net.Socket) {
		srv.Close(nil)
		for _, part := range []string{"a", "b", "c", "d"} {
			assert.True(t, s.WriteString(part, nil))
		}
		s.End(nil)
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	go func() {
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		// One read returns all four writes: they left as one vectored write.
		time.Sleep(20 * time.Millisecond)
		buf := make([]byte, 64)
		n, _ := c.Read(buf)
		got <- string(buf[:n])
	}()
	testutil.Run(t, l, 0)
	assert.Equal(t, "abcd", <-got)
}

func TestPeerResetIsAnError(t *testing.T) {
	l := testutil.NewLoop(t)
	var srv *net.Server
	var gotErr error
	closed := testutil.MustCall(t, 1, "close")
	srv = net.CreateServer(l, func(s *net.Socket) {
		srv.Close(nil)
		s.OnError(func(err error) { gotErr = err })
		s.OnSocketClose(func(hadError bool) { closed.Hit(); assert.True(t, hadError) })
		s.Resume()
		// Keep writing until the reset peer makes a write fail.
		var pump func()
		pump = func() {
			if s.Destroyed() {
				return
			}
			s.WriteString(strings.Repeat("x", 4096), nil)
			l.SetTimeout(pump, time.Millisecond)
		}
		pump()
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	go func() {
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err != nil {
			return
		}
		c.(*stdnet.TCPConn).SetLinger(0) // close with RST
		time.Sleep(10 * time.Millisecond)
		c.Close()
	}()
	testutil.Run(t, l, 0)
	require.Error(t, gotErr)
	assert.True(t, errors.Is(gotErr, syscall.ECONNRESET) || errors.Is(gotErr, syscall.EPIPE), "got %v", gotErr)
}

func TestPipeSocketToSocket(t *testing.T) {
	l := testutil.NewLoop(t)
	var srv *net.Server
	srv = net.CreateServer(l, func(s *net.Socket) {
		srv.Close(nil)
		s.Pipe(s) // echo through pipe
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	var echoed []byte
	c := net.Connect(l, int(srv.Address().Port()), "127.0.0.1", nil)
	c.OnData(func(b []byte) { echoed = append(echoed, b...) })
	w := stream.NewWriter(l, c)
	go func() {
		for range 100 {
			w.Write([]byte(strings.Repeat("z", 1000)))
		}
		w.Close()
	}()
	c.OnEnd(func() {})
	events.Once0(&c.Emitter, events.Close, func() {})
	testutil.Run(t, l, 0)
	assert.Equal(t, 100000, len(echoed))
}

func TestServerUnrefLetsLoopExit(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := net.CreateServer(l, nil)
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	srv.Unref()
	testutil.Run(t, l, 0)
	srv.Ref()
	srv.Close(nil)
	testutil.Run(t, l, 0)
}

// Listen takes a host name too (looked up at once, the first address
// used, as Node's listen does), and a name that does not resolve is
// ENOTFOUND.
func TestListenOnHostName(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := net.CreateServer(l, func(s *net.Socket) { s.Destroy(nil) })
	require.NoError(t, srv.Listen(0, "localhost", nil))
	assert.True(t, srv.Address().Addr().IsLoopback(), "%v", srv.Address())
	srv.Close(nil)
	bad := net.CreateServer(l, func(*net.Socket) {})
	err := bad.Listen(0, "no-such-host.invalid", nil)
	assert.ErrorIs(t, err, dns.ErrNotFound)
	testutil.Run(t, l, 5*time.Second)
}
