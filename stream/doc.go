// Package stream is Node 20's streams in Go: Writable, Readable, Duplex,
// Transform and PassThrough, with pipe, Pipeline and Finished, and
// Node's exact timing (what happens synchronously, what on the next tick).
// It is pure Go and builds with CGO_ENABLED=0; the event loop comes in as
// a Scheduler (a *uv.Loop).
//
// # Backpressure
//
// Writable.Write returns Node's bool: false once the buffered length
// reaches the high-water mark (16 KiB, or 16 objects, by default); the
// producer then waits for 'drain', which fires only after a false Write
// and only when the buffer is back to empty. Readable.Push returns false
// the same way, and a paused or full Readable stops calling its Read
// implementation. Pipe pauses its source when a destination's Write
// returns false and resumes it when every such destination drained.
//
// # Implementations
//
// A stream is implemented by functions in its options struct, Node's
// new Writable({write}) shape: Write, Writev, Final, Read, Destroy,
// Construct, Transform, Flush. Write implementations call back with nil
// or an error, synchronously or later; Read implementations Push data
// now or later. The zero value of every option is Node's default, so
// options that default to true in Node are negated here
// (DisableAutoDestroy for autoDestroy: false, NoEnd for pipe's end: false).
// A HighWaterMark of 0 means the default; HWMZero asks for 0.
//
// # Names
//
// Node's write(chunk, cb) is Write(p, cb) (WriteString, WriteValue for
// other chunk types) and returns the bool; Node's properties keep their
// names (WritableLength, WritableNeedDrain, ReadableFlowing, ...), except
// readable/writable, which are IsReadable/IsWritable. Events have typed
// helpers (OnData(func([]byte)), OnDrain(func()), OnError(func(error)));
// the string-keyed emitter is embedded for everything else. Node's error
// codes are sentinels (ErrWriteAfterEnd, ErrPrematureClose, ...) that
// errors.Is matches; the messages are Node's. ErrorCode(err) (or
// events.ErrorCode) reads any error's code, Node's err.code; every coded
// error implements events.CodedError. WritableBuffer and ReadableBuffer
// are Node's writableBuffer and readableBuffer.
//
// # Encodings
//
// Wherever Node takes an encoding, uvgo takes Node's names, in any case:
// utf8 (utf-8), hex, base64, base64url, latin1 (binary), ascii, utf16le
// (ucs2, ucs-2, utf-16le). A string chunk (StringChunk(s, enc)) is
// decoded to bytes in its encoding before the Write implementation sees
// it unless DisableDecodeStrings is set; Chunk.Bytes encodes the same
// way. SetEncoding and the Encoding option decode with Node's
// StringDecoder rules (a character or base64 group split across pushes
// is held back until complete). An unknown encoding is refused with
// ERR_UNKNOWN_ENCODING: a panic where Node throws (WriteChunk, PushChunk,
// UnshiftString, the options), an error from SetEncoding and
// SetDefaultEncoding. Nothing is ever decoded as another encoding, with
// one exception that is Node's: bytes put back with Unshift on a stream
// with an encoding join the text as utf8.
//
// # Threading and bytes
//
// Streams belong to their loop's goroutine, like every object on a uv
// loop. The bridges for other goroutines are Writer (an io.WriteCloser
// that blocks while the stream is above its high-water mark: it cannot
// hide backpressure), Reader (an io.ReadCloser) and Chunks (an iterator).
// Each returns when the stream is destroyed (with its error, or
// ErrPrematureClose / ErrDestroyed) and when the loop stops for good
// (events.ErrLoopStopped, with a Poster that has Done); Writer.Close on a
// destroyed stream returns at once. Chunks (and NewReader) called on the
// loop attach their listeners at once, as Node's for await does when it
// starts; called from another goroutine they attach when the range
// starts, through Post, and miss what the stream emitted before.
// A []byte given to Write belongs to the stream until its callback runs; a
// []byte given to Push belongs to the stream from then on.
//
// # Buffer loans
//
// A producer that reads into pooled buffers (uvgo's sockets, for reads of
// 16 KiB or more) pushes them with PushLent and a Lender. The rule that
// lets a buffer come back without anyone seeing it reused: a lent chunk
// goes back to its lender only if it travelled whole through a single
// pipe, emitted to that pipe's listener alone (counted when the emit
// starts, so a once listener that ran first counts), with no Read, no
// ReadableBuffer or WritableBuffer that showed it, into a destination
// created with ReleasesChunks, whose Write implementation calls
// Chunk.Release once it is done with the bytes (written, or copied) and
// keeps none of them. The destination must be a *Writable or *Duplex, a
// net.Socket or an http.ServerResponse: a type of the user's that embeds
// one (and may override WriteChunk to look at the bytes) is handed
// ordinary chunks.
// Every other path leaves the chunk to whoever got it, for good, as any
// chunk in Node: a 'data' chunk may always be kept. A Writable without
// ReleasesChunks never sees a lender (Write strips it), so user code
// cannot return a buffer by mistake. So socket.Pipe(socket), or an HTTP
// request piped into its response, moves bulk data with no allocation
// per chunk (net's TestPipeEchoRecyclesReadBuffers, http's
// TestBulkAllocationsPerChunk), and a chunk user code kept is never
// overwritten (TestKeptChunksAreNeverReused).
//
// # Reuse
//
// ReuseReadable and ReuseWritable turn a stream that has emitted 'close'
// into a new one in the same memory (state, buffers, emitter slots), for
// object pools: the HTTP server reuses its requests and responses this
// way. Node has no equivalent; a stream whose 'close' has not been
// emitted is refused (ErrNotReusable). CloseEmitted reports Node's
// state.closeEmitted.
//
// # Differences from Node
//
//   - Chunks are []byte, string or any value. Strings are Go (UTF-8)
//     strings: a JavaScript string with a lone surrogate has no Go
//     equivalent, so decoding such UTF-16 yields U+FFFD.
//   - Async iteration is Chunks, from a goroutine; there is no
//     destroyOnReturn option (breaking out always destroys), and the
//     destroy after a break runs when the loop gets to the goroutine's
//     Post, not within the same tick as in Node.
//   - Readable.from takes an iter.Seq (From); promises and async
//     generators have no Go equivalent. From is always in object mode
//     (ObjectMode false cannot be told from unset); its destroy completes
//     after one microtask and a tick, the timing of Node's for an array.
//   - Node 20.20's readableBuffer is its internal array, with consumed
//     slots left null; ReadableBuffer returns the unread chunks only.
//   - Pipeline takes streams only (no generator functions) and the
//     callback first.
package stream
