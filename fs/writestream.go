package fs

import (
	"fmt"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

// WriteStreamOptions are CreateWriteStream's options, Node's
// fs.createWriteStream options. The zero value of each is Node's default.
type WriteStreamOptions struct {
	// Flags to open the file with; "w" when empty ("a" appends, "r+"
	// writes into an existing file).
	Flags string
	// Mode of a created file, before the umask; 0o666 when 0.
	Mode uint32
	// FD writes to an already open descriptor instead of opening the
	// path: no 'open' or 'ready' event then.
	FD *int
	// Start is the offset at which to write the first byte (Node's
	// start); nil writes at the descriptor's current position.
	Start *int64
	// HighWaterMark is the stream's high-water mark; 16 KiB when 0.
	HighWaterMark int
	// DisableAutoClose leaves the descriptor open after 'finish' or an
	// error (Node's autoClose: false).
	DisableAutoClose bool
	// DisableEmitClose suppresses the 'close' event (emitClose: false).
	DisableEmitClose bool
}

// WriteStream is Node's fs.WriteStream: a stream.Writable whose chunks
// are written to a file on libuv's threadpool, one write request at a
// time (the chunks buffered meanwhile go out as one write, Node's
// _writev), with the Writable's backpressure: Write returns false at the
// high-water mark and 'drain' follows.
//
// Events: 'open' (OnOpen) and 'ready' (OnReady), then the Writable's
// 'drain', 'finish', 'error' and 'close'; the descriptor is closed before
// 'close'. Loop thread only.
type WriteStream struct {
	stream.Writable
	loop         *uv.Loop
	path         string
	fd           int
	flags        int
	mode         int
	pos          int64 // -1 writes at the current position
	bytesWritten int64
	inIO         bool
	afterIO      func(error)
	autoClose    bool
}

// CreateWriteStream returns a WriteStream to path on loop (Node's
// fs.createWriteStream). The file is opened right after, asynchronously;
// writes made before that are buffered. An open failure is an 'error'
// event (an *Error with syscall "open") followed by 'close'. A negative
// Start panics with Node's ERR_OUT_OF_RANGE message.
func CreateWriteStream(loop *uv.Loop, path string, opts WriteStreamOptions) *WriteStream {
	ws := &WriteStream{loop: loop, path: path, fd: -1, pos: -1,
		flags: flagsOr(opts.Flags, "w"), mode: modeOr(opts.Mode, 0o666), autoClose: !opts.DisableAutoClose}
	if opts.FD != nil {
		ws.fd = *opts.FD
	}
	if opts.Start != nil {
		if *opts.Start < 0 {
			panic(fmt.Sprintf(`fs: ERR_OUT_OF_RANGE: The value of "start" is out of range. It must be >= 0 && <= 9007199254740991. Received %d`, *opts.Start))
		}
		ws.pos = *opts.Start
	}
	stream.InitWritable(&ws.Writable, loop, stream.WritableOptions{
		HighWaterMark:      opts.HighWaterMark,
		DisableEmitClose:   opts.DisableEmitClose,
		DisableAutoDestroy: opts.DisableAutoClose,
		Construct:          ws.construct,
		Write:              ws.write,
		Writev:             ws.writev,
		Destroy:            ws.destroy,
	}, "WriteStream")
	return ws
}

// Path returns the path the stream writes ("" when created from an FD).
func (ws *WriteStream) Path() string { return ws.path }

// FD returns the open descriptor, or -1 before 'open' and after close.
func (ws *WriteStream) FD() int { return ws.fd }

// BytesWritten returns how many bytes the file has taken so far.
func (ws *WriteStream) BytesWritten() int64 { return ws.bytesWritten }

// Pending reports whether the file is not open yet (Node's pending).
func (ws *WriteStream) Pending() bool { return ws.fd < 0 }

// OnOpen adds a listener for 'open', emitted with the descriptor once the
// file is open.
func (ws *WriteStream) OnOpen(fn func(fd int)) *events.Listener {
	return events.On1(&ws.Emitter, "open", fn)
}

// OnReady adds a listener for 'ready', emitted right after 'open'.
func (ws *WriteStream) OnReady(fn func()) *events.Listener {
	return events.On0(&ws.Emitter, "ready", fn)
}

func (ws *WriteStream) construct(cb func(error)) {
	if ws.fd >= 0 {
		cb(nil)
		return
	}
	openForStream(ws.loop, ws.path, ws.flags, ws.mode, func(fd int, err error) {
		if err != nil {
			cb(err)
			return
		}
		ws.fd = fd
		cb(nil)
		events.Emit1(&ws.Emitter, "open", fd)
		events.Emit0(&ws.Emitter, "ready")
	})
}

func (ws *WriteStream) write(c stream.Chunk, cb func(error)) { ws.writeAll(c.Bytes(), cb) }

func (ws *WriteStream) writev(chunks []stream.Chunk, cb func(error)) {
	n := 0
	for _, c := range chunks {
		n += c.Len()
	}
	buf := make([]byte, 0, n)
	for _, c := range chunks {
		if c.IsString() {
			buf = append(buf, c.String...)
		} else {
			buf = append(buf, c.Data...)
		}
	}
	ws.writeAll(buf, cb)
}

// writeAll writes p, going on after a short write until all of it is in
// the file (Node counts a short write and moves on; a regular file takes
// a whole write unless the disk is full).
func (ws *WriteStream) writeAll(p []byte, cb func(error)) {
	ws.inIO = true
	pos := ws.pos
	if ws.pos >= 0 {
		ws.pos += int64(len(p))
	}
	var step func(p []byte, pos int64)
	step = func(p []byte, pos int64) {
		err := uv.FsWrite(ws.loop, ws.fd, p, pos, func(n int, err error) {
			if err == nil {
				ws.bytesWritten += int64(n)
				if n < len(p) && !ws.Destroyed() {
					if pos >= 0 {
						pos += int64(n)
					}
					step(p[n:], pos)
					return
				}
			}
			ws.inIO = false
			werr := wrap(err, "", "")
			if ws.Destroyed() {
				cb(werr)
				if f := ws.afterIO; f != nil {
					ws.afterIO = nil
					f(werr)
				}
				return
			}
			cb(werr)
		})
		if err != nil {
			ws.inIO = false
			ws.loop.NextTick(func() { cb(wrap(err, "", "")) })
		}
	}
	step(p, pos)
}

func (ws *WriteStream) destroy(err error, cb func(error)) {
	if ws.inIO {
		ws.afterIO = func(ioErr error) {
			if err == nil {
				err = ioErr
			}
			closeStreamFD(ws.loop, &ws.fd, err, cb)
		}
		return
	}
	closeStreamFD(ws.loop, &ws.fd, err, cb)
}

// Close ends the stream, so what was written is flushed, and the
// descriptor is closed after 'finish' (Node's writeStream.close(cb), which
// ends rather than destroys). cb, if not nil, runs on 'close' (on the
// next tick when the stream has already closed).
func (ws *WriteStream) Close(cb func(error)) {
	if cb != nil {
		if ws.Closed() {
			ws.loop.NextTick(func() { cb(nil) })
			return
		}
		ws.OnClose(func() { cb(nil) })
	}
	if !ws.autoClose {
		ws.OnFinish(func() { ws.Destroy(nil) })
	}
	ws.End(nil)
}
