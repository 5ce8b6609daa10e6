package http

import "github.com/uvgo/uvgo/http/internal/llhttp"

// ClientError is the error of a 'clientError' event, with the fields of
// Node's parser errors.
type ClientError struct {
	// Code is Node's code: llhttp's (HPE_INVALID_METHOD, HPE_LF_EXPECTED,
	// ...), Node's limits (HPE_HEADER_OVERFLOW, HPE_CHUNK_EXTENSIONS_OVERFLOW)
	// or ERR_HTTP_REQUEST_TIMEOUT.
	Code string
	// Reason is llhttp's reason, as Node 20 reports it ("Invalid method
	// encountered"); empty for a timeout.
	Reason string
	// BytesParsed is where in RawPacket the parser stopped (0 when the
	// peer's end of stream was the error).
	BytesParsed int
	// RawPacket is a copy of the read in which the error was found; nil
	// when the peer's end of stream was the error, or for a timeout.
	RawPacket []byte

	atEOF bool
}

// Error returns Node's message: "Parse Error: " and the reason; "Parse
// Error" alone for an error at the end of the stream (as Node's
// parser.finish() reports it); "Request timeout" for a timeout.
func (e *ClientError) Error() string {
	switch {
	case e.Reason != "" && !e.atEOF:
		return "Parse Error: " + e.Reason
	case e.Code == "ERR_HTTP_REQUEST_TIMEOUT":
		return "Request timeout"
	default:
		return "Parse Error"
	}
}

// cannedReply is Node's socketOnError choice of the response written when
// no 'clientError' listener handles the error: 431 for the header limit,
// 413 for the chunk-extension limit, 408 for a timeout, 400 otherwise.
func cannedReply(code string) []byte {
	switch code {
	case "HPE_HEADER_OVERFLOW":
		return headersTooLarge
	case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
		return payloadTooLarge
	case "ERR_HTTP_REQUEST_TIMEOUT":
		return requestTimeout
	}
	return badRequest
}

// newParseError builds the ClientError of a parser error found in data at
// offset off (data nil: at the end of the stream).
func newParseError(p *llhttp.Parser, code uint64, data []byte, off uint32) *ClientError {
	e := &ClientError{Code: llhttp.ErrnoName(code), Reason: p.ErrorReason()}
	if data != nil {
		e.BytesParsed = int(off)
		e.RawPacket = append([]byte(nil), data...)
	} else {
		e.atEOF = true
	}
	return e
}
