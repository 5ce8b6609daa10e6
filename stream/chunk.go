package stream

import "unicode/utf8"

// Chunk is one unit of data in a stream: bytes in byte mode (Data), a
// string when strings are kept as strings (String, with its Encoding), or
// any value in object mode (Value).
//
// The bytes of a Chunk handed to a stream's implementation (Write, or a
// 'data' listener) belong to the stream for the duration of the call;
// keep them longer only if the producer said they are not reused (uvgo's
// sockets copy what they push).
type Chunk struct {
	Data     []byte
	String   string
	Encoding string // "buffer" for Data, else the encoding of String
	Value    any
	isStr    bool
	isObj    bool
}

// BytesChunk returns a byte chunk.
func BytesChunk(b []byte) Chunk { return Chunk{Data: b, Encoding: "buffer"} }

// StringChunk returns a string chunk with the given encoding ("utf8" when
// empty).
func StringChunk(s, enc string) Chunk {
	if enc == "" {
		enc = "utf8"
	}
	return Chunk{String: s, Encoding: enc, isStr: true}
}

// ValueChunk returns an object-mode chunk.
func ValueChunk(v any) Chunk { return Chunk{Value: v, isObj: true} }

// IsString reports whether the chunk is a string chunk.
func (c Chunk) IsString() bool { return c.isStr }

// IsValue reports whether the chunk is an object-mode value.
func (c Chunk) IsValue() bool { return c.isObj }

// Len is the chunk's length in byte mode: bytes, or the string's length
// in UTF-16 code units (JavaScript's string length) for string chunks.
func (c Chunk) Len() int {
	if c.isStr {
		return jsLen(c.String)
	}
	return len(c.Data)
}

// Any returns the chunk as a plain value: []byte, string or the object.
func (c Chunk) Any() any {
	switch {
	case c.isObj:
		return c.Value
	case c.isStr:
		return c.String
	}
	return c.Data
}

// Bytes returns the chunk's bytes (a string chunk converted).
func (c Chunk) Bytes() []byte {
	if c.isStr {
		return []byte(c.String)
	}
	return c.Data
}

// jsLen is the length of s in UTF-16 code units.
func jsLen(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// validEncoding reports whether enc is an encoding uvgo streams support
// for strings: utf8 (and its aliases) and latin1/binary, ascii, hex,
// base64 are recognised by name; strings are kept as UTF-8 in Go.
func validEncoding(enc string) bool {
	switch enc {
	case "utf8", "utf-8", "buffer", "latin1", "binary", "ascii", "hex", "base64", "base64url", "ucs2", "ucs-2", "utf16le", "utf-16le":
		return true
	}
	return false
}

// utf8Decoder is Node's StringDecoder for utf8: it holds back an
// incomplete multi-byte sequence at the end of a write until completed.
type utf8Decoder struct {
	pending []byte
}

func (d *utf8Decoder) write(b []byte) string {
	if len(d.pending) > 0 {
		b = append(d.pending, b...)
		d.pending = nil
	}
	// Find where a trailing incomplete sequence starts.
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		c := b[i]
		if c < 0x80 {
			break
		}
		if c >= 0xC0 { // a leading byte
			need := 2
			if c >= 0xF0 {
				need = 4
			} else if c >= 0xE0 {
				need = 3
			}
			if len(b)-i < need {
				cut = i
			}
			break
		}
	}
	if cut < len(b) {
		d.pending = append([]byte(nil), b[cut:]...)
	}
	return toValidUTF8(b[:cut])
}

func (d *utf8Decoder) end() string {
	if len(d.pending) == 0 {
		return ""
	}
	p := d.pending
	d.pending = nil
	return toValidUTF8(p)
}

// toValidUTF8 replaces invalid sequences with U+FFFD, as Node's decoder
// does.
func toValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]rune, 0, len(b))
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		out = append(out, r)
		b = b[n:]
	}
	return string(out)
}
