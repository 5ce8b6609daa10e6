//go:build cgo

package uv

/*
#include "glue.h"
*/
import "C"

import "unsafe"

func unsafePtr(h *C.uv_handle_t) unsafe.Pointer { return unsafe.Pointer(h) }

// phaseHandle is the shared body of Idle, Prepare and Check: a handle that
// runs a callback once per loop iteration in its phase while started.
type phaseHandle struct {
	handle
	cb func()
}

func (p *phaseHandle) start(cb func()) error {
	if err := p.live(); err != nil {
		return err
	}
	p.cb = cb
	var r C.int
	switch p.kind {
	case KindIdle:
		r = C.uvgo_idle_start(p.ptr)
	case KindPrepare:
		r = C.uvgo_prepare_start(p.ptr)
	default:
		r = C.uvgo_check_start(p.ptr)
	}
	return newError(r, "start")
}

func (p *phaseHandle) stop() error {
	if err := p.live(); err != nil {
		return err
	}
	switch p.kind {
	case KindIdle:
		C.uv_idle_stop((*C.uv_idle_t)(unsafePtr(p.ptr)))
	case KindPrepare:
		C.uv_prepare_stop((*C.uv_prepare_t)(unsafePtr(p.ptr)))
	default:
		C.uv_check_stop((*C.uv_check_t)(unsafePtr(p.ptr)))
	}
	return nil
}

func (p *phaseHandle) onCallback() { p.fire(p.cb) }

// Idle is a libuv idle handle: while started, its callback runs once per
// loop iteration before prepare, and the poll phase does not block. An
// active idle handle turns the loop into a busy loop; use it briefly.
// Loop thread only.
type Idle struct{ phaseHandle }

// NewIdle creates a stopped idle handle on l.
func NewIdle(l *Loop) (*Idle, error) {
	h := &Idle{}
	if err := h.open(l, KindIdle, h); err != nil {
		return nil, err
	}
	return h, nil
}

// Start runs cb once per loop iteration until Stop.
func (h *Idle) Start(cb func()) error { return h.start(cb) }

// Stop stops the handle.
func (h *Idle) Stop() error { return h.stop() }

// Prepare is a libuv prepare handle: while started, its callback runs once
// per loop iteration right before the loop polls for I/O. Loop thread
// only.
type Prepare struct{ phaseHandle }

// NewPrepare creates a stopped prepare handle on l.
func NewPrepare(l *Loop) (*Prepare, error) {
	h := &Prepare{}
	if err := h.open(l, KindPrepare, h); err != nil {
		return nil, err
	}
	return h, nil
}

// Start runs cb before every poll until Stop.
func (h *Prepare) Start(cb func()) error { return h.start(cb) }

// Stop stops the handle.
func (h *Prepare) Stop() error { return h.stop() }

// Check is a libuv check handle: while started, its callback runs once
// per loop iteration right after the poll phase (where Node runs
// setImmediate callbacks). Loop thread only.
type Check struct{ phaseHandle }

// NewCheck creates a stopped check handle on l.
func NewCheck(l *Loop) (*Check, error) {
	h := &Check{}
	if err := h.open(l, KindCheck, h); err != nil {
		return nil, err
	}
	return h, nil
}

// Start runs cb after every poll until Stop.
func (h *Check) Start(cb func()) error { return h.start(cb) }

// Stop stops the handle.
func (h *Check) Stop() error { return h.stop() }
