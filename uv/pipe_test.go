package uv_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

// pipeEchoServer listens on a fresh path and echoes every connection,
// closing it at EOF.
func pipeEchoServer(t *testing.T, l *uv.Loop) (*uv.Pipe, string) {
	path := filepath.Join(t.TempDir(), "s.sock")
	srv, err := uv.NewPipe(l)
	require.NoError(t, err)
	require.NoError(t, srv.Bind(path))
	require.NoError(t, srv.Listen(128, func(err error) {
		require.NoError(t, err)
		s, err := srv.AcceptStream()
		require.NoError(t, err)
		c := s.(*uv.Pipe)
		name, err := c.SockName()
		require.NoError(t, err)
		assert.Equal(t, srvPath(srv), name, "an accepted end is named by the listener's path")
		peer, err := c.PeerName()
		require.NoError(t, err)
		assert.Equal(t, "", peer, "the connecting end has no name")
		require.NoError(t, c.ReadStart(func(data []byte, err error) {
			if err != nil {
				assert.ErrorIs(t, err, io.EOF)
				c.Close(nil)
				return
			}
			_, werr := c.Write([][]byte{data}, nil)
			assert.NoError(t, werr)
		}))
	}))
	return srv, path
}

func srvPath(p *uv.Pipe) string {
	n, _ := p.SockName()
	return n
}

func TestPipeEchoAndUnlinkOnClose(t *testing.T) {
	l := testutil.NewLoop(t)
	srv, path := pipeEchoServer(t, l)
	assert.Equal(t, uv.KindPipe, srv.Kind())
	name, err := srv.SockName()
	require.NoError(t, err)
	assert.Equal(t, path, name)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.ModeSocket, fi.Mode().Type())

	cli, err := uv.NewPipe(l)
	require.NoError(t, err)
	var got []byte
	connected := testutil.MustCall(t, 1, "connect")
	closed := testutil.MustCall(t, 1, "server closed")
	require.NoError(t, cli.Connect(path, func(err error) {
		require.NoError(t, err)
		connected.Hit()
		peer, err := cli.PeerName()
		require.NoError(t, err)
		assert.Equal(t, path, peer)
		require.NoError(t, cli.ReadStart(func(data []byte, err error) {
			if err != nil {
				assert.ErrorIs(t, err, io.EOF)
				cli.Close(nil)
				srv.Close(func() {
					closed.Hit()
					_, err := os.Stat(path)
					assert.True(t, os.IsNotExist(err), "closing a bound pipe removes its path: %v", err)
				})
				return
			}
			got = append(got, data...)
		}))
		// a large write goes through the same queue as TCP's
		big := strings.Repeat("x", 4<<20)
		_, err = cli.Write2([]byte("hello, "), []byte(big), nil)
		require.NoError(t, err)
		require.NoError(t, cli.Shutdown(func(err error) { assert.NoError(t, err) }))
	}))
	testutil.Run(t, l, 0)
	assert.Equal(t, len("hello, ")+4<<20, len(got))
	assert.True(t, strings.HasPrefix(string(got), "hello, xxx"))
}

func TestPipeBindExistingPathIsAddrInUse(t *testing.T) {
	l := testutil.NewLoop(t)
	srv, path := pipeEchoServer(t, l)
	dir := filepath.Dir(path)

	// a live server's path
	p2, err := uv.NewPipe(l)
	require.NoError(t, err)
	assert.ErrorIs(t, p2.Bind(path), syscall.EADDRINUSE)
	p2.Close(nil)

	// a stale socket (its listener is gone, the file is left) and a
	// plain file: not unlinked, as in Node
	stale := filepath.Join(dir, "stale.sock")
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	require.NoError(t, err)
	require.NoError(t, syscall.Bind(fd, &syscall.SockaddrUnix{Name: stale}))
	require.NoError(t, syscall.Close(fd))
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	for _, p := range []string{stale, file} {
		h, err := uv.NewPipe(l)
		require.NoError(t, err)
		err = h.Bind(p)
		assert.ErrorIs(t, err, syscall.EADDRINUSE, p)
		h.Close(nil)
		_, serr := os.Stat(p)
		assert.NoError(t, serr, "the existing path is left alone")
	}

	// connecting to the stale socket is refused; to nothing, ENOENT
	refused := testutil.MustCall(t, 1, "refused")
	c1, _ := uv.NewPipe(l)
	require.NoError(t, c1.Connect(stale, func(err error) {
		assert.ErrorIs(t, err, syscall.ECONNREFUSED)
		refused.Hit()
		c1.Close(nil)
	}))
	missing := testutil.MustCall(t, 1, "missing")
	c2, _ := uv.NewPipe(l)
	require.NoError(t, c2.Connect(filepath.Join(dir, "nope"), func(err error) {
		assert.ErrorIs(t, err, syscall.ENOENT)
		var ue *uv.Error
		if assert.ErrorAs(t, err, &ue) {
			assert.Equal(t, "connect", ue.Syscall)
		}
		missing.Hit()
		c2.Close(nil)
		srv.Close(nil)
	}))
	testutil.Run(t, l, 0)
}
