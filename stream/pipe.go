package stream

import (
	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/lent"
)

// PipeOptions modify Pipe.
type PipeOptions struct {
	// NoEnd keeps the destination open when the source ends (Node's
	// {end: false}); it is still unpiped.
	NoEnd bool
}

// destination is what pipe writes through: the destination's own Write
// and End (a type embedding Writable may override them, as
// http.ServerResponse does).
type destination interface {
	WritableStream
	WriteChunk(c Chunk, cb func(error)) bool
	End(cb func(error))
}

func writeTo(dest WritableStream, c Chunk) bool {
	if d, ok := dest.(destination); ok {
		return d.WriteChunk(c, nil)
	}
	return dest.WritableSide().WriteChunk(c, nil)
}

func endOf(dest WritableStream) {
	if d, ok := dest.(destination); ok {
		d.End(nil)
		return
	}
	dest.WritableSide().End(nil)
}

// Pipe sends everything r produces to dest (Node's readable.pipe) and
// returns dest. A false Write pauses r until every destination that
// returned false has emitted 'drain'; when r ends, dest is ended (unless
// NoEnd). Errors are not forwarded: an error on dest unpipes it, an error
// on r leaves dest alone.
func (r *Readable) Pipe(dest WritableStream, opts ...PipeOptions) WritableStream {
	b := r.base
	rs := b.r
	dw := dest.WritableSide()
	de := &dw.Emitter
	src := &b.Emitter
	rs.pipes = append(rs.pipes, dest)
	doEnd := len(opts) == 0 || !opts[0].NoEnd

	var (
		cleanedUp                         bool
		ondrain, onunpipe, onerror        *events.Listener
		onclose, onfinish, onend, ondataL *events.Listener
	)
	unpipe := func() { r.Unpipe(dest) }
	pause := func() {
		if !cleanedUp {
			for _, p := range rs.pipes {
				if p == dest {
					if rs.awaitDrain == nil {
						rs.awaitDrain = map[WritableStream]bool{}
					}
					rs.awaitDrain[dest] = true
					break
				}
			}
			b.pause()
		}
		if ondrain == nil {
			ondrain = events.On0(de, events.Drain, func() {
				delete(rs.awaitDrain, dest)
				if len(rs.awaitDrain) == 0 && rs.has(rDataListening) {
					b.resume()
				}
			})
		}
	}
	cleanup := func() {
		de.RemoveListener(events.Close, onclose)
		de.RemoveListener(events.Finish, onfinish)
		if ondrain != nil {
			de.RemoveListener(events.Drain, ondrain)
		}
		de.RemoveListener(events.ErrorEvent, onerror)
		de.RemoveListener(events.Unpipe, onunpipe)
		src.RemoveListener(events.End, onend)
		src.RemoveListener(events.Data, ondataL)
		cleanedUp = true
		if ondrain != nil && len(rs.awaitDrain) > 0 && dw.w.has(wNeedDrain) {
			ondrain.Call()
		}
	}

	var endFn func()
	if doEnd {
		endFn = func() { endOf(dest) }
	} else {
		endFn = unpipe
	}
	if rs.has(rEndEmitted) {
		b.sched.NextTick(endFn)
	} else {
		onend = events.Once0(src, events.End, endFn)
	}
	onunpipe = events.On1(de, events.Unpipe, func(from *Readable) {
		if from.base == b && !cleanedUp {
			cleanup()
		}
	})

	// Only uvgo's own destination types take loans: a user type wrapping
	// one could keep what its WriteChunk override is given.
	trustedDest := lent.Trusted(dest)
	ondata := func(c Chunk) {
		if !writeTo(dest, c) {
			pause()
		}
	}
	switch {
	case rs.has(sObjectMode):
		ondataL = events.On1(src, events.Data, func(v any) { ondata(ValueChunk(v)) })
	case rs.decoder != nil:
		// Node's dest.write(string): in the destination's default
		// encoding, not the one the source decoded with.
		dws := dest.WritableSide().w
		ondataL = events.On1(src, events.Data, func(s string) { ondata(StringChunk(s, dws.defaultEncoding)) })
	default:
		ondataL = events.On1(src, events.Data, func(p []byte) {
			c := BytesChunk(p)
			// A lent chunk that nobody else gets (emitData decided it
			// before the emit): a destination of uvgo's own may hand it
			// back (Buffer loans, in the package doc).
			if l := rs.lending; l != nil {
				rs.lending = nil
				if trustedDest {
					c.lent = l
				}
			}
			ondata(c)
		})
	}

	onerror = events.Prepend1(de, events.ErrorEvent, func(err error) {
		unpipe()
		de.RemoveListener(events.ErrorEvent, onerror)
		if de.ListenerCount(events.ErrorEvent) == 0 {
			if !dw.anyHas(sErrorEmitted) {
				dw.errorOrDestroy(err, false)
			} else {
				events.Emit1(de, events.ErrorEvent, err)
			}
		}
	})
	onclose = events.Once0(de, events.Close, func() {
		de.RemoveListener(events.Finish, onfinish)
		unpipe()
	})
	onfinish = events.Once0(de, events.Finish, func() {
		de.RemoveListener(events.Close, onclose)
		unpipe()
	})

	events.Emit1(de, events.Pipe, r)

	if dw.WritableNeedDrain() {
		pause()
	} else if !rs.has(rFlowing) {
		b.resume()
	}
	return dest
}

// Unpipe detaches dest (Node's unpipe(dest)): r pauses if no destination
// is left, and dest emits 'unpipe'.
func (r *Readable) Unpipe(dest WritableStream) {
	rs := r.r
	idx := -1
	for i, p := range rs.pipes {
		if p == dest {
			idx = i
			break
		}
	}
	if idx < 0 {
		return
	}
	rs.pipes = append(rs.pipes[:idx], rs.pipes[idx+1:]...)
	if len(rs.pipes) == 0 {
		r.pause()
	}
	events.Emit1(&dest.WritableSide().Emitter, events.Unpipe, r)
}

// UnpipeAll detaches every destination (Node's unpipe()).
func (r *Readable) UnpipeAll() {
	rs := r.r
	if len(rs.pipes) == 0 {
		return
	}
	dests := rs.pipes
	rs.pipes = nil
	r.pause()
	for _, d := range dests {
		events.Emit1(&d.WritableSide().Emitter, events.Unpipe, r)
	}
}

// OnPipe registers fn for 'pipe' (a source started piping into w).
func (w *Writable) OnPipe(fn func(src *Readable)) *events.Listener {
	return events.On1(&w.Emitter, events.Pipe, fn)
}

// OnUnpipe registers fn for 'unpipe'.
func (w *Writable) OnUnpipe(fn func(src *Readable)) *events.Listener {
	return events.On1(&w.Emitter, events.Unpipe, fn)
}

// OnPause registers fn for 'pause'.
func (r *Readable) OnPause(fn func()) *events.Listener {
	return events.On0(&r.Emitter, events.Pause, fn)
}

// OnResume registers fn for 'resume'.
func (r *Readable) OnResume(fn func()) *events.Listener {
	return events.On0(&r.Emitter, events.Resume, fn)
}
