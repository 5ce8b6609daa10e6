// Package llhttp binds Debian's llhttp 8.1 (the parser inside Node) for
// uvgo's HTTP server. Parsing runs entirely in C: llhttp's callbacks
// record tokens (spans as offsets into the buffer being parsed) in a
// scratch array shared by a loop's connections, and Go reads that array
// once per read. Installed as a uv read filter, the parser runs inside the
// read callback before the single call into Go.
//
// # Strictness: one framing validator, not spot checks
//
// Debian's llhttp 8.1 is lenient where Node 20's llhttp 9.3.1 is strict (a
// CR followed by any byte counts as a line end, bare LFs end chunked
// bodies and trailers, obs-fold is unfolded, ...); each difference lets a
// proxy in front and uvgo disagree about where a request ends. Decision:
// rather than spot checks in llhttp's callbacks (which only see one read
// at a time), recorder.c runs one small framing validator over exactly the
// bytes llhttp is given, in step with it, written from RFC 9112's grammar
// and Node 20's observed answers. Its state lives in the parser, so no
// check depends on where a read ends. It owns what 8.1 gets wrong about
// line structure: request line, header and trailer line endings (CRLF
// only; a bare CR or LF is an error, except between messages), obs-fold,
// chunk-size lines (hex size, extensions without whitespace, CRLF), the
// CRLF after chunk data, and the end of the trailers. The framing of a
// body (chunked, Content-Length, none) comes from llhttp when it pauses at
// headers complete; the validator then counts body bytes itself.
//
// What is about single header values or the URL stays in llhttp's
// callbacks, whose spans arrive in order whatever the reads: URL bytes
// Node refuses (TAB, form feed, bytes >= 0x80), whitespace in header
// names, Content-Length and Transfer-Encoding together (either order) and
// either of them in trailers.
//
// Two things are hidden from llhttp 8.1 because it refuses what 9.3
// accepts: chunk extensions (the validator checks their grammar and
// counts their bytes against Node's 16 KiB limit, and llhttp sees the
// chunk-size line without them), and the QUERY method (llhttp sees
// PATCH, same length and body rules; a "QUERY " split across reads is held
// back in the parser until it is complete).
//
// Errors carry llhttp's error numbers (the same in 8.1 and 9.3) and
// Node's reason text, so 'clientError' reports what Node reports. The
// cost is one byte loop over the header section (as the bare-LF scan it
// replaces) and none per body byte (body bytes are counted, not looked at).
//
// Memory: a Parser is C memory (calloc), freed by Free. Token spans refer
// to the buffer that was parsed; they are valid while that buffer is.
package llhttp

/*
#cgo CFLAGS: -I/usr/share/llhttp -I/usr/share/include/llhttp -I${SRCDIR}/../../../third_party/llhttp -O2
#cgo noescape uvgo_http_filter
#cgo nocallback uvgo_http_filter
#cgo nocallback uvgo_http_parser_new
#cgo nocallback uvgo_http_parser_new_response
#cgo nocallback uvgo_http_parser_free
#cgo nocallback uvgo_http_parser_reset
#cgo nocallback uvgo_http_scratch_new
#cgo nocallback uvgo_http_scratch_free
#cgo nocallback uvgo_http_resume_after_upgrade
#cgo nocallback llhttp_errno_name
#cgo nocallback llhttp_method_name
#include <stdlib.h>
#include "recorder.h"
*/
import "C"

import "unsafe"

// Token kinds.
const (
	TBegin       uint32 = C.UVGO_T_BEGIN
	TURL         uint32 = C.UVGO_T_URL
	TField       uint32 = C.UVGO_T_FIELD
	TValue       uint32 = C.UVGO_T_VALUE
	TFieldDone   uint32 = C.UVGO_T_FIELD_DONE
	TValueDone   uint32 = C.UVGO_T_VALUE_DONE
	THeadersDone uint32 = C.UVGO_T_HEADERS_DONE
	TBody        uint32 = C.UVGO_T_BODY
	TMessageDone uint32 = C.UVGO_T_MESSAGE_DONE
	TChunkHeader uint32 = C.UVGO_T_CHUNK_HEADER
	TChunkDone   uint32 = C.UVGO_T_CHUNK_DONE
	TError       uint32 = C.UVGO_T_ERROR
	TUpgrade     uint32 = C.UVGO_T_UPGRADE
	TEOF         uint32 = C.UVGO_T_EOF
	TReadError   uint32 = C.UVGO_T_READ_ERROR
	TStatus      uint32 = C.UVGO_T_STATUS // response mode: the reason phrase
)

// What a response answers (Parser.SetExpect): Node's client decides the
// body and the upgrade from the request's method.
const (
	ExpectNormal  = C.UVGO_EXPECT_NORMAL
	ExpectHead    = C.UVGO_EXPECT_HEAD    // no body whatever the headers say
	ExpectConnect = C.UVGO_EXPECT_CONNECT // the response ends HTTP (as an upgrade)
)

// Error codes of Node's limits, which are not llhttp errors.
const (
	EHeaderOverflow   = C.UVGO_E_HEADER_OVERFLOW
	EChunkExtOverflow = C.UVGO_E_CHUNK_EXT_OVERFLOW
)

var ownNames = map[uint64]string{
	EHeaderOverflow:   "HPE_HEADER_OVERFLOW",
	EChunkExtOverflow: "HPE_CHUNK_EXTENSIONS_OVERFLOW",
}

// llhttp error numbers uvgo's server looks at.
const (
	HPEOK                = C.HPE_OK
	HPEClosedConnection  = C.HPE_CLOSED_CONNECTION
	HPEInvalidEOFState   = C.HPE_INVALID_EOF_STATE
	HPEPausedUpgrade     = C.HPE_PAUSED_UPGRADE
	HPEPausedH2Upgrade   = C.HPE_PAUSED_H2_UPGRADE
	HPEInvalidTransferEn = C.HPE_INVALID_TRANSFER_ENCODING
)

// Header flags (the F_* bits of llhttp), in HeadersInfo.Flags.
const (
	FConnectionKeepAlive = C.F_CONNECTION_KEEP_ALIVE
	FConnectionClose     = C.F_CONNECTION_CLOSE
	FConnectionUpgrade   = C.F_CONNECTION_UPGRADE
	FChunked             = C.F_CHUNKED
	FUpgrade             = C.F_UPGRADE
	FContentLength       = C.F_CONTENT_LENGTH
	FTransferEncoding    = C.F_TRANSFER_ENCODING
	FSkipBody            = C.F_SKIPBODY
)

// Token is one recorded parser event. It mirrors uvgo_tok.
type Token struct {
	Kind uint32
	Off  uint32
	Len  uint32
	_    uint32
	Val  uint64
}

// HeadersInfo unpacks a THeadersDone token's value.
type HeadersInfo struct {
	Method       uint8
	Major, Minor uint8
	KeepAlive    bool
	Upgrade      bool
	Flags        uint16
	// Status is a response's status code (response mode; 0 for requests).
	Status uint16
}

// Headers decodes t.Val of a THeadersDone token.
func (t Token) Headers() HeadersInfo {
	v := t.Val
	return HeadersInfo{
		Method:    uint8(v),
		Major:     uint8(v >> 8),
		Minor:     uint8(v >> 16),
		KeepAlive: v>>24&1 == 1,
		Upgrade:   v>>25&1 == 1,
		Flags:     uint16(v >> 32),
		Status:    uint16(v >> 48),
	}
}

// Scratch is the token array a loop's parsers share (one read is parsed
// at a time on a loop).
type Scratch struct{ c *C.uvgo_http_scratch }

// NewScratch allocates a scratch array (C memory).
func NewScratch() *Scratch { return &Scratch{c: C.uvgo_http_scratch_new()} }

// Free releases the scratch array.
func (s *Scratch) Free() {
	if s.c != nil {
		C.uvgo_http_scratch_free(s.c)
		s.c = nil
	}
}

// Tokens returns the tokens of the last parse. The slice points into C
// memory and is valid until the next parse on this scratch.
func (s *Scratch) Tokens() []Token {
	if s.c.n == 0 {
		return nil
	}
	return unsafe.Slice((*Token)(unsafe.Pointer(s.c.toks)), int(s.c.n))
}

// Parser is one connection's llhttp request parser (C memory).
type Parser struct{ c *C.uvgo_http_parser }

// NewParser allocates a request parser that records into s and fails with
// EHeaderOverflow when a message's URL and header bytes reach
// maxHeaderBytes (0: no limit).
func NewParser(s *Scratch, maxHeaderBytes int) *Parser {
	return &Parser{c: C.uvgo_http_parser_new(s.c, C.uint32_t(maxHeaderBytes))}
}

// NewResponseParser allocates a response parser (an HTTP client's): the
// same recorder and validator as a request parser's, with a status line
// (its reason phrase as TStatus spans) and the response rules of Node's
// client: see SetExpect. A body delimited by the connection's close
// completes at Finish.
func NewResponseParser(s *Scratch, maxHeaderBytes int) *Parser {
	return &Parser{c: C.uvgo_http_parser_new_response(s.c, C.uint32_t(maxHeaderBytes))}
}

// SetExpect tells a response parser what the next response answers
// (ExpectNormal, ExpectHead, ExpectConnect), before the request is sent.
func (p *Parser) SetExpect(e int) { p.c.expect = C.uint8_t(e) }

// Free releases the parser.
func (p *Parser) Free() {
	if p.c != nil {
		C.uvgo_http_parser_free(p.c)
		p.c = nil
	}
}

// Reset returns the parser to its initial state.
func (p *Parser) Reset() { C.uvgo_http_parser_reset(p.c) }

// ErrorReason returns Node's reason text for the last error this parser
// reported (a TError token, or a TEOF token with a non-zero code), such as
// "Invalid method encountered"; "" when there is none.
func (p *Parser) ErrorReason() string {
	if p.c == nil || p.c.reason == nil {
		return ""
	}
	return C.GoString(p.c.reason)
}

// ResumeAfterUpgrade lets the parser continue after an upgrade pause.
func (p *Parser) ResumeAfterUpgrade() { C.uvgo_http_resume_after_upgrade(p.c) }

// Filter returns the C read filter and its context, for uv.TCP.SetReadFilter.
func (p *Parser) Filter() (fn, ctx unsafe.Pointer) {
	return unsafe.Pointer(C.uvgo_http_filter), unsafe.Pointer(p.c)
}

// Execute parses data in process (no socket): what the read filter does
// for a read. Tokens are in the scratch array afterwards. Like the filter,
// it may rewrite a QUERY method in data in place (to PATCH, for llhttp
// 8.1; the method is still reported as QUERY).
func (p *Parser) Execute(data []byte) {
	if len(data) == 0 {
		return
	}
	C.uvgo_http_filter(unsafe.Pointer(p.c), (*C.char)(unsafe.Pointer(&data[0])), C.intptr_t(len(data)))
}

// Finish tells the parser the peer closed (as the filter does on EOF).
func (p *Parser) Finish() { C.uvgo_http_filter(unsafe.Pointer(p.c), nil, -4095) }

// ErrnoName returns llhttp's name for an error number (HPE_INVALID_METHOD),
// or uvgo's own names.
func ErrnoName(code uint64) string {
	if n, ok := ownNames[code]; ok {
		return n
	}
	if code > C.HPE_CB_RESET {
		return "HPE_UNKNOWN"
	}
	return C.GoString(C.llhttp_errno_name(C.llhttp_errno_t(code)))
}

var methodNames [256]string

func init() {
	for m := 0; m <= C.HTTP_FLUSH; m++ {
		methodNames[m] = C.GoString(C.llhttp_method_name(C.llhttp_method_t(m)))
	}
	methodNames[C.UVGO_METHOD_QUERY] = "QUERY"
}

// MethodName returns the method's name ("GET"), from a table built once
// (no C call per request).
func MethodName(m uint8) string { return methodNames[m] }
