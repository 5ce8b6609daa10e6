package net_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

// sockPath returns a short fresh path for a Unix-domain socket.
func sockPath(t *testing.T) string { return filepath.Join(t.TempDir(), "s.sock") }

func TestPipeServerEchoAndAddresses(t *testing.T) {
	l := testutil.NewLoop(t)
	path := sockPath(t)
	var log []string
	var srv *net.Server
	srv = net.CreateServer(l, func(s *net.Socket) {
		log = append(log, "conn remote="+s.RemoteAddress())
		assert.False(t, s.RemoteAddr().IsValid())
		assert.False(t, s.LocalAddr().IsValid())
		assert.NoError(t, s.SetNoDelay(true), "a no-op on a pipe, as in Node")
		assert.NoError(t, s.SetKeepAlive(true, 0))
		assert.Equal(t, uv.KindPipe, s.Handle().Kind())
		s.OnData(func(d []byte) { s.Write(append([]byte(nil), d...), nil) })
		s.OnEnd(func() { log = append(log, "server end"); s.End(nil) })
	})
	require.NoError(t, srv.ListenPath(path, func() {
		log = append(log, "listening "+srv.Path())
		var got strings.Builder
		c := net.ConnectPath(l, path, func() { log = append(log, "connect") })
		c.OnData(func(d []byte) {
			got.Write(d)
			if got.Len() == 5 {
				c.End(nil)
			}
		})
		c.OnSocketClose(func(had bool) {
			log = append(log, "client close "+got.String())
			srv.Close(nil)
		})
		c.WriteString("hello", nil)
	}))
	assert.Equal(t, path, srv.Path())
	assert.False(t, srv.Address().IsValid())
	closed := testutil.MustCall(t, 1, "server close")
	srv.OnClose(func() { closed.Hit() })
	testutil.Run(t, l, 0)
	assert.Equal(t, []string{"listening " + path, "conn remote=", "connect", "server end", "client close hello"}, log)
	_, err := os.Stat(path)
	assert.True(t, os.IsNotExist(err), "closing the server removes the socket file")
}

func TestPipeListenExistingPath(t *testing.T) {
	l := testutil.NewLoop(t)
	path := sockPath(t)
	a := net.CreateServer(l, nil)
	require.NoError(t, a.ListenPath(path, nil))
	b := net.CreateServer(l, nil)
	assert.ErrorIs(t, b.ListenPath(path, nil), syscall.EADDRINUSE, "a live server's path")
	assert.False(t, b.Listening())

	// a stale socket file, left by a listener that went away without
	// unlinking it: still EADDRINUSE (Node does not remove it either),
	// and a client is refused
	stale := filepath.Join(filepath.Dir(path), "stale.sock")
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	require.NoError(t, err)
	require.NoError(t, syscall.Bind(fd, &syscall.SockaddrUnix{Name: stale}))
	require.NoError(t, syscall.Close(fd))
	c := net.CreateServer(l, nil)
	assert.ErrorIs(t, c.ListenPath(stale, nil), syscall.EADDRINUSE)

	var errs []error
	closes := 0
	for _, p := range []string{stale, filepath.Join(filepath.Dir(path), "missing")} {
		s := net.ConnectPath(l, p, func() { t.Error("connected to", p) })
		s.OnError(func(err error) { errs = append(errs, err) })
		s.OnSocketClose(func(had bool) {
			assert.True(t, had)
			if closes++; closes == 2 {
				a.Close(nil)
			}
		})
	}
	testutil.Run(t, l, 0)
	require.Len(t, errs, 2)
	assert.ErrorIs(t, errs[0], syscall.ECONNREFUSED)
	assert.ErrorIs(t, errs[1], syscall.ENOENT)
	_, err = os.Stat(stale)
	assert.NoError(t, err, "the stale socket is left alone")
}

// The Socket's backpressure is the socket layer's, whatever the handle:
// a peer that does not read makes Write return false, and 'drain' follows
// once it reads.
func TestPipeBackpressure(t *testing.T) {
	l := testutil.NewLoop(t)
	path := sockPath(t)
	var srv *net.Server
	var peer *net.Socket
	srv = net.CreateServer(l, func(s *net.Socket) { peer = s; s.Pause() })
	chunk := make([]byte, 64<<10)
	drained := testutil.MustCall(t, 1, "drain")
	require.NoError(t, srv.ListenPath(path, func() {
		var c *net.Socket
		c = net.ConnectPath(l, path, func() {
			writes := 0
			for c.Write(chunk, nil) {
				writes++
				require.Less(t, writes, 4096, "the kernel buffer never filled")
			}
			assert.GreaterOrEqual(t, c.WritableLength(), c.WritableHighWaterMark())
			c.OnDrain(func() {
				drained.Hit()
				c.End(nil)
			})
			total := 0
			peer.OnData(func(d []byte) { total += len(d) })
			peer.OnEnd(func() {
				assert.Equal(t, (writes+1)*len(chunk), total)
				peer.End(nil)
				srv.Close(nil)
			})
			peer.Resume()
		})
	}))
	testutil.Run(t, l, 0)
}
