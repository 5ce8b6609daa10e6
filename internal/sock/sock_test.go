package sock_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/internal/sock"
	"github.com/uvgo/uvgo/uv"
)

// fakeHandle records what the Core hands to libuv. take says how many
// bytes of each write the kernel takes at once (-1: all).
type fakeHandle struct {
	writes   []string
	take     int
	pending  []func(error)
	shutdown bool
	closed   bool
	closeCb  func()
}

func (f *fakeHandle) ReadStart(func([]byte, error)) error { return nil }
func (f *fakeHandle) ReadStop() error                     { return nil }
func (f *fakeHandle) Write3(a, b, c []byte, cb func(error)) (bool, error) {
	f.writes = append(f.writes, string(a)+string(b)+string(c))
	if f.take < 0 || f.take >= len(a)+len(b)+len(c) {
		return true, nil
	}
	f.pending = append(f.pending, cb)
	return false, nil
}
func (f *fakeHandle) WriteNoCopy(bufs [][]byte, cb func(error)) (bool, error) {
	var s strings.Builder
	for _, b := range bufs {
		s.Write(b)
	}
	return f.Write3([]byte(s.String()), nil, nil, cb)
}
func (f *fakeHandle) Shutdown(cb func(error)) error { f.shutdown = true; return nil }
func (f *fakeHandle) Close(cb func())               { f.closed = true; f.closeCb = cb }

// complete finishes the oldest pending write.
func (f *fakeHandle) complete(err error) {
	cb := f.pending[0]
	f.pending = f.pending[1:]
	cb(err)
}

type owner struct {
	log []string
}

func (o *owner) SockRead([]byte, error) {}
func (o *owner) SockDrained()           { o.log = append(o.log, "drained") }
func (o *owner) SockFlush()             { o.log = append(o.log, "flush") }
func (o *owner) SockClosing()           { o.log = append(o.log, "closing") }
func (o *owner) SockError(err error)    { o.log = append(o.log, "error "+err.Error()) }

func newCore(t *testing.T, take int) (*uv.Loop, *sock.Core, *fakeHandle, *owner) {
	l, err := uv.New()
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	h := &fakeHandle{take: take}
	o := &owner{}
	c := new(sock.Core)
	c.Init(l, h, o, 16, new(sock.BufPool))
	return l, c, h, o
}

// Small writes are corked until the end of the tick and leave in one
// write; Length counts them and Write reports the mark as Node's
// socket.write() does under cork.
func TestWriteCorksUntilTheTickEnds(t *testing.T) {
	l, c, h, o := newCore(t, -1)
	assert.True(t, c.Write([]byte("abc")))
	assert.True(t, c.Write([]byte("defg")))
	assert.Equal(t, 7, c.Length())
	assert.Empty(t, h.writes, "nothing leaves before the tick ends")
	assert.False(t, c.Write([]byte("0123456789")), "17 bytes corked: at the mark of 16")
	assert.True(t, c.NeedDrain())
	l.DrainTicks()
	assert.Equal(t, []string{"abcdefg0123456789"}, h.writes, "one write for the tick")
	assert.Equal(t, 0, c.Length())
	assert.False(t, c.NeedDrain())
	assert.Equal(t, []string{"flush", "drained"}, o.log, "the kernel took it all: drained at once")
}

// A write libuv could not finish stays counted, whole, until its
// callback; the drain comes then.
func TestIncompleteWriteCountsUntilItsCallback(t *testing.T) {
	l, c, h, o := newCore(t, 0)
	c.Write([]byte("0123456789abcdefXYZ"))
	l.DrainTicks()
	require.Len(t, h.pending, 1)
	assert.Equal(t, 19, c.Length(), "counted whole until libuv is done")
	assert.True(t, c.Saturated())
	assert.NotContains(t, o.log, "drained")
	h.complete(nil)
	assert.Equal(t, 0, c.Length())
	assert.Contains(t, o.log, "drained")
}

// A large write goes out at once with the corked output before it (one
// vectored write), and still counts as corked until the tick ends, as
// Node's socket holds it until it uncorks.
func TestLargeWriteGoesOutAtOnceButCountsAsCorked(t *testing.T) {
	l, c, h, o := newCore(t, -1)
	c.Write([]byte("head"))
	big := []byte(strings.Repeat("b", 8192))
	assert.False(t, c.Write(big))
	assert.Equal(t, []string{"head" + string(big)}, h.writes, "in order, in one write")
	assert.Equal(t, 4+8192, c.Length(), "still corked for Node")
	c.Write([]byte("\r\n"))
	l.DrainTicks()
	assert.Equal(t, []string{"head" + string(big), "\r\n"}, h.writes)
	assert.Equal(t, 0, c.Length())
	assert.Equal(t, "drained", o.log[len(o.log)-1])
}

// Dispatch writes after what is corked; End flushes and shuts down, and
// nothing is written after it.
func TestDispatchAndEndKeepTheOrder(t *testing.T) {
	_, c, h, _ := newCore(t, -1)
	c.Write([]byte("corked "))
	done, err := c.Dispatch([][]byte{[]byte("now")}, nil)
	require.NoError(t, err)
	assert.True(t, done)
	assert.Equal(t, []string{"corked ", "now"}, h.writes)
	c.Write([]byte("last"))
	require.NoError(t, c.End(func(error) {}))
	assert.True(t, h.shutdown)
	assert.Equal(t, []string{"corked ", "now", "last"}, h.writes)
	assert.False(t, c.Write([]byte("more")), "refused after End")
	_, err = c.Dispatch([][]byte{[]byte("more")}, nil)
	assert.ErrorIs(t, err, sock.ErrClosed)
	assert.True(t, c.Ended())
}

// FlushMarked sends what Node's end() would have written already and
// drops what was corked after it.
func TestFlushMarkedSendsOnlyTheMarkedPart(t *testing.T) {
	_, c, h, _ := newCore(t, -1)
	c.Write([]byte("response 1"))
	c.Mark()
	c.Write([]byte("corked after"))
	c.FlushMarked()
	assert.Equal(t, []string{"response 1"}, h.writes)
	assert.Equal(t, 0, c.Length())
}

// Destroy tells the owner at once, once; WhenClosed runs from the close
// callback; a failed write destroys the Core and reports the error.
func TestDestroyAndWriteFailure(t *testing.T) {
	l, c, h, o := newCore(t, 0)
	closed := 0
	c.WhenClosed(func() { closed++ })
	c.Write([]byte("x"))
	l.DrainTicks()
	h.complete(errors.New("EPIPE"))
	assert.True(t, c.Closed())
	assert.Equal(t, []string{"flush", "closing", "error EPIPE"}, o.log)
	c.Destroy()
	assert.Equal(t, 1, countOf(o.log, "closing"), "once")
	assert.Equal(t, 0, closed, "not before the close callback")
	h.closeCb()
	assert.Equal(t, 1, closed)
	assert.Nil(t, c.Handle())
}

func countOf(log []string, s string) int {
	n := 0
	for _, x := range log {
		if x == s {
			n++
		}
	}
	return n
}

func (f *fakeHandle) ReadLend(func() []byte, func([]byte)) error {
	return errors.New("no ReadLend in memory")
}
