package stream

import (
	"github.com/uvgo/uvgo/events"
)

// Read-side state bits.
const (
	rFlowing uint32 = sLast << iota
	rHasFlowing
	rEnded
	rEndEmitted
	rReading
	rNeedReadable
	rEmittedReadable
	rReadableListening
	rResumeScheduled
	rPaused
	rHasPaused
	rDataEmitted
	rReadingMore
	rDataListening
	rDisabled // a Duplex side created with readable: false
	rFlowRead // flow() is reading: the chunk read goes to 'data' only
)

type readState struct {
	side
	buffer     []Chunk
	bufIdx     int
	pipes      []WritableStream
	awaitDrain map[WritableStream]bool
	decoder    decoder
	encoding   string
	read       func(r *Readable, n int)
	// lending is the lender of the chunk 'data' is being emitted with,
	// when only the stream machinery sees that chunk (emitData).
	lending Lender
}

// ReadableOptions configure a Readable (Node's new Readable(options)).
// Every field's zero value is Node's default.
type ReadableOptions struct {
	// HighWaterMark is how much the stream buffers ahead: bytes, or objects
	// in object mode. 0 means the default (16 KiB, or 16 objects); HWMZero
	// means 0 (no read-ahead).
	HighWaterMark int
	ObjectMode    bool
	// Encoding makes 'data' and Read yield strings decoded in it: any of
	// Node's encodings (utf8, hex, base64, base64url, latin1/binary,
	// ascii, utf16le/ucs2); another panics with ERR_UNKNOWN_ENCODING.
	Encoding           string
	DisableEmitClose   bool
	DisableAutoDestroy bool

	// Read is Node's _read(size): produce data with r.Push (now or later).
	// It is not called again until Push has been called.
	Read func(r *Readable, size int)
	// Destroy is Node's _destroy.
	Destroy func(err error, cb func(error))
	// Construct is Node's _construct.
	Construct func(cb func(error))
}

// Readable is Node 20's stream.Readable. Loop thread only.
//
// Flowing mode starts when a 'data' listener is added (OnData), or with
// Resume or Pipe; Pause stops it. A 'readable' listener takes precedence:
// then data comes out through Read.
type Readable struct {
	*base
}

// WritableStream is a destination for Pipe and Pipeline: every uvgo
// stream with a write side (Writable, Duplex, Transform, net.Socket,
// http.ServerResponse).
type WritableStream interface {
	WritableSide() *Writable
}

// ReadableStream is a source for Pipeline and Finished.
type ReadableStream interface {
	ReadableSide() *Readable
}

var readableShape = []string{events.Close, events.ErrorEvent, events.Data, events.End, events.Readable}

func newReadState(o *ReadableOptions, objectMode bool, hwm int) *readState {
	rs := &readState{}
	initReadState(rs, o, objectMode, hwm)
	return rs
}

func initReadState(rs *readState, o *ReadableOptions, objectMode bool, hwm int) {
	rs.bits = sConstructed | sEmitClose | sAutoDestroy | sSync
	if objectMode {
		rs.set(sObjectMode)
	}
	rs.hwm = hwm
	if o.DisableEmitClose {
		rs.clr(sEmitClose)
	}
	if o.DisableAutoDestroy {
		rs.clr(sAutoDestroy)
	}
	if o.Encoding != "" {
		enc := mustEncoding(o.Encoding)
		rs.decoder = newDecoder(enc)
		rs.encoding = enc
	}
	rs.read = o.Read
}

// NewReadable returns a Readable on loop, implemented by o's functions.
func NewReadable(loop Scheduler, o ReadableOptions) *Readable {
	r := &Readable{}
	InitReadable(r, loop, o, "Readable")
	return r
}

// InitReadable initialises a Readable embedded in another type (as
// http.IncomingMessage embeds one), in place.
func InitReadable(r *Readable, loop Scheduler, o ReadableOptions, typeName string) {
	a := &struct {
		base
		rs readState
	}{}
	b := &a.base
	b.setScheduler(loop)
	b.Emitter.Init(events.Options{TypeName: typeName, Scheduler: loop, Shape: readableShape})
	initReadState(&a.rs, &o, o.ObjectMode, resolveHWM(o.HighWaterMark, o.ObjectMode))
	b.r = &a.rs
	b.destroyImpl, b.constructImpl = o.Destroy, o.Construct
	r.base = b
	b.rd = r
	b.installReadHooks()
	b.construct()
}

// ReadableSide returns r; it makes every stream with a read side a
// ReadableStream.
func (r *Readable) ReadableSide() *Readable { return r }

// installReadHooks gives the emitter Node's Readable.on/removeListener
// overrides. The hooks are methods of readHooks, a view of base, so they
// are not promoted to the exported stream types.
func (b *base) installReadHooks() { b.Emitter.SetHooks((*readHooks)(b)) }

// readHooks is base seen as events.Hooks.
type readHooks base

func (h *readHooks) ListenerAdded(name string) { (*base)(h).onListenerAdded(name) }

func (h *readHooks) ListenerRemoved(name string) {
	b := (*base)(h)
	switch name {
	case events.Readable:
		b.nextTick(tickListening)
	case events.Data:
		if b.ListenerCount(events.Data) == 0 {
			b.r.clr(rDataListening)
		}
	}
}

func (h *readHooks) AllListenersRemoved(name string, all bool) {
	if all || name == events.Readable {
		(*base)(h).nextTick(tickListening)
	}
}

func (b *base) onListenerAdded(name string) {
	rs := b.r
	switch name {
	case events.Data:
		rs.set(rDataListening)
		if b.ListenerCount(events.Readable) > 0 {
			rs.set(rReadableListening)
		}
		if rs.bits&(rHasFlowing|rFlowing) != rHasFlowing {
			b.resume()
		}
	case events.Readable:
		if rs.bits&(rEndEmitted|rReadableListening) == 0 {
			rs.set(rReadableListening | rNeedReadable | rHasFlowing)
			rs.clr(rFlowing | rEmittedReadable)
			if rs.length > 0 {
				b.emitReadable()
			} else if !rs.has(rReading) {
				b.sched.NextTick(func() { b.read(0) })
			}
		}
	}
}

func (b *base) updateReadableListening() {
	rs := b.r
	if b.ListenerCount(events.Readable) > 0 {
		rs.set(rReadableListening)
	} else {
		rs.clr(rReadableListening)
	}
	switch {
	case rs.bits&(rHasPaused|rPaused|rResumeScheduled) == rHasPaused|rResumeScheduled:
		rs.set(rHasFlowing | rFlowing)
	case rs.has(rDataListening):
		b.resume()
	case !rs.has(rReadableListening):
		rs.clr(rHasFlowing | rFlowing)
	}
}

// Push adds p to the read buffer (Node's push(buffer)) and reports whether
// more may be pushed (the buffer is below the high-water mark). The
// stream keeps p: do not reuse it. Pushing an empty slice adds nothing.
func (r *Readable) Push(p []byte) bool {
	r.checkOnLoop("Readable.Push")
	return r.push(BytesChunk(p))
}

// PushLent pushes p, a buffer lent by l (Node's push(buffer) for a
// pooled buffer). If the chunk goes whole to a single pipe destination
// that releases its chunks (WritableOptions.ReleasesChunks), and no other
// code reads it, l.Return runs once the destination is done with the
// bytes, and the lender may reuse the buffer; in every other case the
// chunk is an ordinary one that its readers may keep. See "Buffer loans"
// in the package doc.
func (r *Readable) PushLent(p []byte, l Lender) bool {
	r.checkOnLoop("Readable.PushLent")
	c := BytesChunk(p)
	c.lent = l
	return r.push(c)
}

// OnlyPiped reports whether the chunks r emits now go to one pipe
// destination and to no other reader: the case in which a buffer pushed
// with PushLent can come back to its lender. A producer can use it to
// lend pooled buffers only where they may come back.
func (r *Readable) OnlyPiped() bool {
	rs := r.r
	return len(rs.pipes) == 1 && rs.decoder == nil && !rs.has(sObjectMode) &&
		r.ListenerCount(events.Data) == 1 && r.ListenerCount(events.Readable) == 0
}

// PushString pushes s as utf8 text (Node's push(string)): its bytes, or,
// with an encoding set, the text decoded in that encoding.
func (r *Readable) PushString(s string) bool { return r.push(StringChunk(s, encUTF8)) }

// PushChunk pushes c as it is: bytes, a string in its encoding (Node's
// push(string, encoding); an unknown encoding panics with
// ERR_UNKNOWN_ENCODING), or an object-mode value.
func (r *Readable) PushChunk(c Chunk) bool {
	if c.isObj {
		return r.PushValue(c.Value)
	}
	return r.push(c)
}

// PushValue pushes v in object mode (any value; nil is a value too, use
// PushEOF to end). In byte mode v must be a []byte or a string.
func (r *Readable) PushValue(v any) bool {
	if r.r.has(sObjectMode) {
		return r.push(ValueChunk(v))
	}
	switch x := v.(type) {
	case []byte:
		return r.Push(x)
	case string:
		return r.PushString(x)
	}
	r.errorOrDestroy(ErrInvalidArgType, false)
	return false
}

// PushEOF signals the end of the data (Node's push(null)).
func (r *Readable) PushEOF() bool {
	rs := r.r
	rs.clr(rReading)
	r.onEOFChunk()
	return false
}

// recode is Node's readableAddChunk for a string chunk in byte mode: a
// string in the stream's encoding is kept; another becomes its bytes
// (Buffer.from(s, encoding)), or, put back at the front of a stream with
// an encoding, text in the stream's encoding.
func (rs *readState) recode(c Chunk, front bool) Chunk {
	enc := c.Encoding
	if enc != encUTF8 {
		enc = mustEncoding(enc)
	}
	if enc == rs.encoding {
		return c
	}
	if front && rs.decoder != nil {
		return StringChunk(decodeBytes(encodeString(c.String, enc), rs.encoding), rs.encoding)
	}
	return BytesChunk(encodeString(c.String, enc))
}

func (b *base) push(c Chunk) bool {
	rs := b.r
	if !rs.has(sObjectMode) {
		if c.isStr {
			c = rs.recode(c, false)
		}
		if c.Len() == 0 {
			rs.clr(rReading)
			b.maybeReadMore()
			return rs.canPushMore()
		}
	}
	if rs.has(rEnded) {
		b.errorOrDestroy(ErrPushAfterEOF, false)
		return false
	}
	if rs.bits&(sDestroyed|sErrored) != 0 {
		return false
	}
	rs.clr(rReading)
	if rs.decoder != nil && !rs.has(sObjectMode) && !c.isStr {
		s := rs.decoder.write(c.Data)
		if s == "" {
			b.maybeReadMore()
			return rs.canPushMore()
		}
		c = StringChunk(s, rs.encoding)
	}
	b.addChunk(c, false)
	return rs.canPushMore()
}

// Unshift puts p back at the front of the read buffer. With an encoding
// set, p is taken as utf8 text, as Node joins an unshifted Buffer.
func (r *Readable) Unshift(p []byte) bool { return r.unshift(BytesChunk(p)) }

// UnshiftString puts s, text in encoding enc, back at the front (Node's
// unshift(string, encoding)): as bytes, or as text in the stream's
// encoding when it has one. An unknown encoding panics with
// ERR_UNKNOWN_ENCODING.
func (r *Readable) UnshiftString(s, enc string) bool { return r.unshift(StringChunk(s, enc)) }

// UnshiftValue puts v back at the front (object mode).
func (r *Readable) UnshiftValue(v any) bool { return r.unshift(ValueChunk(v)) }

func (b *base) unshift(c Chunk) bool {
	rs := b.r
	if !rs.has(sObjectMode) {
		if c.isStr {
			c = rs.recode(c, true)
		}
		if rs.decoder != nil && !c.isStr {
			c = StringChunk(string(c.Data), rs.encoding)
		}
		if c.Len() == 0 {
			return rs.canPushMore()
		}
	}
	switch {
	case rs.has(rEndEmitted):
		b.errorOrDestroy(ErrUnshiftAfterEnd, false)
	case rs.bits&(sDestroyed|sErrored) != 0:
		return false
	default:
		b.addChunk(c, true)
	}
	return rs.canPushMore()
}

func (rs *readState) canPushMore() bool {
	return !rs.has(rEnded) && (rs.length < rs.hwm || rs.length == 0)
}

func (rs *readState) chunkLen(c Chunk) int {
	if rs.has(sObjectMode) {
		return 1
	}
	return c.Len()
}

func (b *base) addChunk(c Chunk, front bool) {
	rs := b.r
	if rs.bits&(rFlowing|sSync|rDataListening) == rFlowing|rDataListening && rs.length == 0 {
		clear(rs.awaitDrain)
		rs.set(rDataEmitted)
		b.emitData(c)
	} else {
		rs.length += rs.chunkLen(c)
		if front {
			if rs.bufIdx > 0 {
				rs.bufIdx--
				rs.buffer[rs.bufIdx] = c
			} else {
				rs.buffer = append(rs.buffer, Chunk{})
				copy(rs.buffer[1:], rs.buffer)
				rs.buffer[0] = c
			}
		} else {
			rs.buffer = append(rs.buffer, c)
		}
		if rs.has(rNeedReadable) {
			b.emitReadable()
		}
	}
	b.maybeReadMore()
}

// emitData emits 'data' with the chunk's natural type: []byte in byte
// mode, string with an encoding, the value in object mode.
//
// A lent chunk (PushLent) emitted whole where nobody but 'data' gets it
// (the direct emit of addChunk, or flow), to a single listener, carries
// its lender while that listener runs, for a pipe to pass on (Pipe).
func (b *base) emitData(c Chunk) {
	switch {
	case c.isObj:
		events.Emit1[any](&b.Emitter, events.Data, c.Value)
	case c.isStr:
		events.Emit1(&b.Emitter, events.Data, c.String)
	case c.lent != nil && b.ListenerCount(events.Data) == 1:
		// One listener when the emit starts (one that runs and removes
		// itself, a once, would count too): a pipe's may take the loan.
		rs := b.r
		rs.lending = c.lent
		defer func() { rs.lending = nil }() // a panicking listener leaves none behind
		events.Emit1(&b.Emitter, events.Data, c.Data)
	default:
		events.Emit1(&b.Emitter, events.Data, c.Data)
	}
}

// IsPaused reports whether the stream was paused (or a 'readable'
// listener holds it in paused mode).
func (r *Readable) IsPaused() bool {
	rs := r.r
	return rs.has(rPaused) || rs.bits&(rHasFlowing|rFlowing) == rHasFlowing
}

// SetEncoding makes 'data' and Read yield strings decoded in enc, any of
// Node's encodings: utf8, hex, base64, base64url, latin1 (binary), ascii,
// utf16le (ucs2), in any case. Bytes split across pushes (a multi-byte
// character, a base64 group) are held back until complete, as Node's
// StringDecoder does. Data already buffered is converted. Another
// encoding returns ERR_UNKNOWN_ENCODING (ErrUnknownEncoding), where Node
// throws, and changes nothing.
func (r *Readable) SetEncoding(enc string) error {
	n, ok := normEncoding(enc)
	if !ok {
		return unknownEncoding(enc)
	}
	rs := r.r
	d := newDecoder(n)
	rs.decoder, rs.encoding = d, n
	var content string
	for _, c := range rs.buffer[rs.bufIdx:] {
		if c.isStr {
			content += c.String
		} else {
			content += d.write(c.Data)
		}
	}
	rs.buffer = rs.buffer[:0]
	rs.bufIdx = 0
	if content != "" {
		rs.buffer = append(rs.buffer, StringChunk(content, n))
	}
	rs.length = jsLen(content)
	return nil
}

const maxHWM = 0x40000000

func computeNewHighWaterMark(n int) int {
	if n > maxHWM {
		panic(ErrOutOfRange)
	}
	n--
	n |= n >> 1
	n |= n >> 2
	n |= n >> 4
	n |= n >> 8
	n |= n >> 16
	return n + 1
}

// readAll is Node's "n undefined" (NaN).
const readAll = -1

func (rs *readState) howMuchToRead(n int) int {
	if n == 0 || (rs.length == 0 && rs.has(rEnded)) {
		return 0
	}
	if rs.has(sObjectMode) {
		return 1
	}
	if n == readAll {
		if rs.has(rFlowing) && rs.length > 0 {
			return rs.chunkLen(rs.buffer[rs.bufIdx])
		}
		return rs.length
	}
	if n <= rs.length {
		return n
	}
	if rs.has(rEnded) {
		return rs.length
	}
	return 0
}

// Read returns what is buffered (Node's read()): everything in paused
// mode, one chunk at a time in flowing mode; ok is false when nothing is
// available (Node's null). A chunk returned is also emitted as 'data'.
func (r *Readable) Read() (Chunk, bool) {
	r.checkOnLoop("Readable.Read")
	return r.read(readAll)
}

// ReadN returns exactly n bytes (Node's read(n)), or ok false when fewer
// are buffered and the stream has not ended; after the end, whatever is
// left. ReadN(0) only triggers a fill. n above the high-water mark raises
// it to the next power of two (n over 1 GiB panics with ErrOutOfRange).
func (r *Readable) ReadN(n int) (Chunk, bool) {
	if n < 0 {
		n = readAll
	}
	return r.read(n)
}

func (b *base) read(n int) (Chunk, bool) {
	rs := b.r
	internal := rs.has(rFlowRead) // flow's read: the chunk goes to 'data' only
	rs.clr(rFlowRead)
	nOrig := n
	if n > rs.hwm {
		rs.hwm = computeNewHighWaterMark(n)
	}
	if n != 0 {
		rs.clr(rEmittedReadable)
	}
	if n == 0 && rs.has(rNeedReadable) &&
		((rs.hwm != 0 && rs.length >= rs.hwm) || (rs.hwm == 0 && rs.length > 0) || rs.has(rEnded)) {
		if rs.length == 0 && rs.has(rEnded) {
			b.endReadable()
		} else {
			b.emitReadable()
		}
		return Chunk{}, false
	}
	n = rs.howMuchToRead(n)
	if n == 0 && rs.has(rEnded) {
		if rs.length == 0 {
			b.endReadable()
		}
		return Chunk{}, false
	}
	doRead := rs.has(rNeedReadable)
	if rs.length == 0 || rs.length-n < rs.hwm {
		doRead = true
	}
	if rs.bits&(rReading|rEnded|sDestroyed|sErrored|sConstructed) != sConstructed {
		doRead = false
	} else if doRead {
		rs.set(rReading | sSync)
		if rs.length == 0 {
			rs.set(rNeedReadable)
		}
		if rs.read == nil {
			b.errorOrDestroy(notImplemented("_read()"), false)
		} else {
			rs.read(b.rd, rs.hwm)
		}
		rs.clr(sSync)
		if !rs.has(rReading) {
			n = rs.howMuchToRead(nOrig)
		}
	}
	var ret Chunk
	ok := false
	if n > 0 {
		ret, ok = rs.fromList(n)
	}
	if !ok {
		if rs.length <= rs.hwm {
			rs.set(rNeedReadable)
		}
		n = 0
	} else {
		rs.length -= n
		clear(rs.awaitDrain)
	}
	if rs.length == 0 {
		if !rs.has(rEnded) {
			rs.set(rNeedReadable)
		}
		if nOrig != n && rs.has(rEnded) {
			b.endReadable()
		}
	}
	if ok && rs.bits&(sErrorEmitted|sCloseEmitted) == 0 {
		rs.set(rDataEmitted)
		if !internal {
			ret.lent = nil // the caller of Read gets it too
		}
		b.emitData(ret)
	}
	ret.lent = nil
	return ret, ok
}

// fromList takes n units off the front of the buffer.
func (rs *readState) fromList(n int) (Chunk, bool) {
	if rs.length == 0 {
		return Chunk{}, false
	}
	buf := rs.buffer
	idx := rs.bufIdx
	var ret Chunk
	switch {
	case rs.has(sObjectMode):
		ret = buf[idx]
		buf[idx] = Chunk{}
		idx++
	case n >= rs.length:
		if len(buf)-idx == 1 {
			ret = buf[idx]
			buf[idx] = Chunk{}
			idx++
		} else if rs.decoder != nil {
			var s []byte
			for ; idx < len(buf); idx++ {
				s = append(s, buf[idx].String...)
				buf[idx] = Chunk{}
			}
			ret = StringChunk(string(s), rs.encoding)
		} else {
			out := make([]byte, 0, rs.length)
			for ; idx < len(buf); idx++ {
				out = append(out, buf[idx].Data...)
				buf[idx] = Chunk{}
			}
			ret = BytesChunk(out)
		}
	default:
		ret = rs.takeN(n, &idx)
	}
	if idx == len(buf) {
		clear(rs.buffer)
		rs.buffer = rs.buffer[:0]
		rs.bufIdx = 0
	} else if idx > 1024 {
		rs.buffer = append(rs.buffer[:0], rs.buffer[idx:]...)
		rs.bufIdx = 0
	} else {
		rs.bufIdx = idx
	}
	return ret, true
}

// takeN takes exactly n units (bytes, or UTF-16 units of strings) from
// the front of the buffer, splitting a chunk if needed.
func (rs *readState) takeN(n int, idx *int) Chunk {
	buf := rs.buffer
	if rs.decoder != nil {
		var out []rune
		for *idx < len(buf) && n > 0 {
			rs := []rune(buf[*idx].String)
			take := 0
			for take < len(rs) && n > 0 {
				if rs[take] >= 0x10000 {
					n -= 2
				} else {
					n--
				}
				take++
			}
			out = append(out, rs[:take]...)
			if take == len(rs) {
				buf[*idx] = Chunk{}
				*idx++
			} else {
				buf[*idx] = StringChunk(string(rs[take:]), buf[*idx].Encoding)
			}
		}
		return StringChunk(string(out), rs.encoding)
	}
	first := buf[*idx].Data
	if n < len(first) {
		ret := BytesChunk(first[:n:n])
		buf[*idx] = BytesChunk(first[n:])
		return ret
	}
	if n == len(first) {
		ret := buf[*idx] // whole: a lent chunk stays lent
		buf[*idx] = Chunk{}
		*idx++
		return ret
	}
	out := make([]byte, 0, n)
	for *idx < len(buf) && n > 0 {
		d := buf[*idx].Data
		if len(d) <= n {
			out = append(out, d...)
			n -= len(d)
			buf[*idx] = Chunk{}
			*idx++
		} else {
			out = append(out, d[:n]...)
			buf[*idx] = BytesChunk(d[n:])
			n = 0
		}
	}
	return BytesChunk(out)
}

func (b *base) onEOFChunk() {
	rs := b.r
	if rs.has(rEnded) {
		return
	}
	if rs.decoder != nil {
		if s := rs.decoder.end(); s != "" {
			rs.buffer = append(rs.buffer, StringChunk(s, rs.encoding))
			rs.length += jsLen(s)
		}
	}
	rs.set(rEnded)
	if rs.has(sSync) {
		b.emitReadable()
	} else {
		rs.clr(rNeedReadable)
		rs.set(rEmittedReadable)
		b.emitReadableNT()
	}
}

func (b *base) emitReadable() {
	rs := b.r
	rs.clr(rNeedReadable)
	if !rs.has(rEmittedReadable) {
		rs.set(rEmittedReadable)
		b.nextTick(tickEmitReadable)
	}
}

func (b *base) emitReadableNT() {
	rs := b.r
	if rs.bits&(sDestroyed|sErrored) == 0 && (rs.length > 0 || rs.has(rEnded)) {
		events.Emit0(&b.Emitter, events.Readable)
		rs.clr(rEmittedReadable)
	}
	if rs.bits&(rFlowing|rEnded) == 0 && rs.length <= rs.hwm {
		rs.set(rNeedReadable)
	}
	b.flow()
}

func (b *base) maybeReadMore() {
	rs := b.r
	if rs.bits&(rReadingMore|sConstructed) == sConstructed {
		rs.set(rReadingMore)
		b.nextTick(tickMaybeReadMore)
	}
}

func (b *base) maybeReadMoreNT() {
	rs := b.r
	for rs.bits&(rReading|rEnded) == 0 &&
		(rs.length < rs.hwm || (rs.has(rFlowing) && rs.length == 0)) {
		n := rs.length
		b.read(0)
		if n == rs.length {
			break
		}
	}
	rs.clr(rReadingMore)
}

// Resume switches the stream to flowing mode; the flow itself starts on
// the next tick (with a 'resume' event). With a 'readable' listener
// attached the stream does not flow.
func (r *Readable) Resume() {
	r.checkOnLoop("Readable.Resume")
	r.resume()
}

func (b *base) resume() {
	rs := b.r
	if !rs.has(rFlowing) {
		rs.set(rHasFlowing)
		if !rs.has(rReadableListening) {
			rs.set(rFlowing)
		} else {
			rs.clr(rFlowing)
		}
		if !rs.has(rResumeScheduled) {
			rs.set(rResumeScheduled)
			b.nextTick(tickResume)
		}
	}
	rs.set(rHasPaused)
	rs.clr(rPaused)
}

func (b *base) resumeNT() {
	rs := b.r
	if !rs.has(rReading) {
		b.read(0)
	}
	rs.clr(rResumeScheduled)
	events.Emit0(&b.Emitter, events.Resume)
	b.flow()
	if rs.bits&(rFlowing|rReading) == rFlowing {
		b.read(0)
	}
}

// Pause stops flowing mode; data stays buffered. 'pause' is emitted
// synchronously unless the stream was already paused.
func (r *Readable) Pause() {
	r.checkOnLoop("Readable.Pause")
	r.pause()
}

func (b *base) pause() {
	rs := b.r
	if rs.bits&(rHasFlowing|rFlowing) != rHasFlowing {
		rs.set(rHasFlowing)
		rs.clr(rFlowing)
		events.Emit0(&b.Emitter, events.Pause)
	}
	rs.set(rHasPaused | rPaused)
}

func (b *base) flow() {
	rs := b.r
	for rs.has(rFlowing) {
		rs.set(rFlowRead)
		if _, ok := b.read(readAll); !ok {
			return
		}
	}
}

func (b *base) endReadable() {
	rs := b.r
	if !rs.has(rEndEmitted) {
		rs.set(rEnded)
		b.nextTick(tickEndReadable)
	}
}

func (b *base) endReadableNT() {
	rs := b.r
	if rs.bits&(sErrored|sCloseEmitted|rEndEmitted) != 0 || rs.length != 0 {
		return
	}
	rs.set(rEndEmitted)
	events.Emit0(&b.Emitter, events.End)
	ws := b.w
	if ws != nil && !b.allowHalfOpen && isWritable(ws) {
		b.sched.NextTick(func() {
			if isWritable(ws) && !ws.has(wEnding) && !ws.has(sDestroyed) {
				b.wr.End(nil)
			}
		})
		return
	}
	if rs.has(sAutoDestroy) {
		if ws == nil || (ws.has(sAutoDestroy) && (ws.has(wFinished) || ws.has(wDisabled))) {
			b.Destroy(nil)
		}
	}
}

func isWritable(ws *writeState) bool {
	return !ws.has(wDisabled) && ws.errored == nil && ws.bits&(wEnding|wEnded|sDestroyed) == 0
}

// IsReadable reports whether the stream may still produce data: not
// destroyed, errored or ended (Node's readable property).
func (r *Readable) IsReadable() bool {
	rs := r.r
	return !rs.has(rDisabled) && rs.bits&(sDestroyed|sErrorEmitted|rEndEmitted) == 0
}

// ReadableFlowing returns Node's readableFlowing: known is false while
// it is null (no consumer yet).
func (r *Readable) ReadableFlowing() (flowing, known bool) {
	rs := r.r
	return rs.has(rFlowing), rs.has(rHasFlowing)
}

// ReadableLength returns the buffered length (bytes, objects, or UTF-16
// units of decoded strings).
func (r *Readable) ReadableLength() int { return r.r.length }

// ReadableHighWaterMark returns the high-water mark.
func (r *Readable) ReadableHighWaterMark() int { return r.r.hwm }

// ReadableEnded reports whether 'end' has been emitted.
func (r *Readable) ReadableEnded() bool { return r.r.has(rEndEmitted) }

// ReadableObjectMode reports whether the read side is in object mode.
func (r *Readable) ReadableObjectMode() bool { return r.r.has(sObjectMode) }

// ReadableEncoding returns the encoding set, or "".
func (r *Readable) ReadableEncoding() string { return r.r.encoding }

// ReadableDidRead reports whether 'data' was ever emitted.
func (r *Readable) ReadableDidRead() bool { return r.r.has(rDataEmitted) }

// ReadableAborted reports whether the stream was destroyed or errored
// before 'end'.
func (r *Readable) ReadableAborted() bool {
	rs := r.r
	return !rs.has(rDisabled) && (rs.has(sDestroyed) || rs.errored != nil) && !rs.has(rEndEmitted)
}

// OnData registers fn for 'data' in byte mode; adding it starts the flow
// unless the stream was paused explicitly. The slice is valid only during
// the call unless the producer says otherwise.
func (r *Readable) OnData(fn func([]byte)) *events.Listener {
	return events.On1(&r.Emitter, events.Data, fn)
}

// OnDataString registers fn for 'data' on a stream with an encoding set.
func (r *Readable) OnDataString(fn func(string)) *events.Listener {
	return events.On1(&r.Emitter, events.Data, fn)
}

// OnDataValue registers fn for 'data' in object mode.
func (r *Readable) OnDataValue(fn func(any)) *events.Listener {
	return events.On1(&r.Emitter, events.Data, fn)
}

// OnEnd registers fn for 'end'.
func (r *Readable) OnEnd(fn func()) *events.Listener { return events.On0(&r.Emitter, events.End, fn) }

// OnReadable registers fn for 'readable' (switching to paused mode).
func (r *Readable) OnReadable(fn func()) *events.Listener {
	return events.On0(&r.Emitter, events.Readable, fn)
}

// ReadableBuffer returns the chunks buffered and not yet read, oldest
// first (Node's readableBuffer): a copy.
//
// The chunks it returns are the caller's from then on: none of them goes
// back to a lender (PushLent).
func (r *Readable) ReadableBuffer() []Chunk {
	rs := r.r
	for i := rs.bufIdx; i < len(rs.buffer); i++ {
		rs.buffer[i].lent = nil
	}
	return append([]Chunk(nil), rs.buffer[rs.bufIdx:]...)
}
