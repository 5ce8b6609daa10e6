package fs

import (
	"fmt"
	"math"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

// DefaultReadStreamHighWaterMark is a ReadStream's default high-water
// mark and read size: 64 KiB, as in Node.
const DefaultReadStreamHighWaterMark = 64 * 1024

// ReadStreamOptions are CreateReadStream's options, Node's
// fs.createReadStream options. The zero value of each is Node's default.
type ReadStreamOptions struct {
	// Flags to open the file with; "r" when empty.
	Flags string
	// Mode of a created file (flags such as "a+"); 0o666 when 0.
	Mode uint32
	// FD reads an already open descriptor instead of opening the path:
	// no 'open' or 'ready' event then. nil (the default) opens the path.
	FD *int
	// Start is the offset of the first byte to read (Node's start). nil
	// reads from offset 0, or from the descriptor's current position
	// when FD is given.
	Start *int64
	// End is the offset of the last byte to read, inclusive (Node's end).
	// nil reads to the end of the file.
	End *int64
	// HighWaterMark is the read size and the stream's high-water mark;
	// 64 KiB when 0.
	HighWaterMark int
	// Encoding "utf8" makes 'data' deliver strings.
	Encoding string
	// DisableAutoClose leaves the descriptor open after 'end' or an error
	// (Node's autoClose: false); the stream is then not destroyed
	// automatically either.
	DisableAutoClose bool
	// DisableEmitClose suppresses the 'close' event (emitClose: false).
	DisableEmitClose bool
}

// ReadStream is Node's fs.ReadStream: a stream.Readable of a file's bytes,
// read on libuv's threadpool HighWaterMark bytes at a time, each read
// started only when the stream wants more (so a paused or piped-to-a-slow-
// destination stream holds at most about one high-water mark in memory).
//
// Events: 'open' (the fd; OnOpen) and 'ready' (OnReady) once the file is
// open, then the Readable's 'data', 'end', 'error' and 'close'. The
// descriptor is closed before 'close' (autoClose). Loop thread only, like
// every stream.
type ReadStream struct {
	stream.Readable
	loop      *uv.Loop
	path      string
	fd        int
	flags     int
	mode      int
	end       int64 // inclusive; math.MaxInt64 for "to the end"
	pos       int64 // next read offset; -1 reads at the current position
	bytesRead int64
	inIO      bool
	afterIO   func(error)
	autoClose bool
}

// CreateReadStream returns a ReadStream of path on loop (Node's
// fs.createReadStream). The file is opened right after, asynchronously;
// an open failure is an 'error' event (an *Error, such as ENOENT with
// syscall "open"), followed by 'close'. A negative Start or End, or Start
// after End, panics with Node's ERR_OUT_OF_RANGE message.
func CreateReadStream(loop *uv.Loop, path string, opts ReadStreamOptions) *ReadStream {
	rs := &ReadStream{loop: loop, path: path, fd: -1, pos: -1, end: math.MaxInt64,
		flags: flagsOr(opts.Flags, "r"), mode: modeOr(opts.Mode, 0o666), autoClose: !opts.DisableAutoClose}
	if opts.FD != nil {
		rs.fd = *opts.FD
	}
	if opts.Start != nil {
		if *opts.Start < 0 {
			panic(fmt.Sprintf(`fs: ERR_OUT_OF_RANGE: The value of "start" is out of range. It must be >= 0 && <= 9007199254740991. Received %d`, *opts.Start))
		}
		rs.pos = *opts.Start
	}
	if opts.End != nil {
		if *opts.End < 0 {
			panic(fmt.Sprintf(`fs: ERR_OUT_OF_RANGE: The value of "end" is out of range. It must be >= 0 && <= 9007199254740991. Received %d`, *opts.End))
		}
		rs.end = *opts.End
		if opts.Start != nil && *opts.Start > rs.end {
			panic(fmt.Sprintf(`fs: ERR_OUT_OF_RANGE: The value of "start" is out of range. It must be <= "end" (here: %d). Received %d`, rs.end, *opts.Start))
		}
	}
	hwm := opts.HighWaterMark
	if hwm == 0 {
		hwm = DefaultReadStreamHighWaterMark
	}
	stream.InitReadable(&rs.Readable, loop, stream.ReadableOptions{
		HighWaterMark:      hwm,
		Encoding:           opts.Encoding,
		DisableEmitClose:   opts.DisableEmitClose,
		DisableAutoDestroy: opts.DisableAutoClose,
		Construct:          rs.construct,
		Read:               rs.read,
		Destroy:            rs.destroy,
	}, "ReadStream")
	return rs
}

// Path returns the path the stream reads ("" when created from an FD).
func (rs *ReadStream) Path() string { return rs.path }

// FD returns the open descriptor, or -1 before 'open' and after close.
func (rs *ReadStream) FD() int { return rs.fd }

// BytesRead returns how many bytes have been read so far.
func (rs *ReadStream) BytesRead() int64 { return rs.bytesRead }

// Pending reports whether the file is not open yet (Node's pending).
func (rs *ReadStream) Pending() bool { return rs.fd < 0 }

// OnOpen adds a listener for 'open', emitted with the descriptor once the
// file is open.
func (rs *ReadStream) OnOpen(fn func(fd int)) *events.Listener {
	return events.On1(&rs.Emitter, "open", fn)
}

// OnReady adds a listener for 'ready', emitted right after 'open'.
func (rs *ReadStream) OnReady(fn func()) *events.Listener {
	return events.On0(&rs.Emitter, "ready", fn)
}

func (rs *ReadStream) construct(cb func(error)) {
	if rs.fd >= 0 {
		cb(nil)
		return
	}
	openForStream(rs.loop, rs.path, rs.flags, rs.mode, func(fd int, err error) {
		if err != nil {
			cb(err)
			return
		}
		rs.fd = fd
		cb(nil)
		events.Emit1(&rs.Emitter, "open", fd)
		events.Emit0(&rs.Emitter, "ready")
	})
}

// openForStream opens path with numeric flags, errors as fs errors.
func openForStream(l *uv.Loop, path string, flags, mode int, cb func(int, error)) {
	err := uv.FsOpen(l, path, flags, mode, func(fd int, err error) { cb(fd, wrap(err, path, "")) })
	started(l, err, path, "", func(e error) { cb(-1, e) })
}

func (rs *ReadStream) read(r *stream.Readable, n int) {
	var left int64
	if rs.pos >= 0 {
		left = rs.end - rs.pos
	} else {
		left = rs.end - rs.bytesRead
	}
	if left < math.MaxInt64 {
		left++
	}
	if int64(n) > left {
		n = int(left)
	}
	if n <= 0 {
		r.PushEOF()
		return
	}
	rs.inIO = true
	err := uv.FsRead(rs.loop, rs.fd, n, rs.pos, func(p []byte, err error) {
		rs.inIO = false
		if rs.Destroyed() {
			if f := rs.afterIO; f != nil {
				rs.afterIO = nil
				f(wrap(err, "", ""))
			}
			return
		}
		switch {
		case err != nil:
			rs.fail(wrap(err, "", ""))
		case len(p) > 0:
			if rs.pos >= 0 {
				rs.pos += int64(len(p))
			}
			rs.bytesRead += int64(len(p))
			r.Push(append([]byte(nil), p...))
		default:
			r.PushEOF()
		}
	})
	if err != nil {
		rs.inIO = false
		rs.loop.NextTick(func() { rs.fail(wrap(err, "", "")) })
	}
}

// fail is Node's errorOrDestroy: destroy with autoClose, else only 'error'.
func (rs *ReadStream) fail(err error) {
	if rs.autoClose {
		rs.Destroy(err)
		return
	}
	rs.Emit(events.ErrorEvent, err)
}

func (rs *ReadStream) destroy(err error, cb func(error)) {
	if rs.inIO {
		rs.afterIO = func(ioErr error) {
			if err == nil {
				err = ioErr
			}
			closeStreamFD(rs.loop, &rs.fd, err, cb)
		}
		return
	}
	closeStreamFD(rs.loop, &rs.fd, err, cb)
}

// closeStreamFD is the close step of Node's stream _destroy: no
// descriptor (or fd 0, which Node never closes) passes err on; otherwise
// the descriptor is closed and forgotten at once, and cb gets the close
// error or err.
func closeStreamFD(l *uv.Loop, fd *int, err error, cb func(error)) {
	if *fd <= 0 {
		cb(err)
		return
	}
	f := *fd
	*fd = -1
	cerr := uv.FsClose(l, f, func(cerr error) {
		if cerr != nil {
			cb(wrap(cerr, "", ""))
			return
		}
		cb(err)
	})
	if cerr != nil {
		l.NextTick(func() { cb(err) })
	}
}

// Close destroys the stream, which closes the descriptor (Node's
// readStream.close(cb)). cb, if not nil, runs once the stream is done, as
// stream.Finished reports it: with ErrPrematureClose when the stream had
// not ended.
func (rs *ReadStream) Close(cb func(error)) {
	if cb != nil {
		stream.Finished(rs, cb)
	}
	rs.Destroy(nil)
}
