package dns

import (
	"errors"

	"github.com/uvgo/uvgo/uv"
)

// Error codes, as Node's dns module exports them (dns.NOTFOUND, ...).
const (
	NOTFOUND = "ENOTFOUND"
)

// Error is a failed lookup, shaped like Node's: Errno is libuv's code
// (UV_EAI_NONAME, -3008, for a name that does not exist), Code is
// "ENOTFOUND" for a name with no address (EAI_NONAME and EAI_NODATA, as
// Node maps them) and libuv's name otherwise ("EAI_AGAIN", ...), Syscall
// is "getaddrinfo" and Hostname the name looked up. Its message is
// Node's: "getaddrinfo ENOTFOUND no-such-host.invalid".
//
// errors.Is(err, dns.ErrNotFound) matches every ENOTFOUND error.
type Error struct {
	Errno    int
	Code     string
	Syscall  string
	Hostname string
	err      error
}

// ErrNotFound matches (errors.Is) every lookup error with code ENOTFOUND.
var ErrNotFound = &Error{Code: NOTFOUND}

// Error returns Node's message.
func (e *Error) Error() string {
	s := e.Syscall + " " + e.Code
	if e.Hostname != "" {
		s += " " + e.Hostname
	}
	return s
}

// Is matches an *Error with the same Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Unwrap returns the *uv.Error behind the failure, when there is one.
func (e *Error) Unwrap() error { return e.err }

func lookupError(err error, host string) error {
	var ue *uv.Error
	if !errors.As(err, &ue) {
		return err
	}
	code := ue.Name()
	if ue.Code == uv.EAINoName || ue.Code == uv.EAINoData {
		code = NOTFOUND
	}
	return &Error{Errno: ue.Code, Code: code, Syscall: "getaddrinfo", Hostname: host, err: ue}
}
