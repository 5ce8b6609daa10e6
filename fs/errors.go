package fs

import (
	"errors"
	"strings"

	"github.com/uvgo/uvgo/internal/nodeerr"
	"github.com/uvgo/uvgo/uv"
)

// Error is a failed filesystem operation, shaped like the error Node's fs
// gives its callbacks: Errno (libuv's negative code, Node's err.errno),
// Code ("ENOENT"), Syscall ("open", "read", "scandir", ...), Path and, for
// rename, Dest ("" when the operation names no path, as for read and
// close). Its message is Node's:
//
//	ENOENT: no such file or directory, open 'missing.txt'
//	ENOENT: no such file or directory, rename 'a' -> 'b'
//
// Error unwraps to the *uv.Error behind it, which unwraps to the
// syscall.Errno, so errors.Is(err, os.ErrNotExist) and
// errors.Is(err, syscall.ENOENT) both work.
type Error struct {
	Errno   int
	Code    string
	Syscall string
	Path    string
	Dest    string
	err     *uv.Error
}

// Error returns Node's message for the error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	b.WriteString(": ")
	if e.err != nil {
		b.WriteString(e.err.Message())
	} else {
		b.WriteString("unknown error")
	}
	b.WriteString(", ")
	b.WriteString(e.Syscall)
	if e.Path != "" {
		b.WriteString(" '")
		b.WriteString(e.Path)
		b.WriteString("'")
	}
	if e.Dest != "" {
		b.WriteString(" -> '")
		b.WriteString(e.Dest)
		b.WriteString("'")
	}
	return b.String()
}

// Unwrap returns the libuv error (a *uv.Error).
func (e *Error) Unwrap() error {
	if e.err == nil {
		return nil
	}
	return e.err
}

// wrap turns an error from package uv into an *Error naming path and
// dest; other errors (ErrNulInPath, ErrLoopClosed) pass through.
func wrap(err error, path, dest string) error {
	if err == nil {
		return nil
	}
	var ue *uv.Error
	if !errors.As(err, &ue) {
		return err
	}
	return &Error{Errno: ue.Code, Code: ue.Name(), Syscall: ue.Syscall, Path: path, Dest: dest, err: ue}
}

// ErrInvalidArgValue matches (errors.Is) the error a callback gets for
// a path Node would reject with ERR_INVALID_ARG_VALUE: one with a NUL
// byte. Node throws it; fs delivers it to the callback, since paths often
// come from input.
var ErrInvalidArgValue = nodeerr.NewKind("TypeError", "ERR_INVALID_ARG_VALUE", "invalid argument value")

// startErr turns the error of a request that could not start into what
// the callback gets.
func startErr(err error, path, dest string) error {
	if errors.Is(err, uv.ErrNulInPath) {
		return nodeerr.NewKind("TypeError", "ERR_INVALID_ARG_VALUE", "The argument 'path' must be a string, Uint8Array, or URL without null bytes. Received "+quoteJS(path))
	}
	return wrap(err, path, dest)
}

func quoteJS(s string) string {
	return "'" + strings.ReplaceAll(s, "\x00", `\x00`) + "'"
}
