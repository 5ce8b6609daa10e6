package stream

import (
	"context"
	"io"
	"iter"
	"sync"

	"github.com/uvgo/uvgo/events"
)

// Writer is an io.WriteCloser over a stream's write side, for goroutines
// other than the loop's. Write copies p, hands it to the stream on the
// loop, and returns once the stream accepted it below its high-water mark;
// when the stream reports backpressure (its Write returned false), Write
// blocks until 'drain'. So a goroutine producing with io.Copy runs at the
// consumer's pace and never buffers without bound. A write error, or an
// error of the stream, is returned by the next Write or Close. Writer must
// not be used on the loop goroutine, where blocking would deadlock.
type Writer struct {
	p   Poster
	w   WritableStream
	mu  sync.Mutex
	err error
}

// NewWriter returns a Writer that writes to w through p (the loop).
func NewWriter(p Poster, w WritableStream) *Writer { return &Writer{p: p, w: w} }

func (x *Writer) setErr(err error) {
	x.mu.Lock()
	if x.err == nil {
		x.err = err
	}
	x.mu.Unlock()
}

func (x *Writer) getErr() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.err
}

// Write implements io.Writer with the blocking rule described on Writer.
func (x *Writer) Write(b []byte) (int, error) {
	if err := x.getErr(); err != nil {
		return 0, err
	}
	data := append([]byte(nil), b...)
	done := make(chan struct{})
	if err := x.p.Post(func() {
		ws := x.w.WritableSide()
		release := func() {
			select {
			case <-done:
			default:
				close(done)
			}
		}
		if !writeToWithCb(x.w, BytesChunk(data), func(err error) {
			if err != nil {
				x.setErr(err)
				release()
			}
		}) {
			if ws.Destroyed() || ws.Errored() != nil {
				if e := ws.Errored(); e != nil {
					x.setErr(e)
				} else {
					x.setErr(destroyedErr("write"))
				}
				release()
				return
			}
			e := &ws.Emitter
			var ld, le, lc *events.Listener
			off := func() {
				e.RemoveListener(events.Drain, ld)
				e.RemoveListener(events.ErrorEvent, le)
				e.RemoveListener(events.Close, lc)
			}
			ld = events.Once0(e, events.Drain, func() { off(); release() })
			le = events.Once1(e, events.ErrorEvent, func(err error) { x.setErr(err); off(); release() })
			lc = events.Once0(e, events.Close, func() { x.setErr(destroyedErr("write")); off(); release() })
			return
		}
		release()
	}); err != nil {
		return 0, err
	}
	select {
	case <-done:
	case <-events.LoopDone(x.p):
		x.setErr(events.ErrLoopStopped)
	}
	if err := x.getErr(); err != nil {
		return 0, err
	}
	return len(b), nil
}

func writeToWithCb(dest WritableStream, c Chunk, cb func(error)) bool {
	if d, ok := dest.(destination); ok {
		return d.WriteChunk(c, cb)
	}
	return dest.WritableSide().WriteChunk(c, cb)
}

// Close ends the stream and waits for 'finish' (or its error). On a
// stream already destroyed it returns at once, with the stream's error or
// ErrDestroyed; a stream destroyed while Close waits ends the wait the
// same way (its 'close'), and so does the loop stopping for good
// (events.ErrLoopStopped, with a Poster that has Done).
func (x *Writer) Close() error {
	done := make(chan error, 2)
	if err := x.p.Post(func() {
		ws := x.w.WritableSide()
		if ws.Destroyed() {
			if e := ws.Errored(); e != nil {
				done <- e
			} else {
				done <- destroyedErr("end")
			}
			return
		}
		var lc *events.Listener
		cb := func(err error) {
			if lc != nil {
				ws.Emitter.RemoveListener(events.Close, lc)
			}
			done <- err
		}
		lc = events.Once0(&ws.Emitter, events.Close, func() {
			// Closed before 'finish' and before the end callback (a
			// destroy with a write in flight that never completes).
			if e := ws.Errored(); e != nil {
				done <- e
			} else {
				done <- destroyedErr("end")
			}
		})
		if d, ok := x.w.(destination); ok {
			d.End(cb)
		} else {
			ws.End(cb)
		}
	}); err != nil {
		return err
	}
	select {
	case err := <-done:
		if err != nil {
			return err
		}
	case <-events.LoopDone(x.p):
		return events.ErrLoopStopped
	}
	return x.getErr()
}

// Reader is an io.ReadCloser over a stream's read side, for goroutines
// other than the loop's: Read blocks until data is available and returns
// io.EOF after 'end'; a stream with an encoding set yields its text's
// UTF-8. The stream is consumed in paused mode, so it reads
// its source only as fast as Read is called. Close destroys the stream.
type Reader struct {
	next   func() (Chunk, error, bool)
	stop   func()
	cancel context.CancelFunc
	buf    []byte
	err    error
}

// NewReader returns a Reader of r through p (the loop).
func NewReader(p Poster, r ReadableStream) *Reader {
	ctx, cancel := context.WithCancel(context.Background())
	next, stop := iter.Pull2(Chunks(ctx, p, r))
	return &Reader{
		next: func() (Chunk, error, bool) {
			c, err, ok := next()
			return c, err, ok
		},
		stop:   stop,
		cancel: cancel,
	}
}

// Read implements io.Reader.
func (x *Reader) Read(b []byte) (int, error) {
	for len(x.buf) == 0 {
		if x.err != nil {
			return 0, x.err
		}
		c, err, ok := x.next()
		switch {
		case !ok:
			x.err = io.EOF
		case err != nil:
			x.err = err
		case c.isStr:
			// The text the stream yields (hex digits with
			// SetEncoding("hex")), as for await would see it.
			x.buf = []byte(c.String)
		default:
			x.buf = c.Bytes()
		}
	}
	n := copy(b, x.buf)
	x.buf = x.buf[n:]
	return n, nil
}

// Close stops reading and destroys the stream.
func (x *Reader) Close() error {
	x.cancel()
	x.stop()
	return nil
}
