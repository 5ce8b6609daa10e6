package stream

// Chunk is one unit of data in a stream: bytes in byte mode (Data), a
// string when strings are kept as strings (String, with its Encoding), or
// any value in object mode (Value).
//
// The bytes of a Chunk handed to a stream's implementation (Write, or a
// 'data' listener) belong to the stream for the duration of the call;
// keep them longer only if the producer said they are not reused (uvgo's
// sockets push chunks that are never reused once user code can see them:
// see "Buffer loans" in the package doc).
type Chunk struct {
	Data     []byte
	String   string
	Encoding string // "buffer" for Data, else the encoding of String
	Value    any
	isStr    bool
	isObj    bool
	// lent is the lender of a pooled buffer that only the stream
	// machinery has seen (Readable.PushLent): set on the chunk a pipe
	// hands to a destination that releases its chunks.
	lent Lender
}

// Lender takes back a buffer it lent to a Readable (PushLent). Return is
// called at most once per loan, when the last reader is done with the
// bytes; a loan that reached user code is never returned (the garbage
// collector frees the buffer once user code drops it, as for any chunk).
type Lender interface{ Return() }

// Release tells the chunk's lender that the destination is done with its
// bytes: a Write implementation of a Writable created with
// ReleasesChunks calls it once the bytes are written or copied. It does
// nothing for other chunks, and at most once per loan.
func (c Chunk) Release() {
	if c.lent != nil {
		c.lent.Return()
	}
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

// Bytes returns the chunk's bytes: a string chunk is encoded in its
// Encoding (Node's Buffer.from(string, encoding): "hex" text gives the
// bytes it spells, "utf8" its UTF-8). A string chunk with an encoding
// Node does not know panics with ERR_UNKNOWN_ENCODING.
func (c Chunk) Bytes() []byte {
	if c.isStr {
		if c.Encoding == "utf8" || c.Encoding == "buffer" {
			return []byte(c.String)
		}
		return encodeString(c.String, mustEncoding(c.Encoding))
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

// validEncoding reports whether enc is one of Node's encodings (any
// spelling Node accepts).
func validEncoding(enc string) bool {
	_, ok := normEncoding(enc)
	return ok
}
