package stream

import (
	"strings"
	"unsafe"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/lent"
)

// Write-side state bits.
const (
	wEnding uint32 = sLast << iota
	wEnded
	wFinished
	wFinalCalled
	wNeedDrain
	wWriting
	wBufferProcessing
	wPrefinished
	wAllBuffers
	wAllNoop
	wDecodeStrings
	wExpectWriteCb
	wAfterWritePending
	wCorked
	wDisabled // a Duplex side created with writable: false
	wBatchOpt // BatchPerTick
	wBatching // a batch is open until the end of this tick
	wReleases // ReleasesChunks
)

type bufEntry struct {
	chunk Chunk
	cb    func(error)
}

type afterWriteInfo struct {
	count int
	cb    func(error)
}

type writeState struct {
	side
	corked          int
	writelen        int
	writecb         func(error)
	buffered        []bufEntry
	bufIdx          int
	pendingcb       int
	afterTick       *afterWriteInfo
	onFinished      []func(error)
	defaultEncoding string
	write           func(chunk Chunk, cb func(error))
	writev          func(chunks []Chunk, cb func(error))
	final           func(cb func(error))
	onwrite         func(error)
	onfinal         func(error) // b.onFinal, made on first use
	saturated       func() bool
}

// WritableOptions configure a Writable (Node's new Writable(options)).
// Every field's zero value is Node's default.
type WritableOptions struct {
	// HighWaterMark is where Write starts returning false: bytes, or
	// objects in object mode. 0 means the default (16 KiB, or 16 objects);
	// HWMZero means 0.
	HighWaterMark int
	ObjectMode    bool
	// DisableDecodeStrings keeps written strings as strings (Node's
	// decodeStrings: false); by default they become bytes.
	DisableDecodeStrings bool
	DefaultEncoding      string // "utf8" when empty
	DisableEmitClose     bool   // Node's emitClose: false
	DisableAutoDestroy   bool   // Node's autoDestroy: false
	// BatchPerTick (uvgo's, not Node's) hands the writes made within one
	// tick to Writev together at the end of the tick, like a cork undone
	// on the next tick, without changing WritableCorked. Sockets use it to
	// turn several writes into one vectored write.
	BatchPerTick bool
	// Saturated (uvgo's, not Node's) reports whether what lies under the
	// stream is at its own high-water mark. Write then returns false (and
	// 'drain' is owed) even while the stream's own buffer is below its
	// mark, so a producer stops when the sink underneath is full, not only
	// when this stream is; and the owed 'drain' waits until the sink is
	// no longer saturated and the implementation calls SinkDrained. http's
	// ServerResponse uses it, since Node's res.write() returns what its
	// socket's write() returns and its 'drain' is the socket's.
	Saturated func() bool
	// ReleasesChunks (uvgo's, not Node's) promises that the Write and
	// Writev implementations call Release on every chunk once they are
	// done with its bytes (written, or copied), and keep no reference to
	// them after that. Only then does a pipe hand the stream chunks whose
	// buffers go back to a pool (Readable.PushLent); uvgo's sockets and
	// HTTP responses set it. Set it only if it is true: a released
	// buffer is reused for other data.
	ReleasesChunks bool

	// Write is Node's _write: write chunk, then call cb (once) with nil or
	// an error. It may call back synchronously.
	Write func(chunk Chunk, cb func(error))
	// Writev is Node's _writev: write several buffered chunks at once.
	Writev func(chunks []Chunk, cb func(error))
	// Final is Node's _final: called once after every write completed,
	// before 'prefinish'.
	Final func(cb func(error))
	// Destroy is Node's _destroy: release resources, then call cb.
	Destroy func(err error, cb func(error))
	// Construct is Node's _construct: called on the next tick; writes
	// wait until it calls back.
	Construct func(cb func(error))
}

// Writable is Node 20's stream.Writable. Loop thread only.
//
// Write returns Node's bool: false once the buffered length reaches the
// high-water mark, and the producer should then wait for 'drain'. A chunk
// larger than the mark is still accepted: only the return value signals
// pressure.
type Writable struct {
	*base
}

func newWriteState(o *WritableOptions, objectMode bool, hwm int) *writeState {
	ws := &writeState{}
	initWriteState(ws, o, objectMode, hwm)
	return ws
}

func initWriteState(ws *writeState, o *WritableOptions, objectMode bool, hwm int) {
	ws.bits = sSync | sConstructed | sEmitClose | sAutoDestroy | wAllBuffers | wAllNoop
	if objectMode {
		ws.set(sObjectMode)
	}
	ws.hwm = hwm
	if !o.DisableDecodeStrings {
		ws.set(wDecodeStrings)
	}
	if o.DisableEmitClose {
		ws.clr(sEmitClose)
	}
	if o.DisableAutoDestroy {
		ws.clr(sAutoDestroy)
	}
	if o.BatchPerTick {
		ws.set(wBatchOpt)
	}
	if o.ReleasesChunks {
		ws.set(wReleases)
	}
	ws.defaultEncoding = "utf8"
	if o.DefaultEncoding != "" {
		if !validEncoding(o.DefaultEncoding) {
			panic(unknownEncoding(o.DefaultEncoding))
		}
		ws.defaultEncoding = o.DefaultEncoding
	}
	ws.write, ws.writev, ws.final = o.Write, o.Writev, o.Final
	ws.saturated = o.Saturated
}

func init() {
	lent.Trust((*Writable)(nil))
	lent.Trust((*Duplex)(nil))
}

var writableShape = []string{events.Close, events.ErrorEvent, events.Prefinish, events.Finish, events.Drain}

// NewWritable returns a Writable on loop, implemented by o's functions.
func NewWritable(loop Scheduler, o WritableOptions) *Writable {
	w := &Writable{}
	InitWritable(w, loop, o, "Writable")
	return w
}

// InitWritable initialises a Writable embedded in another type (as
// http.ServerResponse embeds one), in place; typeName names the type in
// warnings.
func InitWritable(w *Writable, loop Scheduler, o WritableOptions, typeName string) {
	a := &struct {
		base
		ws writeState
	}{}
	b := &a.base
	b.setScheduler(loop)
	b.Emitter.Init(events.Options{TypeName: typeName, Scheduler: loop, Shape: writableShape})
	initWriteState(&a.ws, &o, o.ObjectMode, resolveHWM(o.HighWaterMark, o.ObjectMode))
	b.w = &a.ws
	b.destroyImpl, b.constructImpl = o.Destroy, o.Construct
	w.base = b
	b.wr = w
	b.w.onwrite = b.onwrite
	b.construct()
}

func nop(error) {}

// sameFunc reports whether two callbacks are the same function value
// (Node compares the callback passed to write() by identity).
func sameFunc(a, b func(error)) bool {
	return *(*unsafe.Pointer)(unsafe.Pointer(&a)) == *(*unsafe.Pointer)(unsafe.Pointer(&b))
}

// Write writes p (Node's write(buffer, cb)) and reports whether the
// caller may keep writing: false once the buffered length reaches the
// high-water mark, or when the stream has errored or been destroyed. cb,
// if not nil, runs when p has been handled (with nil or the error). The
// stream may keep p until then: do not change it.
//
// Write after End reports ErrWriteAfterEnd to cb (on the next tick) and
// destroys the stream; write after Destroy reports ErrDestroyed.
func (w *Writable) Write(p []byte, cb func(error)) bool {
	return w.writeChunk(BytesChunk(p), cb)
}

// WriteString writes s in the default encoding (utf8 unless
// SetDefaultEncoding or DefaultEncoding said otherwise): the Write
// implementation receives its bytes (Buffer.from(s, encoding)), or, with
// DisableDecodeStrings, the string and its encoding.
func (w *Writable) WriteString(s string, cb func(error)) bool {
	return w.writeChunk(StringChunk(s, w.w.defaultEncoding), cb)
}

// WriteValue writes v: any non-nil value in object mode; a []byte or a
// string in byte mode. A nil v panics with ErrNullValues, another type in
// byte mode with ErrInvalidArgType (Node throws both synchronously).
func (w *Writable) WriteValue(v any, cb func(error)) bool {
	if v == nil {
		panic(ErrNullValues)
	}
	if w.w.has(sObjectMode) {
		return w.writeChunk(ValueChunk(v), cb)
	}
	switch x := v.(type) {
	case []byte:
		return w.Write(x, cb)
	case string:
		return w.WriteString(x, cb)
	}
	panic(ErrInvalidArgType)
}

// WriteChunk writes a prepared Chunk (Node's write(chunk, encoding, cb)
// with StringChunk(s, encoding)). A string chunk is decoded to bytes in
// its encoding unless DisableDecodeStrings is set; an encoding Node does
// not know panics with ERR_UNKNOWN_ENCODING, as Node throws.
func (w *Writable) WriteChunk(c Chunk, cb func(error)) bool { return w.writeChunk(c, cb) }

func (w *Writable) writeChunk(c Chunk, cb func(error)) bool {
	w.checkOnLoop("Writable.Write")
	ok, _ := w.write(c, cb)
	return ok
}

// write is Node's _write(stream, chunk, encoding, cb); the error is
// returned for end(chunk).
func (w *Writable) write(c Chunk, cb func(error)) (bool, error) {
	ws := w.w
	if cb == nil {
		cb = nop
	}
	if !ws.has(wReleases) {
		c.lent = nil // the implementation may keep it
	}
	if c.isStr {
		enc := c.Encoding
		if enc != encUTF8 {
			enc = mustEncoding(enc)
		}
		if ws.bits&(wDecodeStrings|sObjectMode) == wDecodeStrings {
			c = BytesChunk(encodeString(c.String, enc))
		}
	}
	var err error
	if ws.has(wEnding) {
		err = ErrWriteAfterEnd
	} else if ws.has(sDestroyed) {
		err = destroyedErr("write")
	}
	if err != nil {
		w.sched.NextTick(func() { cb(err) })
		w.errorOrDestroy(err, true)
		return false, err
	}
	ws.pendingcb++
	return w.writeOrBuffer(c, cb), nil
}

func (ws *writeState) chunkLen(c Chunk) int {
	if ws.has(sObjectMode) {
		return 1
	}
	return c.Len()
}

// writeOrBuffer calls the implementation now, or buffers the chunk while
// a write is in flight, the stream is corked, errored or constructing.
func (w *Writable) writeOrBuffer(c Chunk, cb func(error)) bool {
	ws := w.w
	n := ws.chunkLen(c)
	ws.length += n
	if ws.bits&(wBatchOpt|wBatching|wWriting) == wBatchOpt {
		ws.set(wBatching)
		w.sched.NextTick(w.closeBatch)
	}
	if ws.bits&(wWriting|sErrored|wCorked|wBatching|sConstructed) != sConstructed {
		ws.buffered = append(ws.buffered, bufEntry{c, cb})
		if c.isStr {
			ws.clr(wAllBuffers)
		}
		if !sameFunc(cb, nop) {
			ws.clr(wAllNoop)
		}
	} else {
		ws.writelen = n
		ws.writecb = cb
		ws.set(wWriting | sSync | wExpectWriteCb)
		w.callWrite(c)
		ws.clr(sSync)
	}
	ok := (ws.length < ws.hwm || ws.length == 0) && (ws.saturated == nil || !ws.saturated())
	if !ok {
		ws.set(wNeedDrain)
	}
	return ok && ws.bits&(sDestroyed|sErrored) == 0
}

func (w *Writable) callWrite(c Chunk) { w.w.writeOne(c) }

// writeOne hands one chunk to the implementation. A stream without one
// panics here, when a chunk actually reaches it, as Node's default
// _write throws: a write that fails first (after end or destroy) or
// stays buffered (corked) reports its error the ordinary way.
func (ws *writeState) writeOne(c Chunk) {
	switch {
	case ws.write != nil:
		ws.write(c, ws.onwrite)
	case ws.writev != nil:
		ws.writev([]Chunk{c}, ws.onwrite)
	default:
		panic(notImplemented("_write()"))
	}
}

func (b *base) doWrite(writev bool, n int, chunks []Chunk, c Chunk, cb func(error)) {
	ws := b.w
	ws.writelen = n
	ws.writecb = cb
	ws.set(wWriting | sSync | wExpectWriteCb)
	switch {
	case ws.has(sDestroyed):
		ws.onwrite(destroyedErr("write"))
	case writev:
		ws.writev(chunks, ws.onwrite)
	default:
		ws.writeOne(c)
	}
	ws.clr(sSync)
}

// onwrite is the callback handed to the Write implementation.
func (b *base) onwrite(er error) {
	ws := b.w
	if !ws.has(wExpectWriteCb) {
		b.errorOrDestroy(ErrMultipleCallback, false)
		return
	}
	sync := ws.has(sSync)
	cb := ws.writecb
	ws.writecb = nil
	if cb == nil {
		cb = nop
	}
	ws.clr(wWriting | wExpectWriteCb)
	ws.length -= ws.writelen
	ws.writelen = 0
	if er != nil {
		if ws.errored == nil {
			ws.errored = er
			ws.set(sErrored)
		}
		if r := b.r; r != nil && r.errored == nil {
			r.errored = er
			r.set(sErrored)
		}
		if sync {
			b.sched.NextTick(func() { b.onwriteError(er, cb) })
		} else {
			b.onwriteError(er, cb)
		}
		return
	}
	if len(ws.buffered) > ws.bufIdx {
		b.clearBuffer()
	}
	if !sync {
		b.afterWrite(1, cb)
		return
	}
	needDrain := ws.has(wNeedDrain) && ws.length == 0
	// Node 20 tests `state & kDestroyed !== 0`, which precedence turns into
	// a test of the object-mode bit: object-mode streams always take the
	// tick. Kept for identical ordering.
	needTick := needDrain || ws.has(sObjectMode) || !sameFunc(cb, nop)
	switch {
	case sameFunc(cb, nop):
		if !ws.has(wAfterWritePending) && needTick {
			ws.set(wAfterWritePending)
			b.sched.NextTick(func() { b.afterWrite(1, nop) })
		} else {
			ws.pendingcb--
			if ws.has(wEnding) {
				b.finishMaybe(true)
			}
		}
	case ws.afterTick != nil && sameFunc(ws.afterTick.cb, cb):
		ws.afterTick.count++
	default:
		info := &afterWriteInfo{count: 1, cb: cb}
		ws.afterTick = info
		ws.set(wAfterWritePending)
		b.sched.NextTick(func() {
			ws.afterTick = nil
			b.afterWrite(info.count, info.cb)
		})
	}
}

func (b *base) onwriteError(er error, cb func(error)) {
	ws := b.w
	ws.pendingcb--
	cb(er)
	b.errorBuffer()
	b.errorOrDestroy(er, false)
}

func (b *base) afterWrite(count int, cb func(error)) {
	ws := b.w
	ws.clr(wAfterWritePending)
	if ws.bits&(wEnding|wNeedDrain|sDestroyed) == wNeedDrain && ws.length == 0 && (ws.saturated == nil || !ws.saturated()) {
		ws.clr(wNeedDrain)
		events.Emit0(&b.Emitter, events.Drain)
	}
	for ; count > 0; count-- {
		ws.pendingcb--
		cb(nil)
	}
	if ws.has(sDestroyed) {
		b.errorBuffer()
	}
	if ws.has(wEnding) {
		b.finishMaybe(true)
	}
}

// errorBuffer fails every buffered write and pending end callback after
// a destroy or an error (D19).
func (b *base) errorBuffer() {
	ws := b.w
	if ws.has(wWriting) {
		return
	}
	for i := ws.bufIdx; i < len(ws.buffered); i++ {
		e := ws.buffered[i]
		ws.length -= ws.chunkLen(e.chunk)
		err := ws.errored
		if err == nil {
			err = destroyedErr("write")
		}
		e.cb(err)
	}
	err := ws.errored
	if err == nil {
		err = destroyedErr("end")
	}
	b.callFinished(err)
	ws.resetBuffer()
}

func (ws *writeState) resetBuffer() {
	clear(ws.buffered)
	ws.buffered = ws.buffered[:0]
	ws.bufIdx = 0
	ws.set(wAllBuffers | wAllNoop)
}

// clearBuffer hands buffered chunks to the implementation: all at once
// to Writev when there are several, otherwise one by one as long as each
// completes synchronously.
func (b *base) clearBuffer() {
	ws := b.w
	if ws.bits&(sDestroyed|wBufferProcessing|wCorked|wBatching) != 0 || ws.bits&sConstructed == 0 {
		return
	}
	buffered := ws.buffered
	i := ws.bufIdx
	n := len(buffered) - i
	if n == 0 {
		return
	}
	ws.set(wBufferProcessing)
	if n > 1 && ws.writev != nil {
		ws.pendingcb -= n - 1
		entries := append([]bufEntry(nil), buffered[i:]...)
		var cb func(error) = nop
		if !ws.has(wAllNoop) {
			cb = func(err error) {
				for _, e := range entries {
					e.cb(err)
				}
			}
		}
		chunks := make([]Chunk, len(entries))
		for k, e := range entries {
			chunks[k] = e.chunk
		}
		ws.resetBuffer()
		b.doWrite(true, ws.length, chunks, Chunk{}, cb)
	} else {
		for {
			e := buffered[i]
			buffered[i] = bufEntry{}
			i++
			b.doWrite(false, ws.chunkLen(e.chunk), nil, e.chunk, e.cb)
			if i >= len(ws.buffered) || ws.has(wWriting) {
				break
			}
		}
		if i >= len(ws.buffered) {
			ws.resetBuffer()
		} else {
			ws.bufIdx = i
		}
	}
	ws.clr(wBufferProcessing)
}

// closeBatch ends a BatchPerTick batch: the buffered writes go out.
func (b *base) closeBatch() {
	ws := b.w
	if !ws.has(wBatching) {
		return
	}
	ws.clr(wBatching)
	if !ws.has(wWriting) {
		b.clearBuffer()
	}
}

// SinkDrained tells a Writable with a Saturated function that the sink
// under it drained: the 'drain' owed since a false Write is emitted now
// (synchronously) if nothing is buffered and the sink is no longer
// saturated.
func (w *Writable) SinkDrained() {
	ws := w.w
	if ws.bits&(wEnding|wNeedDrain|sDestroyed) == wNeedDrain && ws.length == 0 && (ws.saturated == nil || !ws.saturated()) {
		ws.clr(wNeedDrain)
		events.Emit0(&w.Emitter, events.Drain)
	}
}

// Cork buffers writes until a matching Uncork (a counter, as in Node).
func (w *Writable) Cork() {
	w.checkOnLoop("Writable.Cork")
	w.w.set(wCorked)
	w.w.corked++
}

// Uncork undoes one Cork; at zero the buffered writes are flushed (as one
// Writev batch when the implementation has one).
func (w *Writable) Uncork() {
	w.checkOnLoop("Writable.Uncork")
	ws := w.w
	if ws.corked > 0 {
		ws.corked--
		if ws.corked == 0 {
			ws.clr(wCorked)
		}
		if !ws.has(wWriting) {
			w.clearBuffer()
		}
	}
}

// SetDefaultEncoding sets the encoding WriteString and EndString use:
// any of Node's (utf8, hex, base64, base64url, latin1/binary, ascii,
// utf16le/ucs2, in any case). It returns ERR_UNKNOWN_ENCODING
// (ErrUnknownEncoding) for another, where Node throws.
func (w *Writable) SetDefaultEncoding(enc string) error {
	if !validEncoding(enc) {
		return unknownEncoding(enc)
	}
	w.w.defaultEncoding = strings.ToLower(enc)
	return nil
}

// End signals that nothing more will be written (Node's end(cb)). cb, if
// not nil, runs at 'finish' (just before the 'finish' listeners) or with
// the stream's error.
func (w *Writable) End(cb func(error)) {
	w.checkOnLoop("Writable.End")
	w.end(nil, cb)
}

// EndWith writes p and then ends (Node's end(chunk, cb)).
func (w *Writable) EndWith(p []byte, cb func(error)) {
	w.checkOnLoop("Writable.End")
	c := BytesChunk(p)
	w.end(&c, cb)
}

// EndString writes s in the default encoding and then ends.
func (w *Writable) EndString(s string, cb func(error)) {
	c := StringChunk(s, w.w.defaultEncoding)
	w.end(&c, cb)
}

// EndChunk writes c as WriteChunk does and then ends (Node's end(chunk,
// encoding, cb)).
func (w *Writable) EndChunk(c Chunk, cb func(error)) { w.end(&c, cb) }

func (w *Writable) end(chunk *Chunk, cb func(error)) {
	ws := w.w
	var err error
	if chunk != nil {
		_, err = w.write(*chunk, nil)
	}
	if ws.has(wCorked) {
		ws.corked = 1
		w.Uncork()
	}
	if ws.has(wBatching) {
		w.closeBatch()
	}
	switch {
	case err != nil:
	case ws.bits&(wEnding|sErrored) == 0:
		ws.set(wEnding)
		w.finishMaybe(true)
		ws.set(wEnded)
	case ws.has(wFinished):
		err = ErrAlreadyFinished
	case ws.has(sDestroyed):
		err = destroyedErr("end")
	}
	if cb == nil {
		return
	}
	switch {
	case err != nil:
		w.sched.NextTick(func() { cb(err) })
	case ws.has(sErrored):
		e := ws.errored
		w.sched.NextTick(func() { cb(e) })
	case ws.has(wFinished):
		w.sched.NextTick(func() { cb(nil) })
	default:
		ws.onFinished = append(ws.onFinished, cb)
	}
}

func (ws *writeState) needFinish() bool {
	return ws.bits&(wEnding|sDestroyed|sConstructed|wFinished|wWriting|sErrorEmitted|sCloseEmitted|sErrored) ==
		wEnding|sConstructed && ws.length == 0 && len(ws.buffered) == ws.bufIdx
}

func (b *base) onFinal(err error) {
	ws := b.w
	if ws.has(wPrefinished) {
		if err == nil {
			err = ErrMultipleCallback
		}
		b.errorOrDestroy(err, false)
		return
	}
	ws.pendingcb--
	if err != nil {
		b.callFinished(err)
		b.errorOrDestroy(err, ws.has(sSync))
	} else if ws.needFinish() {
		ws.set(wPrefinished)
		events.Emit0(&b.Emitter, events.Prefinish)
		ws.pendingcb++
		b.nextTick(tickFinish)
	}
}

func (b *base) prefinish() {
	ws := b.w
	if ws.bits&(wPrefinished|wFinalCalled) != 0 {
		return
	}
	if ws.final != nil && !ws.has(sDestroyed) {
		ws.set(wFinalCalled | sSync)
		ws.pendingcb++
		if ws.onfinal == nil {
			ws.onfinal = b.onFinal
		}
		ws.final(ws.onfinal)
		ws.clr(sSync)
		return
	}
	ws.set(wFinalCalled | wPrefinished)
	events.Emit0(&b.Emitter, events.Prefinish)
}

func (b *base) finishMaybe(sync bool) {
	ws := b.w
	if !ws.needFinish() {
		return
	}
	b.prefinish()
	if ws.pendingcb != 0 {
		return
	}
	if sync {
		ws.pendingcb++
		b.sched.NextTick(func() {
			if ws.needFinish() {
				b.finish()
			} else {
				ws.pendingcb--
			}
		})
	} else if ws.needFinish() {
		ws.pendingcb++
		b.finish()
	}
}

// finish is the finish tick: end callbacks, 'finish', then autoDestroy.
func (b *base) finish() {
	ws := b.w
	ws.pendingcb--
	ws.set(wFinished)
	b.callFinished(nil)
	events.Emit0(&b.Emitter, events.Finish)
	if ws.has(sAutoDestroy) {
		r := b.r
		if r == nil || (r.has(sAutoDestroy) && (r.has(rEndEmitted) || r.has(rDisabled))) {
			b.Destroy(nil)
		}
	}
}

func (b *base) callFinished(err error) {
	ws := b.w
	cbs := ws.onFinished
	ws.onFinished = nil
	for _, cb := range cbs {
		cb(err)
	}
}

// IsWritable reports whether Write may be called: not ended, destroyed
// or errored (Node's writable property).
func (w *Writable) IsWritable() bool {
	ws := w.w
	return !ws.has(wDisabled) && ws.errored == nil && ws.bits&(wEnding|wEnded|sDestroyed) == 0
}

// WritableEnded reports whether End has been called.
func (w *Writable) WritableEnded() bool { return w.w.has(wEnding) }

// WritableFinished reports whether 'finish' is being or has been emitted.
func (w *Writable) WritableFinished() bool { return w.w.has(wFinished) }

// WritableLength returns the bytes (or objects) written and not yet
// handled by the implementation.
func (w *Writable) WritableLength() int { return w.w.length }

// WritableHighWaterMark returns the high-water mark.
func (w *Writable) WritableHighWaterMark() int { return w.w.hwm }

// WritableNeedDrain reports whether a 'drain' is awaited: a Write
// returned false and the stream is neither ending nor destroyed.
func (w *Writable) WritableNeedDrain() bool {
	return w.w.bits&(sDestroyed|wEnding|wNeedDrain) == wNeedDrain
}

// WritableCorked returns the cork count.
func (w *Writable) WritableCorked() int { return w.w.corked }

// WritableObjectMode reports whether the write side is in object mode.
func (w *Writable) WritableObjectMode() bool { return w.w.has(sObjectMode) }

// WritableAborted reports whether the stream was destroyed or errored
// before 'finish'.
func (w *Writable) WritableAborted() bool {
	ws := w.w
	return !ws.has(wDisabled) && (ws.has(sDestroyed) || ws.errored != nil) && !ws.has(wFinished)
}

// OnDrain registers fn for 'drain'.
func (w *Writable) OnDrain(fn func()) *events.Listener {
	return events.On0(&w.Emitter, events.Drain, fn)
}

// OnFinish registers fn for 'finish'.
func (w *Writable) OnFinish(fn func()) *events.Listener {
	return events.On0(&w.Emitter, events.Finish, fn)
}

// OnPrefinish registers fn for 'prefinish'.
func (w *Writable) OnPrefinish(fn func()) *events.Listener {
	return events.On0(&w.Emitter, events.Prefinish, fn)
}

// WritableSide returns w; it makes *Writable (and every stream embedding
// it) a WritableStream, a destination for Pipe and Pipeline.
func (w *Writable) WritableSide() *Writable { return w }

// WritableBuffer returns the chunks buffered and not yet handed to the
// implementation, oldest first (Node's writableBuffer): a copy, each
// chunk as Write received it (strings decoded unless DisableDecodeStrings).
func (w *Writable) WritableBuffer() []Chunk {
	ws := w.w
	out := make([]Chunk, 0, len(ws.buffered)-ws.bufIdx)
	for i := ws.bufIdx; i < len(ws.buffered); i++ {
		ws.buffered[i].chunk.lent = nil // the caller's now: never reused
		out = append(out, ws.buffered[i].chunk)
	}
	return out
}
