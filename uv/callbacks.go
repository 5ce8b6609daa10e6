//go:build cgo

package uv

// The //export trampolines libuv reaches through glue.c. Each one does
// the same steps: find the loop and the slot, check the owner is still
// alive (and the loop is not crashing), call Go with panics recovered
// (Loop.call), drain the tick queue (Loop.invoke), and now and then let
// the Go scheduler see the loop's goroutine (Loop.maybeYield).
//
// Completions of requests (write, connect, shutdown) run even on a
// crashing loop: their bookkeeping (popping the write queue, unpinning,
// the loop's queued bytes, clearing the callback) always happens, and
// only the user callback is skipped (the handler methods check dead).

/*
#include "glue.h"
*/
import "C"

import "unsafe"

// ticker is implemented by handles whose libuv callback takes no
// arguments: timers, idle, prepare, check and async handles.
type ticker interface {
	owner
	onCallback()
}

//export uvgoHandleCb
func uvgoHandleCb(lid, hid C.uintptr_t) {
	l := loopByID(lid)
	if l == nil || l.dead() {
		return
	}
	if o, ok := l.lookup(hid).(ticker); ok {
		o.onCallback()
	}
	l.maybeYield()
}

//export uvgoCloseCb
func uvgoCloseCb(lid, hid C.uintptr_t) {
	l := loopByID(lid)
	if l == nil {
		return
	}
	if o := l.lookup(hid); o != nil {
		if so, ok := o.(streamOwner); ok && len(l.lenders) > 0 {
			l.endLending(so.strm()) // a buffer armed for a read that never came
		}
		o.base().onClosed()
	}
}

//export uvgoAllocCb
func uvgoAllocCb(lid, hid C.uintptr_t) {
	l := loopByID(lid)
	if l == nil || l.dead() {
		return
	}
	o, ok := l.lookup(hid).(streamOwner)
	if !ok {
		return
	}
	callWith(l, (*stream).onAlloc, o.strm())
}

//export uvgoReadCb
func uvgoReadCb(lid, hid C.uintptr_t, nread C.intptr_t, base *C.char) {
	l := loopByID(lid)
	if l == nil || l.dead() {
		return
	}
	o, ok := l.lookup(hid).(streamOwner)
	if !ok {
		return
	}
	t := o.strm()
	if t.onReadFn == nil {
		return
	}
	var r readResult
	if len(l.lenders) > 0 {
		// a read into a lent buffer: the C side has let go of it
		if b := t.landed(base, nread); b != nil {
			r.data = b
		}
	}
	if nread > 0 && r.data == nil {
		r.data = unsafe.Slice((*byte)(unsafe.Pointer(base)), int(nread))
	} else if nread < 0 {
		r.err = &Error{Code: int(nread), Syscall: "read"}
	}
	if r.data == nil && r.err == nil {
		return // nothing was there (a lent buffer came back unused)
	}
	if callWith(l, t.deliverRead, r) {
		l.runTicksSafe()
	}
	l.maybeYield()
}

//export uvgoWriteCb
func uvgoWriteCb(lid, hid C.uintptr_t, status C.int) {
	l := loopByID(lid)
	if l == nil {
		return
	}
	if o, ok := l.lookup(hid).(streamOwner); ok {
		if t := o.strm(); callWith(l, t.onWritten, status) {
			l.runTicksSafe()
		}
	}
	l.maybeYield()
}

//export uvgoConnectCb
func uvgoConnectCb(lid, hid C.uintptr_t, status C.int) {
	l := loopByID(lid)
	if l == nil {
		return
	}
	if o, ok := l.lookup(hid).(streamOwner); ok {
		if t := o.strm(); callWith(l, t.onConnected, status) {
			l.runTicksSafe()
		}
	}
	l.maybeYield()
}

//export uvgoShutdownCb
func uvgoShutdownCb(lid, hid C.uintptr_t, status C.int) {
	l := loopByID(lid)
	if l == nil {
		return
	}
	if o, ok := l.lookup(hid).(streamOwner); ok {
		if t := o.strm(); callWith(l, t.onShutdown, status) {
			l.runTicksSafe()
		}
	}
	l.maybeYield()
}

//export uvgoConnectionCb
func uvgoConnectionCb(lid, hid C.uintptr_t, status C.int) {
	l := loopByID(lid)
	if l == nil || l.dead() {
		return
	}
	if o, ok := l.lookup(hid).(streamOwner); ok {
		if t := o.strm(); callWith(l, t.onConnection, status) {
			l.runTicksSafe()
		}
	}
	l.maybeYield()
}
