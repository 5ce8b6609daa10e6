//go:build cgo

package uv

/*
#cgo nocallback uvgo_pipe_bind
#cgo nocallback uvgo_pipe_connect
#cgo noescape uvgo_pipe_name
#cgo nocallback uvgo_pipe_name
#include "pipeglue.h"
*/
import "C"

import "unsafe"

// MaxPipePath is the longest path a Unix-domain socket can be bound or
// connected to on Linux (sun_path holds 108 bytes with the final NUL).
// libuv, as in Node 20, silently truncates a longer path; Bind and Connect
// do the same, so keep paths short (a temporary directory of a few
// components).
const MaxPipePath = 107

// Pipe is a libuv pipe handle (uv_pipe_t) used as a Unix-domain stream
// socket: a server listening on a path, or a connection. It has every
// Stream method (the same code as TCP's: reads land in the loop's slab,
// writes try the kernel first and queue the rest, see TCP for the byte
// lifetimes) and adds Bind and Connect on a path. Loop thread only.
//
// Closing a bound pipe removes its path from the filesystem (libuv does
// it), as a Node server does when it closes. Binding to a path that
// exists, be it a live server's socket or a stale one left by a crashed
// process, fails with EADDRINUSE: nothing unlinks it first, as in Node.
type Pipe struct {
	stream
}

// NewPipe creates a pipe handle on l (not for IPC: no handle passing).
// Bind, Connect or AcceptStream gives it a socket.
func NewPipe(l *Loop) (*Pipe, error) {
	p := &Pipe{}
	if err := p.open(l, KindPipe, p); err != nil {
		return nil, err
	}
	return p, nil
}

// Bind binds the pipe to path, creating the socket file. EADDRINUSE
// means the path exists; EACCES that its directory is missing or not
// writable (libuv reports ENOENT as EACCES).
func (p *Pipe) Bind(path string) error {
	if err := p.live(); err != nil {
		return err
	}
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	return newError(C.uvgo_pipe_bind(p.ptr, cs), "bind")
}

// Connect connects to the Unix-domain socket at path; cb runs on the loop
// when the connection is established or has failed (ENOENT: no such
// path; ECONNREFUSED: nobody listens there, a stale socket). Failures are
// always reported through cb, never returned, except when the handle is
// closed.
func (p *Pipe) Connect(path string, cb func(err error)) error {
	if err := p.live(); err != nil {
		return err
	}
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	p.connectCb = cb
	return newError(C.uvgo_pipe_connect(p.ptr, cs), "connect")
}

// Accept accepts a pending connection into a new Pipe. Call it from the
// Listen callback.
func (p *Pipe) Accept() (*Pipe, error) {
	if err := p.live(); err != nil {
		return nil, err
	}
	c, err := NewPipe(p.loop)
	if err != nil {
		return nil, err
	}
	if r := C.uv_accept((*C.uv_stream_t)(unsafePtr(p.ptr)), (*C.uv_stream_t)(unsafePtr(c.ptr))); r != 0 {
		c.Close(nil)
		return nil, newError(r, "accept")
	}
	return c, nil
}

// AcceptStream is Accept as a Stream (the Stream interface's form).
func (p *Pipe) AcceptStream() (Stream, error) {
	c, err := p.Accept()
	if err != nil {
		return nil, err
	}
	return c, nil
}

// SockName returns the path the pipe is bound to: the listener's path on
// a listener and on the connections it accepted, "" on a client.
func (p *Pipe) SockName() (string, error) { return p.name(0) }

// PeerName returns the path of the peer's socket: the server's path on a
// connected client, "" on an accepted connection.
func (p *Pipe) PeerName() (string, error) { return p.name(1) }

func (p *Pipe) name(peer C.int) (string, error) {
	if err := p.live(); err != nil {
		return "", err
	}
	var buf [MaxPipePath + 2]byte
	n := C.size_t(len(buf))
	if r := C.uvgo_pipe_name(p.ptr, peer, (*C.char)(unsafe.Pointer(&buf[0])), &n); r != 0 {
		op := "getsockname"
		if peer != 0 {
			op = "getpeername"
		}
		return "", newError(r, op)
	}
	return string(buf[:n]), nil
}
