package stream

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Node's encodings, by their normalised names (Node's
// normalizeEncoding): what Buffer.from(string, enc), buf.toString(enc)
// and StringDecoder accept.
const (
	encUTF8      = "utf8"
	encUTF16LE   = "utf16le"
	encLatin1    = "latin1"
	encASCII     = "ascii"
	encBase64    = "base64"
	encBase64URL = "base64url"
	encHex       = "hex"
)

// normEncoding returns Node's name for enc ("UTF-8" is "utf8", "binary"
// is "latin1", "ucs2" is "utf16le"; "" is "utf8"), and false for an
// encoding Node does not know.
func normEncoding(enc string) (string, bool) {
	switch enc {
	case "utf8", "":
		return encUTF8, true
	case encHex, encBase64, encBase64URL, encLatin1, encASCII, encUTF16LE:
		return enc, true
	}
	switch strings.ToLower(enc) {
	case "utf8", "utf-8":
		return encUTF8, true
	case "ucs2", "ucs-2", "utf16le", "utf-16le":
		return encUTF16LE, true
	case "latin1", "binary":
		return encLatin1, true
	case "ascii":
		return encASCII, true
	case "base64":
		return encBase64, true
	case "base64url":
		return encBase64URL, true
	case "hex":
		return encHex, true
	}
	return "", false
}

// mustEncoding is normEncoding for an encoding given where Node throws
// ERR_UNKNOWN_ENCODING synchronously: an unknown one panics with it.
func mustEncoding(enc string) string {
	n, ok := normEncoding(enc)
	if !ok {
		panic(unknownEncoding(enc))
	}
	return n
}

// encodeString is Buffer.from(s, enc) for a normalised enc. Go strings
// are UTF-8; the encodings that work on JavaScript's UTF-16 code units
// (latin1, ascii, utf16le) take them from s's runes.
func encodeString(s, enc string) []byte {
	switch enc {
	case encUTF8, "", "buffer":
		return []byte(s)
	case encLatin1, encASCII:
		// Node keeps the low byte of each UTF-16 code unit for both.
		out := make([]byte, 0, len(s))
		for _, u := range utf16.Encode([]rune(s)) {
			out = append(out, byte(u))
		}
		return out
	case encUTF16LE:
		units := utf16.Encode([]rune(s))
		out := make([]byte, 2*len(units))
		for i, u := range units {
			out[2*i], out[2*i+1] = byte(u), byte(u>>8)
		}
		return out
	case encHex:
		// Pairs of hex digits up to the first that is not one.
		out := make([]byte, 0, len(s)/2)
		for i := 0; i+1 < len(s); i += 2 {
			hi, ok1 := unhex(s[i])
			lo, ok2 := unhex(s[i+1])
			if !ok1 || !ok2 {
				break
			}
			out = append(out, hi<<4|lo)
		}
		return out
	case encBase64, encBase64URL:
		return decodeBase64Loose(s)
	}
	return []byte(s)
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeBase64Loose decodes base64 or base64url the way Node does: both
// alphabets, padding optional, characters outside the alphabet skipped,
// stopping at the first '='.
func decodeBase64Loose(s string) []byte {
	out := make([]byte, 0, len(s)*3/4)
	var acc uint32
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v byte
		switch {
		case 'A' <= c && c <= 'Z':
			v = c - 'A'
		case 'a' <= c && c <= 'z':
			v = c - 'a' + 26
		case '0' <= c && c <= '9':
			v = c - '0' + 52
		case c == '+' || c == '-':
			v = 62
		case c == '/' || c == '_':
			v = 63
		case c == '=':
			i = len(s)
			continue
		default:
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	return out
}

// decodeBytes is buf.toString(enc) for a normalised enc.
func decodeBytes(b []byte, enc string) string {
	switch enc {
	case encLatin1:
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r)
	case encASCII:
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c & 0x7f)
		}
		return string(r)
	case encUTF16LE:
		units := make([]uint16, len(b)/2)
		for i := range units {
			units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		return string(utf16.Decode(units))
	case encHex:
		return hex.EncodeToString(b)
	case encBase64:
		return base64.StdEncoding.EncodeToString(b)
	case encBase64URL:
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return toValidUTF8(b)
}

// decoder is Node's StringDecoder: bytes in, text out, holding back the
// bytes of a character (or base64 group) split across writes until the
// rest arrives or the stream ends.
type decoder interface {
	write(b []byte) string
	end() string
}

// newDecoder returns the StringDecoder of a normalised encoding.
func newDecoder(enc string) decoder {
	switch enc {
	case encUTF16LE:
		return &utf16Decoder{}
	case encBase64, encBase64URL:
		return &base64Decoder{enc: enc}
	case encHex, encLatin1, encASCII:
		return plainDecoder(enc)
	}
	return &utf8Decoder{}
}

// plainDecoder decodes encodings without multi-byte units.
type plainDecoder string

func (d plainDecoder) write(b []byte) string { return decodeBytes(b, string(d)) }
func (d plainDecoder) end() string           { return "" }

// utf16Decoder holds back an odd byte, and a high surrogate waiting for
// its pair.
type utf16Decoder struct{ pending []byte }

func (d *utf16Decoder) write(b []byte) string {
	if len(d.pending) > 0 {
		b = append(d.pending, b...)
		d.pending = nil
	}
	cut := len(b) &^ 1
	if cut >= 2 {
		if u := uint16(b[cut-2]) | uint16(b[cut-1])<<8; u >= 0xD800 && u <= 0xDBFF {
			cut -= 2
		}
	}
	if cut < len(b) {
		d.pending = append([]byte(nil), b[cut:]...)
	}
	return decodeBytes(b[:cut], encUTF16LE)
}

func (d *utf16Decoder) end() string {
	p := d.pending
	d.pending = nil
	return decodeBytes(p, encUTF16LE)
}

// base64Decoder encodes whole 3-byte groups as they come and the rest at
// the end (with padding for base64, none for base64url).
type base64Decoder struct {
	enc     string
	pending []byte
}

func (d *base64Decoder) write(b []byte) string {
	if len(d.pending) > 0 {
		b = append(d.pending, b...)
		d.pending = nil
	}
	cut := len(b) - len(b)%3
	if cut < len(b) {
		d.pending = append([]byte(nil), b[cut:]...)
	}
	return decodeBytes(b[:cut], d.enc)
}

func (d *base64Decoder) end() string {
	p := d.pending
	d.pending = nil
	return decodeBytes(p, d.enc)
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

// toValidUTF8 replaces invalid sequences with U+FFFD as Node (V8, the
// WHATWG decoder) does: one U+FFFD per maximal subpart, so a truncated
// three-byte sequence is one replacement character, not two.
func toValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r != utf8.RuneError || n > 1 {
			out = append(out, b[:n]...)
			b = b[n:]
			continue
		}
		out = utf8.AppendRune(out, utf8.RuneError)
		b = b[maximalSubpart(b):]
	}
	return string(out)
}

// maximalSubpart returns how many bytes at the start of b (which does not
// start with a valid sequence) one U+FFFD replaces: the lead byte and the
// continuation bytes that could still have completed it.
func maximalSubpart(b []byte) int {
	c := b[0]
	var need int
	lo, hi := byte(0x80), byte(0xBF) // the range of the first continuation
	switch {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c >= 0xE1 && c <= 0xEC, c == 0xEE, c == 0xEF:
		need = 2
	case c == 0xED:
		need, hi = 2, 0x9F
	case c == 0xF0:
		need, lo = 3, 0x90
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	case c == 0xF4:
		need, hi = 3, 0x8F
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(b); n++ {
		if b[n] < lo || b[n] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return n
}
