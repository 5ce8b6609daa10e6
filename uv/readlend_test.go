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

// With ReadLend, a read lands in the buffer the lender gave just before
// it (the callback's data is a slice of it, no copy); a lender that gives
// nil leaves that read to the slab; a lent buffer no read used (the EOF)
// comes back through back, so nothing stays pinned; turning lending off
// returns to the slab.
func TestReadLend(t *testing.T) {
	l := testutil.NewLoop(t)
	srv, addr := echoServer(t, l)
	cli, err := uv.NewTCP(l)
	require.NoError(t, err)
	var lent, back [][]byte
	lendNil := false
	lend := func() []byte {
		if lendNil {
			return nil
		}
		b := make([]byte, uv.ReadSize)
		lent = append(lent, b)
		return b
	}
	var landed []string // "lent" or "slab", per read
	var got []byte
	step := 0
	next := func() {
		step++
		switch step {
		case 1: // the second read: the lender gives nil
			lendNil = true
		case 2: // the third: lending off
			lendNil = false
			require.NoError(t, cli.ReadLend(nil, nil))
		case 3: // on again, then EOF: the buffer lent for it comes back
			require.NoError(t, cli.ReadLend(lend, func(b []byte) { back = append(back, b) }))
			require.NoError(t, cli.Shutdown(func(error) {}))
			return
		}
		_, err := cli.Write([][]byte{[]byte("x")}, nil)
		assert.NoError(t, err)
	}
	require.NoError(t, cli.Connect(addr, func(err error) {
		require.NoError(t, err)
		require.NoError(t, cli.ReadLend(lend, func(b []byte) { back = append(back, b) }))
		require.NoError(t, cli.ReadStart(func(data []byte, err error) {
			if err != nil {
				assert.ErrorIs(t, err, io.EOF)
				cli.Close(nil)
				srv.Close(nil)
				return
			}
			where := "slab"
			for _, b := range lent {
				if unsafe.SliceData(data) == unsafe.SliceData(b) {
					where = "lent"
				}
			}
			landed = append(landed, where)
			got = append(got, data...)
			next()
		}))
		_, err = cli.Write([][]byte{[]byte("first")}, nil)
		require.NoError(t, err)
	}))
	testutil.Run(t, l, 0)
	assert.Equal(t, []string{"lent", "slab", "slab"}, landed)
	assert.Equal(t, "firstxx", string(got))
	require.NotEmpty(t, back, "the buffer lent for the EOF read did not come back")
	assert.Same(t, unsafe.SliceData(lent[len(lent)-1]), unsafe.SliceData(back[len(back)-1]))
	runtime.GC() // a pinned buffer whose Pinner is lost panics here
	runtime.GC()
}
