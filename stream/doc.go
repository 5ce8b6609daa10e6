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
// errors.Is matches; the messages are Node's.
//
// # Threading and bytes
//
// Streams belong to their loop's goroutine, like every object on a uv
// loop. The bridges for other goroutines are Writer (an io.WriteCloser
// that blocks while the stream is above its high-water mark: it cannot
// hide backpressure), Reader (an io.ReadCloser) and Chunks (an iterator).
// A []byte given to Write belongs to the stream until its callback runs; a
// []byte given to Push belongs to the stream from then on.
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
//   - Chunks are []byte, string or any value; encodings other than utf8
//     are accepted by name but strings are kept as Go (UTF-8) strings.
//   - setEncoding supports utf8 only.
//   - Async iteration is Chunks, from a goroutine; there is no
//     destroyOnReturn option (breaking out always destroys).
//   - Readable.from takes an iter.Seq (From); promises and async
//     generators have no Go equivalent.
//   - Pipeline takes streams only (no generator functions) and the
//     callback first.
package stream
