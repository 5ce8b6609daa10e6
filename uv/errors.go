//go:build cgo

package uv

/*
#include "glue.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"io"
	"syscall"
)

// Error is an error reported by libuv. Code is libuv's (negative) error
// code; Syscall, when set, names the operation that failed, as Node's
// err.syscall does ("bind", "connect", "read", ...).
//
// On Unix libuv's codes are negated errno values, so Error unwraps to the
// matching syscall.Errno and errors.Is(err, syscall.EADDRINUSE) works.
// UV_EOF unwraps to io.EOF.
type Error struct {
	Code    int
	Syscall string
}

// EOF is libuv's end-of-stream code (UV_EOF).
const EOF = int(C.UV_EOF)

// Name returns libuv's name for the code, such as "EADDRINUSE".
func (e *Error) Name() string { return C.GoString(C.uv_err_name(C.int(e.Code))) }

// Message returns libuv's description of the code, such as
// "address already in use".
func (e *Error) Message() string { return C.GoString(C.uv_strerror(C.int(e.Code))) }

// Error formats the error the way Node prints a system error's message:
// "bind EADDRINUSE: address already in use", or without the syscall
// prefix when none is known.
func (e *Error) Error() string {
	if e.Syscall != "" {
		return fmt.Sprintf("%s %s: %s", e.Syscall, e.Name(), e.Message())
	}
	return fmt.Sprintf("%s: %s", e.Name(), e.Message())
}

// Unwrap returns the syscall.Errno behind the code (or io.EOF for UV_EOF),
// or nil for libuv-only codes such as getaddrinfo errors.
func (e *Error) Unwrap() error {
	switch {
	case e.Code == EOF:
		return io.EOF
	case e.Code < 0 && e.Code > -1000:
		return syscall.Errno(-e.Code)
	}
	return nil
}

// Is reports whether target is an *Error with the same code, so
// errors.Is(err, &uv.Error{Code: c}) matches regardless of Syscall.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// newError turns a libuv return value into an error: nil for r >= 0.
func newError(r C.int, syscall string) error {
	if r >= 0 {
		return nil
	}
	return &Error{Code: int(r), Syscall: syscall}
}

// Sentinel errors for misuse of the API.
var (
	// ErrClosed is returned by a method of a handle that is closing or
	// closed.
	ErrClosed = errors.New("uv: handle is closed")
	// ErrLoopClosed is returned when a closed loop is used, including by
	// Post after Close.
	ErrLoopClosed = errors.New("uv: loop is closed")
	// ErrLoopRunning is returned by Run when the loop is already running,
	// and by Close when called while it runs.
	ErrLoopRunning = errors.New("uv: loop is already running")
	// ErrBadAddress is returned when a host is not an IP address literal.
	ErrBadAddress = errors.New("uv: not an IP address")
)

// Origin says where an uncaught exception came from: the second
// argument of Node's 'uncaughtException' listener.
type Origin string

// The origins Node reports.
const (
	// OriginUncaughtException: a callback (timer, immediate, tick,
	// microtask, I/O callback, Work's function...) panicked.
	OriginUncaughtException Origin = "uncaughtException"
	// OriginUnhandledRejection: a rejection nobody handled, raised by a
	// package built on uv through Loop.RaiseUncaught.
	OriginUnhandledRejection Origin = "unhandledRejection"
)

// UncaughtError is the value Run panics with when a callback on the loop
// panicked (or an 'error' event had no listener) and no uncaught-exception
// handler was installed: the Go form of Node's crash. It is also what a
// handler set by SetUncaughtErrorHandler receives, and what Close returns
// for a panicking close callback. Value is what the callback panicked
// with (for Work, the work function's original value), Origin where it
// came from and Stack the stack at that point (for Work, the worker's).
type UncaughtError struct {
	Value  any
	Origin Origin
	Stack  []byte
}

// Error includes the original value and the stack where it was raised.
func (u *UncaughtError) Error() string {
	return fmt.Sprintf("uv: uncaught panic on the loop: %v\n\noriginal stack:\n%s", u.Value, u.Stack)
}

// Unwrap returns Value when it is an error.
func (u *UncaughtError) Unwrap() error {
	err, _ := u.Value.(error)
	return err
}
