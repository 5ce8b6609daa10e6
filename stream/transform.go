package stream

import "github.com/uvgo/uvgo/events"

// TransformOptions configure a Transform (Node's new Transform(options)).
type TransformOptions struct {
	DuplexOptions
	// Transform is Node's _transform: produce output for chunk with
	// t.Push (any number of times), then call cb with nil or an error.
	// Until cb is called no other chunk is transformed.
	Transform func(t *Transform, chunk Chunk, cb func(error))
	// Flush is Node's _flush: called after the last chunk, before the
	// readable side ends; push any remaining output, then call cb.
	Flush func(t *Transform, cb func(error))
}

// Transform is Node 20's stream.Transform: a Duplex whose output is
// computed from its input. Its backpressure: a write is acknowledged only
// while the readable buffer is below its high-water mark; otherwise the
// acknowledgement waits until a consumer reads. Loop thread only.
type Transform struct {
	Duplex
	transform func(t *Transform, chunk Chunk, cb func(error))
	flush     func(t *Transform, cb func(error))
	held      func(error) // a write callback waiting for the reader
}

// NewTransform returns a Transform on loop.
func NewTransform(loop Scheduler, o TransformOptions) *Transform {
	t := &Transform{transform: o.Transform, flush: o.Flush}
	d := o.DuplexOptions
	if d.ReadableHighWaterMark == HWMZero && d.HighWaterMark == 0 {
		// C3: a readable hwm of 0 also zeroes the writable one unless set.
		if d.WritableHighWaterMark == 0 {
			d.WritableHighWaterMark = HWMZero
		}
	}
	d.Write = t.write
	d.Read = t.read
	userFinal := d.Final
	if userFinal == nil {
		d.Final = t.final
	}
	d.Writev = nil
	initDuplex(&t.Duplex, loop, &d, "Transform")
	t.r.clr(sSync)
	if userFinal != nil {
		// Node's Transform: the user's final runs as the write side's
		// final, and flush runs from a 'prefinish' listener installed
		// first, so the order is final, 'prefinish', flush.
		events.On0(&t.Emitter, events.Prefinish, func() { t.final(nil) })
	}
	return t
}

// NewPassThrough returns a Transform that passes its input through
// unchanged (Node's PassThrough).
func NewPassThrough(loop Scheduler, o DuplexOptions) *Transform {
	return NewTransform(loop, TransformOptions{
		DuplexOptions: o,
		Transform: func(t *Transform, c Chunk, cb func(error)) {
			if c.isStr {
				// Node's cb(null, chunk) pushes without the encoding.
				t.PushString(c.String)
			} else {
				t.PushChunk(c)
			}
			cb(nil)
		},
	})
}

func (t *Transform) write(c Chunk, cb func(error)) {
	rs, ws := t.r, t.w
	length := rs.length
	if t.transform == nil {
		panic(notImplemented("_transform()"))
	}
	t.transform(t, c, func(err error) {
		if err != nil {
			cb(err)
			return
		}
		switch {
		case rs.has(rEnded):
			t.sched.NextTick(func() { cb(nil) })
		case ws.has(wEnded) || length == rs.length || rs.length < rs.hwm:
			cb(nil)
		default:
			t.held = cb
		}
	})
}

func (t *Transform) read(*Readable, int) {
	if cb := t.held; cb != nil {
		t.held = nil
		cb(nil)
	}
}

// final flushes and ends the read side: the write side's final, or,
// when the user gave a Final, the 'prefinish' listener's (cb nil: a flush
// error then destroys the stream).
func (t *Transform) final(cb func(error)) {
	if t.flush != nil && !t.Destroyed() {
		t.flush(t, func(err error) {
			if err != nil {
				if cb != nil {
					cb(err)
				} else {
					t.Destroy(err)
				}
				return
			}
			t.PushEOF()
			if cb != nil {
				cb(nil)
			}
		})
		return
	}
	t.PushEOF()
	if cb != nil {
		cb(nil)
	}
}
