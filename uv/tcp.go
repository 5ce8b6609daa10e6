//go:build cgo

package uv

/*
#include "glue.h"
*/
import "C"

import (
	"net/netip"
	"runtime"
	"time"
	"unsafe"
)

// TCP is a libuv TCP handle (uv_tcp_t): a listening socket or a
// connection. It is the raw stream under net.Socket and net.Server.
// Loop thread only.
//
// Byte lifetimes: the slice given to the read callback points into the
// loop's read slab (C memory) and is valid only during that callback; copy
// it to keep it. Write and TryWrite do not keep the caller's slices after
// they return: bytes libuv could not write at once are copied to C memory.
type TCP struct {
	handle
	onReadFn     func(data []byte, err error)
	writeCbs     fifo[queuedWrite]
	connectCb    func(error)
	shutdownCb   func(error)
	connectionCb func(error)
}

type queuedWrite struct {
	cb  func(error)
	n   int
	pin *runtime.Pinner // set for WriteNoCopy: unpinned when libuv is done
}

type readResult struct {
	data []byte
	err  error
}

// NewTCP creates a TCP handle on l, with no socket yet: Bind, Connect or
// Accept gives it one.
func NewTCP(l *Loop) (*TCP, error) {
	t := &TCP{}
	if err := t.open(l, KindTCP, t); err != nil {
		return nil, err
	}
	return t, nil
}

// BindFlags modify Bind.
type BindFlags int

const (
	// BindIPv6Only disables dual-stack on an IPv6 address.
	BindIPv6Only BindFlags = 1 << iota
	// BindReusePort sets SO_REUSEPORT before binding, so several sockets
	// (one per loop) can listen on the same port and the kernel spreads
	// connections among them.
	BindReusePort
)

func addrArgs(a netip.AddrPort) (family C.int, ip [16]byte, port C.int, scope C.uint32_t, err error) {
	addr := a.Addr()
	switch {
	case addr.Is4():
		b := addr.As4()
		copy(ip[:], b[:])
		family = 4
	case addr.Is6():
		ip = addr.As16()
		family = 6
	default:
		return 0, ip, 0, 0, ErrBadAddress
	}
	return family, ip, C.int(a.Port()), 0, nil
}

// Bind binds the socket to addr. With BindReusePort the option is set on
// the socket first (libuv 1.44 has no flag for it; the socket is created
// for addr's family if the handle has none yet).
func (t *TCP) Bind(addr netip.AddrPort, flags BindFlags) error {
	if err := t.live(); err != nil {
		return err
	}
	family, ip, port, scope, err := addrArgs(addr)
	if err != nil {
		return err
	}
	r := C.uvgo_tcp_bind(t.ptr, family, (*C.uchar)(&ip[0]), port, scope,
		boolToC(flags&BindIPv6Only != 0), boolToC(flags&BindReusePort != 0))
	return newError(r, "bind")
}

// Listen starts listening with the given backlog; cb runs on the loop for
// each incoming connection (call Accept from it) or with an error.
func (t *TCP) Listen(backlog int, cb func(err error)) error {
	if err := t.live(); err != nil {
		return err
	}
	t.connectionCb = cb
	return newError(C.uvgo_listen(t.ptr, C.int(backlog)), "listen")
}

func (t *TCP) onConnection(status C.int) {
	if t.connectionCb != nil {
		t.connectionCb(newError(status, "accept"))
	}
}

// Accept accepts a pending connection into a new TCP handle. Call it from
// the Listen callback.
func (t *TCP) Accept() (*TCP, error) {
	if err := t.live(); err != nil {
		return nil, err
	}
	c, err := NewTCP(t.loop)
	if err != nil {
		return nil, err
	}
	if r := C.uv_accept((*C.uv_stream_t)(unsafePtr(t.ptr)), (*C.uv_stream_t)(unsafePtr(c.ptr))); r != 0 {
		c.Close(nil)
		return nil, newError(r, "accept")
	}
	return c, nil
}

// Connect connects to addr; cb runs on the loop when the connection is
// established or has failed.
func (t *TCP) Connect(addr netip.AddrPort, cb func(err error)) error {
	if err := t.live(); err != nil {
		return err
	}
	family, ip, port, scope, err := addrArgs(addr)
	if err != nil {
		return err
	}
	t.connectCb = cb
	return newError(C.uvgo_tcp_connect(t.ptr, family, (*C.uchar)(&ip[0]), port, scope), "connect")
}

func (t *TCP) onConnected(status C.int) {
	if cb := t.connectCb; cb != nil {
		t.connectCb = nil
		if t.loop.dead() {
			return
		}
		cb(newError(status, "connect"))
	}
}

// ReadStart starts reading: cb gets each chunk of data as it arrives, or
// an error (an *Error that unwraps to io.EOF at end of stream). The data
// slice is valid only during the callback.
func (t *TCP) ReadStart(cb func(data []byte, err error)) error {
	if err := t.live(); err != nil {
		return err
	}
	t.onReadFn = cb
	return newError(C.uvgo_read_start(t.ptr), "read")
}

func (t *TCP) deliverRead(r readResult) {
	if t.onReadFn != nil {
		t.onReadFn(r.data, r.err)
	}
}

// SetReadFilter installs C code that sees every read's bytes (and EOF or
// errors, as a negative count) before the read callback runs in Go: a C
// function of type uvgo_read_filter (void (*)(void *ctx, const char *buf,
// intptr_t nread)) and its context, both C pointers. uvgo's HTTP binding
// parses requests there, so each read costs one crossing into Go. Pass
// nil to remove it. The filter must not call into Go.
func (t *TCP) SetReadFilter(filter, ctx unsafe.Pointer) error {
	if err := t.live(); err != nil {
		return err
	}
	C.uvgo_set_read_filter(t.ptr, C.uvgo_read_filter(filter), ctx)
	return nil
}

// ReadStop stops reading; data stays in the kernel until ReadStart.
func (t *TCP) ReadStop() error {
	if err := t.live(); err != nil {
		return err
	}
	return newError(C.uv_read_stop((*C.uv_stream_t)(unsafePtr(t.ptr))), "read_stop")
}

// TryWrite writes as much of b as the kernel takes now, without queuing,
// and returns how much that was (0 when the socket would block).
func (t *TCP) TryWrite(b []byte) (int, error) {
	if err := t.live(); err != nil {
		return 0, err
	}
	if len(b) == 0 {
		return 0, nil
	}
	if len(b) > maxWriteChunk {
		b = b[:maxWriteChunk] // a partial write, as TryWrite allows
	}
	r := C.uvgo_try_write1(t.ptr, (*C.char)(unsafe.Pointer(&b[0])), C.size_t(len(b)))
	if r == C.UV_EAGAIN {
		return 0, nil
	}
	if r < 0 {
		return 0, newError(r, "write")
	}
	return int(r), nil
}

// Write writes bufs in order as one vectored write. What the kernel takes
// at once is written directly (uv_try_write); the rest is copied to C
// memory and queued (uv_write). done reports whether everything went out
// at once: then cb is not called. Otherwise cb runs on the loop when the
// queued part has been written or has failed; writes complete in order.
// An error return means nothing was queued and cb will not run. A write
// of more than 1 GiB is queued as several requests (package doc: Large
// writes).
func (t *TCP) Write(bufs [][]byte, cb func(err error)) (done bool, err error) {
	if err := t.live(); err != nil {
		return false, err
	}
	if oversize(bufs) {
		return t.writeSplit(bufs, cb, t.Write)
	}
	var r C.int
	switch len(bufs) {
	case 0:
		return true, nil
	case 1:
		b := bufs[0]
		if len(b) == 0 {
			return true, nil
		}
		r = C.uvgo_write1(t.ptr, (*C.char)(unsafe.Pointer(&b[0])), C.size_t(len(b)))
	default:
		var pin runtime.Pinner
		iov := make([]C.uv_buf_t, 0, len(bufs))
		for _, b := range bufs {
			if len(b) == 0 {
				continue
			}
			pin.Pin(&b[0])
			iov = append(iov, C.uv_buf_t{base: (*C.char)(unsafe.Pointer(&b[0])), len: C.size_t(len(b))})
		}
		if len(iov) > 0 {
			r = C.uvgo_writev(t.ptr, &iov[0], C.int(len(iov)))
		}
		pin.Unpin()
	}
	return t.queued(r, cb)
}

// Write2 is Write of a then b (either may be empty), without building a
// slice of buffers: one vectored uv_try_write, the rest copied to C memory
// and queued. It allocates nothing. Like Write, done reports that
// everything went out at once (cb is not called then).
func (t *TCP) Write2(a, b []byte, cb func(err error)) (done bool, err error) {
	if err := t.live(); err != nil {
		return false, err
	}
	if len(a)+len(b) > maxWriteChunk {
		return t.Write([][]byte{a, b}, cb) // split into several requests
	}
	var pa, pb *C.char
	if len(a) > 0 {
		pa = (*C.char)(unsafe.Pointer(&a[0]))
	}
	if len(b) > 0 {
		pb = (*C.char)(unsafe.Pointer(&b[0]))
	}
	return t.queued(C.uvgo_write2(t.ptr, pa, C.size_t(len(a)), pb, C.size_t(len(b))), cb)
}

// queued finishes a copying write from the glue's result: an error, done
// (0), or the bytes libuv queued, whose callback cb gets.
func (t *TCP) queued(r C.int, cb func(err error)) (done bool, err error) {
	if r < 0 {
		return false, newError(r, "write")
	}
	if r == 0 {
		return true, nil
	}
	t.writeCbs.push(queuedWrite{cb: cb, n: int(r)})
	t.loop.queuedBytes += int(r)
	return false, nil
}

// WriteNoCopy is Write without the copy: what the kernel does not take at
// once is queued in place, so the caller must not modify bufs until cb
// runs (or until WriteNoCopy returns done). The buffers are pinned
// (runtime.Pinner) meanwhile. It saves a memcpy of every unsent byte;
// uvgo's sockets use it, since a stream keeps a written buffer until its
// callback anyway.
func (t *TCP) WriteNoCopy(bufs [][]byte, cb func(err error)) (done bool, err error) {
	if err := t.live(); err != nil {
		return false, err
	}
	if oversize(bufs) {
		return t.writeSplit(bufs, cb, t.WriteNoCopy)
	}
	pin := new(runtime.Pinner)
	iov := make([]C.uv_buf_t, 0, len(bufs))
	for _, b := range bufs {
		if len(b) == 0 {
			continue
		}
		pin.Pin(&b[0])
		iov = append(iov, C.uv_buf_t{base: (*C.char)(unsafe.Pointer(&b[0])), len: C.size_t(len(b))})
	}
	if len(iov) == 0 {
		return true, nil
	}
	r := C.uvgo_writev_pinned(t.ptr, &iov[0], C.int(len(iov)))
	if r <= 0 {
		pin.Unpin()
		if r < 0 {
			return false, newError(r, "write")
		}
		return true, nil
	}
	t.writeCbs.push(queuedWrite{cb: cb, n: int(r), pin: pin})
	t.loop.queuedBytes += int(r)
	return false, nil
}

func (t *TCP) onWritten(status C.int) {
	w, ok := t.writeCbs.pop()
	if !ok {
		return
	}
	if w.pin != nil {
		w.pin.Unpin()
	}
	t.loop.queuedBytes -= w.n
	if w.cb != nil && !t.loop.dead() {
		w.cb(newError(status, "write"))
	}
}

// WriteQueueSize returns the bytes queued by Write and not yet written.
func (t *TCP) WriteQueueSize() int {
	if t.live() != nil {
		return 0
	}
	// the field uv_stream_get_write_queue_size returns, read without a call
	return int((*C.uv_stream_t)(unsafePtr(t.ptr)).write_queue_size)
}

// Shutdown half-closes the connection once queued writes are done (sends
// FIN); cb runs on the loop when that happened or failed.
func (t *TCP) Shutdown(cb func(err error)) error {
	if err := t.live(); err != nil {
		return err
	}
	t.shutdownCb = cb
	return newError(C.uvgo_shutdown(t.ptr), "shutdown")
}

func (t *TCP) onShutdown(status C.int) {
	if cb := t.shutdownCb; cb != nil {
		t.shutdownCb = nil
		if t.loop.dead() {
			return
		}
		cb(newError(status, "shutdown"))
	}
}

// SetNoDelay enables or disables Nagle's algorithm being off (TCP_NODELAY).
func (t *TCP) SetNoDelay(enable bool) error {
	if err := t.live(); err != nil {
		return err
	}
	return newError(C.uv_tcp_nodelay((*C.uv_tcp_t)(unsafePtr(t.ptr)), boolToC(enable)), "setNoDelay")
}

// SetKeepAlive enables or disables TCP keep-alive, with the initial delay
// (whole seconds, at least 1 s when enabling).
func (t *TCP) SetKeepAlive(enable bool, delay time.Duration) error {
	if err := t.live(); err != nil {
		return err
	}
	secs := uint(delay / time.Second)
	if enable && secs == 0 {
		secs = 1
	}
	return newError(C.uvgo_tcp_keepalive(t.ptr, boolToC(enable), C.uint(secs)), "setKeepAlive")
}

// SockName returns the local address the socket is bound to.
func (t *TCP) SockName() (netip.AddrPort, error) { return t.name(0) }

// PeerName returns the address of the connected peer.
func (t *TCP) PeerName() (netip.AddrPort, error) { return t.name(1) }

func (t *TCP) name(peer C.int) (netip.AddrPort, error) {
	if err := t.live(); err != nil {
		return netip.AddrPort{}, err
	}
	var family, port C.int
	var scope C.uint32_t
	var ip [16]byte
	r := C.uvgo_tcp_name(t.ptr, peer, &family, (*C.uchar)(&ip[0]), &port, &scope)
	if r != 0 {
		op := "getsockname"
		if peer != 0 {
			op = "getpeername"
		}
		return netip.AddrPort{}, newError(r, op)
	}
	var a netip.Addr
	if family == 4 {
		a = netip.AddrFrom4([4]byte(ip[:4]))
	} else {
		a = netip.AddrFrom16(ip)
	}
	return netip.AddrPortFrom(a, uint16(port)), nil
}

// Fileno returns the socket's file descriptor.
func (t *TCP) Fileno() (int, error) {
	if err := t.live(); err != nil {
		return -1, err
	}
	r := C.uvgo_fileno(t.ptr)
	if r < 0 {
		return -1, newError(r, "fileno")
	}
	return int(r), nil
}
