//go:build cgo

package uv

/*
#include "glue.h"
*/
import "C"

import "sync"

// Async is a libuv async handle: Send, from any goroutine, wakes the loop
// and runs the callback on it. Several Sends before the loop gets to run
// the callback are coalesced into one call, as in libuv.
//
// Send is safe for concurrent use; every other method is loop thread only.
// To run a function on the loop, Loop.Post is usually simpler.
type Async struct {
	handle
	cb     func()
	mu     sync.Mutex // guards sending against the handle being freed
	closed bool
}

// NewAsync creates an async handle on l that runs cb. A new async handle is
// active and referenced: it keeps the loop alive until closed or unref'd.
func NewAsync(l *Loop, cb func()) (*Async, error) {
	a := &Async{cb: cb}
	if err := a.open(l, KindAsync, a); err != nil {
		return nil, err
	}
	return a, nil
}

// Send wakes the loop to run the callback. Safe for concurrent use.
// It returns ErrClosed once Close has been called.
func (a *Async) Send() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return ErrClosed
	}
	return newError(C.uv_async_send((*C.uv_async_t)(unsafePtr(a.ptr))), "uv_async_send")
}

// Close closes the handle; see the handle lifecycle. After Close, Send
// returns ErrClosed.
func (a *Async) Close(cb func()) {
	a.markClosed()
	a.handle.Close(cb)
}

func (a *Async) markClosed() {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
}

func (a *Async) onCallback() { a.fire(a.cb) }
