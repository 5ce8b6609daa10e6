package events

import "errors"

// CodedError is an error carrying a Node error code (err.code in Node):
// every coded error uvgo returns or emits implements it, and so may an
// application's own errors.
type CodedError interface {
	error
	// NodeCode returns the code, such as "ERR_STREAM_DESTROYED".
	NodeCode() string
}

// ErrorCode returns the Node error code of err, or of the first error in
// its chain that has one (errors.As), or "" when none has (Node's
// err.code being undefined). The sentinels of the packages (for example
// stream.ErrWriteAfterEnd) also match with errors.Is.
func ErrorCode(err error) string {
	var ce CodedError
	if errors.As(err, &ce) {
		return ce.NodeCode()
	}
	return ""
}
