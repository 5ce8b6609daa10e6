//go:build cgo

package uv

/*
#include "glue.h"
*/
import "C"

import "strings"

// HandleKind names the kind of a libuv handle.
type HandleKind int

// Handle kinds.
const (
	KindUnknown HandleKind = 0
	KindTimer   HandleKind = C.UVGO_TIMER
	KindIdle    HandleKind = C.UVGO_IDLE
	KindPrepare HandleKind = C.UVGO_PREPARE
	KindCheck   HandleKind = C.UVGO_CHECK
	KindAsync   HandleKind = C.UVGO_ASYNC
	KindTCP     HandleKind = C.UVGO_TCP
	KindPipe    HandleKind = C.UVGO_PIPE
	KindSignal  HandleKind = 100 // an Async-backed handle, see Signal
)

var kindNames = map[HandleKind]string{
	KindTimer: "timer", KindIdle: "idle", KindPrepare: "prepare", KindCheck: "check",
	KindAsync: "async", KindTCP: "tcp", KindPipe: "pipe", KindSignal: "signal",
}

// typeNames are the Go type names of the stream kinds.
var typeNames = map[HandleKind]string{KindTCP: "TCP", KindPipe: "Pipe"}

// String returns the kind's name ("tcp", "timer", ...).
func (k HandleKind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "unknown"
}

func kindOfUVType(t int) HandleKind {
	switch t {
	case C.UV_TIMER:
		return KindTimer
	case C.UV_IDLE:
		return KindIdle
	case C.UV_PREPARE:
		return KindPrepare
	case C.UV_CHECK:
		return KindCheck
	case C.UV_ASYNC:
		return KindAsync
	case C.UV_TCP:
		return KindTCP
	case C.UV_NAMED_PIPE:
		return KindPipe
	}
	return KindUnknown
}

// owner is what a loop's slot table holds: a handle type embedding handle.
type owner interface {
	base() *handle
}

// Handle states, one word changed through the helpers below.
const (
	stClosing uint8 = 1 << iota // uv_close has been called
	stClosed                    // the close callback has run
)

// handle is the part every handle type shares: its C memory, its slot,
// and the lifecycle libuv defines (init, use, close, freed after the close
// callback).
type handle struct {
	loop     *Loop
	ptr      *C.uv_handle_t
	hid      C.uintptr_t
	kind     HandleKind
	state    uint8
	internal bool
	closeCbs []func()
}

func (h *handle) base() *handle { return h }

// open allocates and initialises the C handle of the given kind and
// registers o in the loop's table.
func (h *handle) open(l *Loop, kind HandleKind, o owner) error {
	if l.closed {
		return ErrLoopClosed
	}
	h.loop = l
	h.kind = kind
	h.hid = l.register(o)
	ckind := kind
	if kind == KindSignal {
		ckind = KindAsync
	}
	var cerr C.int
	h.ptr = C.uvgo_handle_new(l.ptr, C.int(ckind), h.hid, &cerr)
	if h.ptr == nil {
		l.release(h.hid)
		h.state = stClosing | stClosed
		return newError(cerr, "init")
	}
	return nil
}

// register gives o a slot and returns its id (generation<<32 | index).
func (l *Loop) register(o owner) C.uintptr_t {
	var idx uint32
	if n := len(l.freeSlots); n > 0 {
		idx = l.freeSlots[n-1]
		l.freeSlots = l.freeSlots[:n-1]
	} else {
		idx = uint32(len(l.slots))
		l.slots = append(l.slots, slot{})
	}
	s := &l.slots[idx]
	s.gen++
	if s.gen == 0 {
		s.gen = 1
	}
	s.obj = o
	return C.uintptr_t(uintptr(s.gen)<<32 | uintptr(idx))
}

// lookup returns the live owner of id, or nil for a stale or unknown id.
func (l *Loop) lookup(id C.uintptr_t) owner {
	idx := uint32(id)
	if int(idx) >= len(l.slots) {
		return nil
	}
	s := &l.slots[idx]
	if s.gen != uint32(uint64(id)>>32) {
		return nil
	}
	return s.obj
}

func (l *Loop) release(id C.uintptr_t) {
	idx := uint32(id)
	if int(idx) < len(l.slots) && l.slots[idx].gen == uint32(uint64(id)>>32) {
		l.slots[idx].obj = nil
		l.freeSlots = append(l.freeSlots, idx)
	}
}

// live returns ErrClosed once Close has been called.
func (h *handle) live() error {
	if checking && h.loop != nil && !h.loop.OnLoop() {
		// the Stream methods live on the shared stream type: name the
		// handle's own type in the message ("TCP.Write", "Pipe.Write")
		panic(notOnLoop(strings.Replace(callerMethod(), "stream.", typeNames[h.kind]+".", 1)))
	}
	if h.state&stClosing != 0 || h.ptr == nil {
		return ErrClosed
	}
	return nil
}

// Loop returns the loop the handle belongs to.
func (h *handle) Loop() *Loop { return h.loop }

// Close closes the handle (uv_close). cb, if not nil, runs on the loop in
// the close phase, after which the handle's memory is released. Close is
// idempotent: on a closing handle, cb is queued to run with the first
// close's callbacks; on a closed handle it runs on the next tick.
func (h *handle) Close(cb func()) {
	h.loop.checkCaller()
	switch {
	case h.state&stClosed != 0:
		if cb != nil && h.loop != nil && !h.loop.closed {
			h.loop.NextTick(cb)
		}
		return
	case h.state&stClosing != 0:
		if cb != nil {
			h.closeCbs = append(h.closeCbs, cb)
		}
		return
	}
	if cb != nil {
		h.closeCbs = append(h.closeCbs, cb)
	}
	h.closeNow()
}

func (h *handle) closeNow() {
	if h.state&stClosing != 0 || h.ptr == nil {
		return
	}
	h.state |= stClosing
	C.uvgo_close(h.ptr)
}

// onClosed runs in the close phase: the slot is released and the close
// callbacks run. C frees the memory right after.
func (h *handle) onClosed() {
	h.state |= stClosed
	h.ptr = nil
	l := h.loop
	l.release(h.hid)
	cbs := h.closeCbs
	h.closeCbs = nil
	if l.dead() {
		return
	}
	for _, cb := range cbs {
		l.invoke(cb)
	}
}

// fire runs a handle's callback. User callbacks go through the uncaught
// rule and a tick drain; the loop's internal handles run Node's scheduler
// steps, which apply those rules themselves (an empty check phase, for
// one, must not drain ticks).
func (h *handle) fire(cb func()) {
	switch {
	case cb == nil:
	case h.internal:
		cb()
	default:
		h.loop.invoke(cb)
	}
}

// IsClosing reports whether Close has been called (uv_is_closing).
func (h *handle) IsClosing() bool { return h.state&stClosing != 0 }

// IsActive reports whether the handle is active (uv_is_active): a started
// timer, a listening or reading socket, and so on.
func (h *handle) IsActive() bool {
	if h.ptr == nil {
		return false
	}
	return C.uv_is_active(h.ptr) != 0
}

// Ref makes the handle keep the loop alive while active (the default).
// No effect on a closed handle.
func (h *handle) Ref() {
	h.loop.checkCaller()
	if h.ptr != nil {
		C.uv_ref(h.ptr)
	}
}

// Unref stops the handle from keeping the loop alive. No effect on a
// closed handle.
func (h *handle) Unref() {
	h.loop.checkCaller()
	if h.ptr != nil {
		C.uv_unref(h.ptr)
	}
}

// HasRef reports whether the handle is referenced.
func (h *handle) HasRef() bool {
	if h.ptr == nil {
		return false
	}
	return C.uv_has_ref(h.ptr) != 0
}

// Kind returns the handle's kind.
func (h *handle) Kind() HandleKind { return h.kind }
