package uv_test

import (
	"io"
	"runtime"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

// A read armed with ReadInto lands in the given buffer (the callback's
// data is a slice of it, no copy); the next one, not armed, lands in the
// slab again; a buffer armed for a read that never comes is let go when
// the handle closes (a pinned buffer left behind would crash the next GC).
func TestReadInto(t *testing.T) {
	l := testutil.NewLoop(t)
	srv, addr := echoServer(t, l)
	cli, err := uv.NewTCP(l)
	require.NoError(t, err)
	buf := make([]byte, uv.ReadSize)
	other := make([]byte, uv.ReadSize)
	var into []bool
	var got []byte
	require.NoError(t, cli.Connect(addr, func(err error) {
		require.NoError(t, err)
		require.NoError(t, cli.ReadInto(buf))
		require.NoError(t, cli.ReadStart(func(data []byte, err error) {
			if err != nil {
				assert.ErrorIs(t, err, io.EOF)
				cli.Close(nil)
				srv.Close(nil)
				return
			}
			into = append(into, unsafe.SliceData(data) == unsafe.SliceData(buf))
			got = append(got, data...)
			switch len(into) {
			case 1:
				// the second message is read into the slab
				_, err := cli.Write([][]byte{[]byte("second")}, nil)
				assert.NoError(t, err)
			case 2:
				// armed for a read that never comes: EOF, then close
				require.NoError(t, cli.ReadInto(other))
				require.NoError(t, cli.Shutdown(func(error) {}))
			}
		}))
		_, err = cli.Write([][]byte{[]byte("first")}, nil)
		require.NoError(t, err)
	}))
	testutil.Run(t, l, 0)
	assert.Equal(t, []bool{true, false}, into)
	assert.Equal(t, "firstsecond", string(got))
	assert.Equal(t, "first", string(buf[:5]))
	runtime.GC() // a pinned buffer whose Pinner is lost panics here
	runtime.GC()
}

func TestReadIntoNeedsReadSize(t *testing.T) {
	l := testutil.NewLoop(t)
	c, err := uv.NewTCP(l)
	require.NoError(t, err)
	assert.Error(t, c.ReadInto(make([]byte, 100)))
	c.Close(nil)
	testutil.Run(t, l, 0)
}
