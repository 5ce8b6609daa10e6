//go:build cgo

package uv

/*
#include "glue.h"
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// Stream is what every libuv stream handle offers (uv_stream_t): TCP and
// Pipe both implement it, through the same code, so the socket layer and
// the HTTP server drive either one without knowing which it is. Methods
// are loop thread only; their contracts are those documented on TCP
// (byte lifetimes, write completion, large writes).
type Stream interface {
	// Loop returns the loop the handle belongs to.
	Loop() *Loop
	// Kind returns KindTCP or KindPipe.
	Kind() HandleKind
	ReadStart(cb func(data []byte, err error)) error
	ReadStop() error
	SetReadFilter(filter, ctx unsafe.Pointer) error
	TryWrite(b []byte) (int, error)
	Write(bufs [][]byte, cb func(err error)) (done bool, err error)
	Write2(a, b []byte, cb func(err error)) (done bool, err error)
	Write3(a, b, c []byte, cb func(err error)) (done bool, err error)
	WriteNoCopy(bufs [][]byte, cb func(err error)) (done bool, err error)
	WriteQueueSize() int
	// ReadLend makes reads land in Go buffers (see TCP.ReadLend).
	ReadLend(lend func() []byte, back func([]byte)) error
	Shutdown(cb func(err error)) error
	Listen(backlog int, cb func(err error)) error
	// AcceptStream accepts a pending connection into a new handle of the
	// listener's kind (a *TCP or a *Pipe). Call it from the Listen
	// callback.
	AcceptStream() (Stream, error)
	Fileno() (int, error)
	Close(cb func())
	IsClosing() bool
	IsActive() bool
	Ref()
	Unref()
	HasRef() bool
}

var (
	_ Stream = (*TCP)(nil)
	_ Stream = (*Pipe)(nil)
)

// stream is the part TCP and Pipe share: libuv's uv_stream_t operations
// and the Go side of their callbacks. The C glue treats both handle types
// alike (uvgo_read_start, uvgo_writev, ... take any uv_stream_t).
type stream struct {
	handle
	onReadFn     func(data []byte, err error)
	writeCbs     fifo[queuedWrite]
	connectCb    func(error)
	shutdownCb   func(error)
	connectionCb func(error)
}

// streamOwner is a slot owner that is a stream (*TCP, *Pipe): what the
// read, write, connect, shutdown and connection trampolines look up.
type streamOwner interface {
	owner
	strm() *stream
}

func (t *stream) strm() *stream { return t }

type queuedWrite struct {
	cb  func(error)
	n   int
	pin *runtime.Pinner // set for WriteNoCopy: unpinned when libuv is done
}

type readResult struct {
	data []byte
	err  error
}

// Listen starts listening with the given backlog; cb runs on the loop for
// each incoming connection (call Accept from it) or with an error.
func (t *stream) Listen(backlog int, cb func(err error)) error {
	if err := t.live(); err != nil {
		return err
	}
	t.connectionCb = cb
	return newError(C.uvgo_listen(t.ptr, C.int(backlog)), "listen")
}

func (t *stream) onConnection(status C.int) {
	if t.connectionCb != nil {
		t.connectionCb(newError(status, "accept"))
	}
}

func (t *stream) onConnected(status C.int) {
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
func (t *stream) ReadStart(cb func(data []byte, err error)) error {
	if err := t.live(); err != nil {
		return err
	}
	t.onReadFn = cb
	return newError(C.uvgo_read_start(t.ptr), "read")
}

func (t *stream) deliverRead(r readResult) {
	if t.onReadFn != nil {
		t.onReadFn(r.data, r.err)
	}
}

// ReadSize is the size of a read: a buffer a lender gives (ReadLend) has it.
const ReadSize = C.UVGO_SLAB_SIZE

// lending is a stream's ReadLend state: the functions, and the buffer
// armed for the coming read (pinned until the read callback).
type lending struct {
	lend  func() []byte
	back  func([]byte)
	armed []byte
	pin   *runtime.Pinner
}

// ReadLend makes the stream's reads land in Go memory instead of the
// loop's read slab: just before each read, lend is called for a buffer
// of ReadSize bytes (nil: the slab this time), and the read callback's
// data is then a slice of that buffer, the caller's to keep, with no
// copy. A buffer lend gave that no read used (nothing was there, the read
// failed, lending was turned off, the handle closed) goes to back. The
// buffer is pinned only from lend to the read callback, so an idle
// stream holds none. ReadLend(nil, nil) turns lending off. A stream with
// a read filter (SetReadFilter) cannot lend. Loop thread only.
func (t *stream) ReadLend(lend func() []byte, back func([]byte)) error {
	if err := t.live(); err != nil {
		return err
	}
	l := t.loop
	if lend == nil {
		C.uvgo_read_lend(t.ptr, 0)
		if g := l.lenders[t]; g != nil {
			delete(l.lenders, t)
			l.giveBack(g)
		}
		return nil
	}
	if l.lenders == nil {
		l.lenders = make(map[*stream]*lending)
	}
	if g := l.lenders[t]; g != nil {
		g.lend, g.back = lend, back
	} else {
		l.lenders[t] = &lending{lend: lend, back: back}
	}
	C.uvgo_read_lend(t.ptr, 1)
	return nil
}

// onAlloc asks t's lender for the coming read's buffer (uvgoAllocCb).
func (t *stream) onAlloc() {
	l := t.loop
	g := l.lenders[t]
	if g == nil || g.armed != nil {
		return
	}
	b := g.lend()
	if len(b) < ReadSize {
		return // the slab this time
	}
	g.pin = l.pinner()
	g.pin.Pin(&b[0])
	g.armed = b
	C.uvgo_read_arm(t.ptr, (*C.char)(unsafe.Pointer(&b[0])))
}

// landed takes back the buffer a read used (the C side let go of it):
// its data, or nil when the read used the slab. Unused (nread <= 0), it
// goes to the lender's back.
func (t *stream) landed(base *C.char, nread C.intptr_t) []byte {
	l := t.loop
	g := l.lenders[t]
	if g == nil || g.armed == nil || unsafe.SliceData(g.armed) != (*byte)(unsafe.Pointer(base)) {
		return nil
	}
	b := g.armed
	g.armed = nil
	l.unpin(g.pin)
	g.pin = nil
	if nread <= 0 {
		if g.back != nil {
			g.back(b)
		}
		return nil
	}
	return b[:nread]
}

// giveBack unpins an armed buffer nobody read into and hands it back.
func (l *Loop) giveBack(g *lending) {
	if g.armed == nil {
		return
	}
	b := g.armed
	g.armed = nil
	l.unpin(g.pin)
	g.pin = nil
	if g.back != nil {
		g.back(b)
	}
}

// endLending forgets t's lender when its handle closes.
func (l *Loop) endLending(t *stream) {
	if len(l.lenders) == 0 {
		return
	}
	if g := l.lenders[t]; g != nil {
		delete(l.lenders, t)
		l.giveBack(g)
	}
}

// SetReadFilter installs C code that sees every read's bytes (and EOF or
// errors, as a negative count) before the read callback runs in Go: a C
// function of type uvgo_read_filter (void (*)(void *ctx, const char *buf,
// intptr_t nread)) and its context, both C pointers. uvgo's HTTP binding
// parses requests there, so each read costs one crossing into Go. Pass
// nil to remove it. The filter must not call into Go.
func (t *stream) SetReadFilter(filter, ctx unsafe.Pointer) error {
	if err := t.live(); err != nil {
		return err
	}
	C.uvgo_set_read_filter(t.ptr, C.uvgo_read_filter(filter), ctx)
	return nil
}

// ReadStop stops reading; data stays in the kernel until ReadStart.
func (t *stream) ReadStop() error {
	if err := t.live(); err != nil {
		return err
	}
	return newError(C.uv_read_stop((*C.uv_stream_t)(unsafePtr(t.ptr))), "read_stop")
}

// TryWrite writes as much of b as the kernel takes now, without queuing,
// and returns how much that was (0 when the socket would block).
func (t *stream) TryWrite(b []byte) (int, error) {
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
func (t *stream) Write(bufs [][]byte, cb func(err error)) (done bool, err error) {
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
func (t *stream) Write2(a, b []byte, cb func(err error)) (done bool, err error) {
	return t.Write3(a, b, nil, cb)
}

// Write3 is Write2 with a third buffer: a, b then c in one vectored write
// (a body chunk between its framing, as HTTP's chunked encoding sends it).
func (t *stream) Write3(a, b, c []byte, cb func(err error)) (done bool, err error) {
	if err := t.live(); err != nil {
		return false, err
	}
	if len(a)+len(b)+len(c) > maxWriteChunk {
		return t.Write([][]byte{a, b, c}, cb) // split into several requests
	}
	return t.queued(C.uvgo_write3(t.ptr, bytePtr(a), C.size_t(len(a)), bytePtr(b), C.size_t(len(b)),
		bytePtr(c), C.size_t(len(c))), cb)
}

// bytePtr is b's first byte for C, or nil when b is empty.
func bytePtr(b []byte) *C.char {
	if len(b) == 0 {
		return nil
	}
	return (*C.char)(unsafe.Pointer(&b[0]))
}

// queued finishes a copying write from the glue's result: an error, done
// (0), or the bytes libuv queued, whose callback cb gets.
func (t *stream) queued(r C.int, cb func(err error)) (done bool, err error) {
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
func (t *stream) WriteNoCopy(bufs [][]byte, cb func(err error)) (done bool, err error) {
	if err := t.live(); err != nil {
		return false, err
	}
	if oversize(bufs) {
		return t.writeSplit(bufs, cb, t.WriteNoCopy)
	}
	l := t.loop
	pin := l.pinner()
	iov := l.iov[:0]
	for _, b := range bufs {
		if len(b) == 0 {
			continue
		}
		pin.Pin(&b[0])
		iov = append(iov, C.uv_buf_t{base: (*C.char)(unsafe.Pointer(&b[0])), len: C.size_t(len(b))})
	}
	var r C.int
	if len(iov) > 0 {
		r = C.uvgo_writev_pinned(t.ptr, &iov[0], C.int(len(iov)))
	}
	clear(iov) // the scratch keeps no Go pointers between writes
	l.iov = iov[:0]
	if r <= 0 {
		l.unpin(pin)
		if r < 0 {
			return false, newError(r, "write")
		}
		return true, nil
	}
	t.writeCbs.push(queuedWrite{cb: cb, n: int(r), pin: pin})
	l.queuedBytes += int(r)
	return false, nil
}

// pinner returns an unused Pinner.
func (l *Loop) pinner() *runtime.Pinner {
	if n := len(l.pins); n > 0 {
		pin := l.pins[n-1]
		l.pins = l.pins[:n-1]
		return pin
	}
	return new(runtime.Pinner)
}

// unpin releases what pin holds and keeps it for the next WriteNoCopy
// (a new Pinner costs an allocation and a finalizer).
func (l *Loop) unpin(pin *runtime.Pinner) {
	pin.Unpin()
	if len(l.pins) < 64 {
		l.pins = append(l.pins, pin)
	}
}

func (t *stream) onWritten(status C.int) {
	w, ok := t.writeCbs.pop()
	if !ok {
		return
	}
	if w.pin != nil {
		t.loop.unpin(w.pin)
	}
	t.loop.queuedBytes -= w.n
	if w.cb != nil && !t.loop.dead() {
		w.cb(newError(status, "write"))
	}
}

// WriteQueueSize returns the bytes queued by Write and not yet written.
func (t *stream) WriteQueueSize() int {
	if t.live() != nil {
		return 0
	}
	// the field uv_stream_get_write_queue_size returns, read without a call
	return int((*C.uv_stream_t)(unsafePtr(t.ptr)).write_queue_size)
}

// Shutdown half-closes the connection once queued writes are done (sends
// FIN); cb runs on the loop when that happened or failed.
func (t *stream) Shutdown(cb func(err error)) error {
	if err := t.live(); err != nil {
		return err
	}
	t.shutdownCb = cb
	return newError(C.uvgo_shutdown(t.ptr), "shutdown")
}

func (t *stream) onShutdown(status C.int) {
	if cb := t.shutdownCb; cb != nil {
		t.shutdownCb = nil
		if t.loop.dead() {
			return
		}
		cb(newError(status, "shutdown"))
	}
}

// Fileno returns the socket's file descriptor.
func (t *stream) Fileno() (int, error) {
	if err := t.live(); err != nil {
		return -1, err
	}
	r := C.uvgo_fileno(t.ptr)
	if r < 0 {
		return -1, newError(r, "fileno")
	}
	return int(r), nil
}
