package stream

import (
	"fmt"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/nodeerr"
)

// Node's stream error codes, as sentinels: errors.Is(err, ErrWriteAfterEnd)
// matches every error with that code. The messages are Node's.
var (
	ErrWriteAfterEnd        = nodeerr.New("ERR_STREAM_WRITE_AFTER_END", "write after end")
	ErrDestroyed            = nodeerr.New("ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed")
	ErrAlreadyFinished      = nodeerr.New("ERR_STREAM_ALREADY_FINISHED", "Cannot call end after a stream was finished")
	ErrNullValues           = nodeerr.NewKind("TypeError", "ERR_STREAM_NULL_VALUES", "May not write null values to stream")
	ErrInvalidArgType       = nodeerr.NewKind("TypeError", "ERR_INVALID_ARG_TYPE", `The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView.`)
	ErrMultipleCallback     = nodeerr.New("ERR_MULTIPLE_CALLBACK", "Callback called multiple times")
	ErrPushAfterEOF         = nodeerr.New("ERR_STREAM_PUSH_AFTER_EOF", "stream.push() after EOF")
	ErrUnshiftAfterEnd      = nodeerr.New("ERR_STREAM_UNSHIFT_AFTER_END_EVENT", "stream.unshift() after end event")
	ErrPrematureClose       = nodeerr.New("ERR_STREAM_PREMATURE_CLOSE", "Premature close")
	ErrCannotPipe           = nodeerr.New("ERR_STREAM_CANNOT_PIPE", "Cannot pipe, not readable")
	ErrMethodNotImplemented = nodeerr.New("ERR_METHOD_NOT_IMPLEMENTED", "The _write() method is not implemented")
	ErrMissingArgs          = nodeerr.NewKind("TypeError", "ERR_MISSING_ARGS", `The "streams" argument must be specified`)
	ErrInvalidArgValue      = nodeerr.NewKind("TypeError", "ERR_INVALID_ARG_VALUE", "invalid highWaterMark")
	ErrOutOfRange           = nodeerr.NewKind("RangeError", "ERR_OUT_OF_RANGE", `The value of "size" is out of range. It must be <= 1GiB.`)
	ErrUnknownEncoding      = nodeerr.NewKind("TypeError", "ERR_UNKNOWN_ENCODING", "Unknown encoding")
)

// destroyedErr is ERR_STREAM_DESTROYED for the given method (write, end, pipe).
func destroyedErr(method string) error {
	return nodeerr.New("ERR_STREAM_DESTROYED", fmt.Sprintf("Cannot call %s after a stream was destroyed", method))
}

func notImplemented(method string) error {
	return nodeerr.New("ERR_METHOD_NOT_IMPLEMENTED", fmt.Sprintf("The %s method is not implemented", method))
}

func unknownEncoding(enc string) error {
	return nodeerr.NewKind("TypeError", "ERR_UNKNOWN_ENCODING", "Unknown encoding: "+enc)
}

// ErrorCode returns err's Node error code ("ERR_STREAM_PREMATURE_CLOSE"),
// or "" when it has none; it is events.ErrorCode, here for convenience.
func ErrorCode(err error) string { return events.ErrorCode(err) }
