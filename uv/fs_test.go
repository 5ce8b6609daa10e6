package uv_test

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

// One file through every request kind: open, write, fstat, read at an
// offset, ftruncate, close, rename, scandir, realpath, unlink, and the
// errors of a missing path. Each callback must run exactly once, on the
// loop, and the loop must end by itself when the last request completed.
func TestFsRequests(t *testing.T) {
	l := testutil.NewLoop(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "a.txt")
	var trace testutil.Trace
	done := testutil.MustCall(t, 1, "chain end")
	require.NoError(t, uv.FsOpen(l, p, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644, func(fd int, err error) {
		require.NoError(t, err)
		buf := []byte("hello, world")
		require.NoError(t, uv.FsWrite(l, fd, buf, -1, func(n int, err error) {
			require.NoError(t, err)
			trace.Add("write %d", n)
			require.NoError(t, uv.FsFstat(l, fd, func(st uv.FileStat, err error) {
				require.NoError(t, err)
				trace.Add("size %d file %v", st.Size, st.Mode&syscall.S_IFMT == syscall.S_IFREG)
				require.NoError(t, uv.FsRead(l, fd, 100, 7, func(b []byte, err error) {
					require.NoError(t, err)
					trace.Add("read %q", b)
					require.NoError(t, uv.FsRead(l, fd, 100, 12, func(b []byte, err error) {
						trace.Add("eof %d %v", len(b), err)
						require.NoError(t, uv.FsFtruncate(l, fd, 5, func(err error) {
							require.NoError(t, err)
							require.NoError(t, uv.FsClose(l, fd, func(err error) {
								require.NoError(t, err)
								q := filepath.Join(dir, "b.txt")
								require.NoError(t, uv.FsRename(l, p, q, func(err error) {
									require.NoError(t, err)
									require.NoError(t, uv.FsScandir(l, dir, func(ents []uv.Dirent, err error) {
										require.NoError(t, err)
										trace.Add("dir %v", ents)
										require.NoError(t, uv.FsRealpath(l, q, func(real string, err error) {
											require.NoError(t, err)
											want, _ := filepath.EvalSymlinks(q)
											trace.Add("realpath ok %v", real == want)
											require.NoError(t, uv.FsUnlink(l, q, func(err error) {
												require.NoError(t, err)
												done.Hit()
											}))
										}))
									}))
								}))
							}))
						}))
					}))
				}))
			}))
		}))
		buf[0] = 'X' // FsWrite copied it
	}))
	testutil.Run(t, l, 0)
	assert.Equal(t, []string{
		"write 12", "size 12 file true", `read "world"`, "eof 0 <nil>",
		"dir [{b.txt 1}]", "realpath ok true",
	}, trace.Lines())
	_, err := os.Stat(filepath.Join(dir, "b.txt"))
	assert.True(t, errors.Is(err, os.ErrNotExist))
}

func TestFsErrors(t *testing.T) {
	l := testutil.NewLoop(t)
	missing := filepath.Join(t.TempDir(), "nope", "x")
	calls := testutil.MustCall(t, 4, "error callbacks")
	check := func(syscallName string) func(error) {
		return func(err error) {
			calls.Hit()
			var ue *uv.Error
			require.ErrorAs(t, err, &ue)
			assert.Equal(t, syscallName, ue.Syscall)
			assert.Equal(t, "ENOENT", ue.Name())
			assert.ErrorIs(t, err, os.ErrNotExist)
		}
	}
	require.NoError(t, uv.FsOpen(l, missing, os.O_RDONLY, 0, func(fd int, err error) {
		assert.Equal(t, -1, fd)
		check("open")(err)
	}))
	require.NoError(t, uv.FsStat(l, missing, func(_ uv.FileStat, err error) { check("stat")(err) }))
	require.NoError(t, uv.FsScandir(l, missing, func(_ []uv.Dirent, err error) { check("scandir")(err) }))
	require.NoError(t, uv.FsMkdir(l, missing, 0o755, check("mkdir")))
	assert.ErrorIs(t, uv.FsUnlink(l, "a\x00b", func(error) { t.Error("must not run") }), uv.ErrNulInPath)
	testutil.Run(t, l, 0)
}

// A closed fd is EBADF; the loop survives a panicking callback through
// the uncaught handler, as for handle callbacks.
func TestFsPanicInCallback(t *testing.T) {
	l := testutil.NewLoop(t)
	var got any
	l.SetUncaughtExceptionHandler(func(v any) { got = v })
	require.NoError(t, uv.FsClose(l, 1<<20, func(err error) {
		assert.ErrorIs(t, err, syscall.EBADF)
		panic("boom")
	}))
	testutil.Run(t, l, 0)
	assert.Equal(t, "boom", got)
}

func TestGetaddrinfo(t *testing.T) {
	l := testutil.NewLoop(t)
	calls := testutil.MustCall(t, 3, "lookups")
	require.NoError(t, uv.Getaddrinfo(l, "127.0.0.1", uv.FamilyAny, 0, func(a []netip.Addr, err error) {
		calls.Hit()
		require.NoError(t, err)
		assert.Equal(t, []netip.Addr{netip.MustParseAddr("127.0.0.1")}, a)
	}))
	require.NoError(t, uv.Getaddrinfo(l, "localhost", uv.FamilyV4, 0, func(a []netip.Addr, err error) {
		calls.Hit()
		require.NoError(t, err)
		assert.Contains(t, a, netip.MustParseAddr("127.0.0.1"))
	}))
	require.NoError(t, uv.Getaddrinfo(l, "no-such-host.invalid", uv.FamilyAny, 0, func(a []netip.Addr, err error) {
		calls.Hit()
		var ue *uv.Error
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, "getaddrinfo", ue.Syscall)
		assert.Contains(t, []int{uv.EAINoName, uv.EAINoData}, ue.Code, ue.Name())
	}))
	testutil.Run(t, l, 0)
}

// A loop closed with requests still on the threadpool waits for them
// (their memory is libuv's until they complete) and then closes cleanly;
// a callback that runs then sees the loop as it is during Close.
func TestFsPendingAtClose(t *testing.T) {
	l, err := uv.New()
	require.NoError(t, err)
	calls := 0
	for range 8 {
		require.NoError(t, uv.FsStat(l, ".", func(st uv.FileStat, err error) {
			calls++
			assert.NoError(t, err)
		}))
	}
	require.NoError(t, uv.Getaddrinfo(l, "localhost", uv.FamilyV4, 0, func([]netip.Addr, error) { calls++ }))
	require.NoError(t, l.Close())
	assert.Equal(t, 9, calls)
	assert.ErrorIs(t, uv.FsStat(l, ".", func(uv.FileStat, error) {}), uv.ErrLoopClosed)
}
