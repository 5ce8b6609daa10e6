// Package nodeerr is the error type behind uvgo's Node-coded errors: an
// error with Node's code (ERR_STREAM_WRITE_AFTER_END) and Node's exact
// message. Packages expose sentinels of this type; errors.Is matches by
// code, so a sentinel matches every error with its code whatever the
// message details.
package nodeerr

// Error is an error carrying a Node error code.
type Error struct {
	Code    string
	Message string
	// Kind is the JavaScript error class Node uses ("Error", "TypeError",
	// "RangeError"), for code that mirrors Node's output.
	Kind string
}

// New returns an Error of class "Error".
func New(code, msg string) *Error { return &Error{Code: code, Message: msg, Kind: "Error"} }

// NewKind returns an Error of the given JavaScript class.
func NewKind(kind, code, msg string) *Error { return &Error{Code: code, Message: msg, Kind: kind} }

// Error returns Node's message.
func (e *Error) Error() string { return e.Message }

// Is matches any *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// NodeCode returns the Node error code; it makes *Error an
// events.CodedError, the public way to read the code.
func (e *Error) NodeCode() string { return e.Code }
