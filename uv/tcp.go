//go:build cgo

package uv

/*
#include "glue.h"
*/
import "C"

import (
	"net/netip"
	"time"
)

// TCP is a libuv TCP handle (uv_tcp_t): a listening socket or a
// connection. It is the raw stream under net.Socket and net.Server. Its
// stream methods (reads, writes, shutdown, listen) are the ones every
// Stream has; this file adds what only TCP has (addresses, Nagle,
// keep-alive). Loop thread only.
//
// Byte lifetimes: the slice given to the read callback points into the
// loop's read slab (C memory) and is valid only during that callback; copy
// it to keep it. Write and TryWrite do not keep the caller's slices after
// they return: bytes libuv could not write at once are copied to C memory.
type TCP struct {
	stream
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

// AcceptStream is Accept as a Stream (the Stream interface's form).
func (t *TCP) AcceptStream() (Stream, error) {
	c, err := t.Accept()
	if err != nil {
		return nil, err
	}
	return c, nil
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
