//go:build cgo

package uv

/*
#include "glue.h"
*/
import "C"

import "time"

// Timer is a libuv timer handle (uv_timer_t): it runs a callback after a
// timeout, and then every repeat interval if one is set. Durations are
// truncated to whole milliseconds, libuv's resolution.
//
// Most code wants Loop.SetTimeout, which follows Node's timer rules and
// shares one Timer among all timeouts; Timer is the raw handle. Loop
// thread only.
type Timer struct {
	handle
	cb func()
}

// NewTimer creates a stopped timer on l.
func NewTimer(l *Loop) (*Timer, error) {
	t := &Timer{}
	if err := t.open(l, KindTimer, t); err != nil {
		return nil, err
	}
	return t, nil
}

// Start arms the timer: cb runs after timeout, then every repeat if repeat
// is not zero. Starting an active timer restarts it.
func (t *Timer) Start(timeout, repeat time.Duration, cb func()) error {
	if err := t.live(); err != nil {
		return err
	}
	t.cb = cb
	return newError(C.uvgo_timer_start(t.ptr, C.uint64_t(timeout.Milliseconds()), C.uint64_t(repeat.Milliseconds())), "uv_timer_start")
}

// Stop stops the timer; its callback will not run.
func (t *Timer) Stop() error {
	if err := t.live(); err != nil {
		return err
	}
	return newError(C.uv_timer_stop((*C.uv_timer_t)(unsafePtr(t.ptr))), "uv_timer_stop")
}

// Again restarts a repeating timer with its repeat value as the timeout
// (uv_timer_again). It fails with EINVAL if the timer was never started.
func (t *Timer) Again() error {
	if err := t.live(); err != nil {
		return err
	}
	return newError(C.uv_timer_again((*C.uv_timer_t)(unsafePtr(t.ptr))), "uv_timer_again")
}

// SetRepeat changes the repeat interval; it takes effect at the next expiry.
func (t *Timer) SetRepeat(repeat time.Duration) {
	if t.live() == nil {
		C.uv_timer_set_repeat((*C.uv_timer_t)(unsafePtr(t.ptr)), C.uint64_t(repeat.Milliseconds()))
	}
}

// Repeat returns the repeat interval.
func (t *Timer) Repeat() time.Duration {
	if t.live() != nil {
		return 0
	}
	return time.Duration(C.uv_timer_get_repeat((*C.uv_timer_t)(unsafePtr(t.ptr)))) * time.Millisecond
}

// DueIn returns how long until the timer fires; zero if it is not active.
func (t *Timer) DueIn() time.Duration {
	if t.live() != nil {
		return 0
	}
	return time.Duration(C.uv_timer_get_due_in((*C.uv_timer_t)(unsafePtr(t.ptr)))) * time.Millisecond
}

func (t *Timer) onCallback() { t.fire(t.cb) }
