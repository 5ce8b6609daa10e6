package parity

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

// code prints an error as the JS scenarios' code(): null, the Node code,
// or the message.
func code(err error) string {
	if err == nil {
		return "null"
	}
	if c := events.ErrorCode(err); c != "" {
		return c
	}
	return err.Error()
}

// msg prints err.message, or null.
func msg(err error) any {
	if err == nil {
		return "null"
	}
	return err.Error()
}

func jsString(s string) string { return strconv.Quote(s) }

func str(c stream.Chunk, ok bool) string {
	if !ok {
		return "null"
	}
	return string(c.Bytes())
}

func init() {
	register("stream/write_async_order", func(p *P) {
		l := p.Loop()
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 3, Write: func(c stream.Chunk, cb func(error)) {
			p.Log("_write", string(c.Data))
			l.SetImmediate(func() { cb(nil) })
		}})
		for _, ev := range []string{"drain", "prefinish", "finish", "close"} {
			events.On0(&w.Emitter, ev, func() { p.Log(ev, "length", w.WritableLength()) })
		}
		p.Log("write a", w.WriteString("a", func(e error) { p.Log("cb a", code(e)) }))
		p.Log("write bc", w.WriteString("bc", func(e error) { p.Log("cb bc", code(e)) }))
		p.Log("needDrain", w.WritableNeedDrain())
		events.Once0(&w.Emitter, "drain", func() {
			p.Log("write d", w.WriteString("d", func(e error) { p.Log("cb d", code(e)) }))
			w.End(func(e error) { p.Log("end cb", code(e)) })
			p.Log("ended", w.WritableEnded(), "finished", w.WritableFinished())
		})
		p.Run()
	})

	register("stream/write_sync_callbacks", func(p *P) {
		l := p.Loop()
		w := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 2, Write: func(c stream.Chunk, cb func(error)) {
			p.Log("_write", string(c.Data))
			cb(nil)
		}})
		w.OnDrain(func() { p.Log("drain") })
		f := func(e error) { p.Log("shared cb", code(e)) }
		p.Log(w.WriteString("a", f))
		p.Log(w.WriteString("bcd", f))
		l.NextTick(func() { p.Log("tick queued between") })
		p.Log(w.WriteString("e", f))
		p.Log(w.WriteString("f", func(e error) { p.Log("own cb", code(e)) }))
		p.Log("length", w.WritableLength())
		p.Run()
	})

	register("stream/write_return_values", func(p *P) {
		l := p.Loop()
		var pending []func(error)
		w := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 4, Write: func(c stream.Chunk, cb func(error)) {
			pending = append(pending, cb)
		}})
		for _, s := range []string{"ab", "c", "d", "", "efgh"} {
			p.Log(jsString(s), w.WriteString(s, nil), w.WritableLength(), w.WritableNeedDrain())
		}
		z := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: stream.HWMZero, Write: func(c stream.Chunk, cb func(error)) {
			l.SetImmediate(func() { cb(nil) })
		}})
		p.Log("hwm0 empty", z.WriteString("", nil), "nonempty", z.WriteString("x", nil))
		s := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 1, Write: func(c stream.Chunk, cb func(error)) { cb(nil) }})
		p.Log("sync big", s.WriteString("abc", nil), s.WritableNeedDrain())
		o := stream.NewWritable(l, stream.WritableOptions{ObjectMode: true, Write: func(c stream.Chunk, cb func(error)) {
			l.SetImmediate(func() { cb(nil) })
		}})
		n := 0
		for o.WriteValue(map[string]int{"n": n}, nil) {
			n++
		}
		p.Log("object mode accepted", n+1, "hwm", o.WritableHighWaterMark())
		l.SetImmediate(func() {
			for _, cb := range pending {
				cb(nil)
			}
		})
		p.Run()
	})

	register("stream/cork_writev", func(p *P) {
		l := p.Loop()
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{
			Write: func(c stream.Chunk, cb func(error)) { p.Log("_write", string(c.Data)); cb(nil) },
			Writev: func(cs []stream.Chunk, cb func(error)) {
				parts := make([]string, len(cs))
				for i, c := range cs {
					parts[i] = string(c.Data)
				}
				p.Log("_writev", strings.Join(parts, "|"))
				cb(nil)
			},
		})
		w.Cork()
		w.Cork()
		p.Log("corked", w.WritableCorked())
		w.WriteString("a", func(error) { p.Log("cb a") })
		w.WriteString("b", func(error) { p.Log("cb b") })
		w.WriteString("c", nil)
		w.Uncork()
		p.Log("still corked", w.WritableCorked(), "length", w.WritableLength())
		l.NextTick(func() {
			w.Uncork()
			p.Log("after uncork length", w.WritableLength())
			w.WriteString("d", nil)
			w.End(nil)
		})
		w.OnFinish(func() { p.Log("finish") })
		p.Run()
	})

	register("stream/writev_while_in_flight", func(p *P) {
		l := p.Loop()
		w := stream.NewWritable(l, stream.WritableOptions{
			Write: func(c stream.Chunk, cb func(error)) {
				p.Log("_write", string(c.Data))
				l.SetImmediate(func() { cb(nil) })
			},
			Writev: func(cs []stream.Chunk, cb func(error)) {
				var all string
				for _, c := range cs {
					all += string(c.Data)
				}
				p.Log("_writev", len(cs), all)
				l.SetImmediate(func() { cb(nil) })
			},
		})
		for _, s := range []string{"1", "2", "3", "4"} {
			w.WriteString(s, func(error) { p.Log("cb", s) })
		}
		w.End(func(error) { p.Log("end cb") })
		w.OnFinish(func() { p.Log("finish") })
		w.OnClose(func() { p.Log("close") })
		p.Run()
	})

	register("stream/end_variants", func(p *P) {
		l := p.Loop()
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) {
			p.Log("_write", string(c.Data))
			cb(nil)
		}})
		w.OnFinish(func() {
			p.Log("finish")
			w.End(func(e error) { p.Log("end after finish", code(e)) })
		})
		w.OnClose(func() { p.Log("close") })
		w.EndString("last", func(e error) { p.Log("end cb 1", code(e)) })
		w.End(func(e error) { p.Log("end cb 2", code(e)) })
		p.Log("writable", w.IsWritable(), "ended", w.WritableEnded())
		p.Run()
	})

	register("stream/write_after_end", func(p *P) {
		l := p.Loop()
		w := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) { cb(nil) }})
		w.OnError(func(e error) { p.Log("error", code(e)) })
		w.OnClose(func() { p.Log("close") })
		w.OnFinish(func() { p.Log("finish (must not happen)") })
		w.End(nil)
		p.Log("write returns", w.WriteString("x", func(e error) { p.Log("write cb", code(e)) }))
		l.NextTick(func() { p.Log("tick") })
		p.Run()
	})

	register("stream/destroy_flushes_buffer", func(p *P) {
		l := p.Loop()
		var inflight func(error)
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) {
			p.Log("_write", string(c.Data))
			inflight = cb
		}})
		w.WriteString("a", func(e error) { p.Log("cb a", code(e)) })
		w.WriteString("b", func(e error) { p.Log("cb b", code(e)) })
		w.End(func(e error) { p.Log("end cb", code(e)) })
		w.OnClose(func() { p.Log("close", "destroyed", w.Destroyed(), "closed", w.Closed()) })
		w.OnError(func(e error) { p.Log("error", code(e)) })
		w.Destroy(nil)
		w.Destroy(errors.New("ignored"))
		p.Log("after destroy", w.Destroyed(), "write returns", w.WriteString("c", func(e error) { p.Log("cb c", code(e)) }))
		l.SetImmediate(func() { p.Log("complete in-flight"); inflight(nil) })
		p.Run()
	})

	register("stream/destroy_with_error", func(p *P) {
		l := p.Loop()
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{
			Write:   func(c stream.Chunk, cb func(error)) { cb(nil) },
			Destroy: func(err error, cb func(error)) { p.Log("_destroy", err.Error()); cb(err) },
		})
		w.OnError(func(e error) { p.Log("error", e.Error(), "closed", w.Closed()) })
		w.OnClose(func() { p.Log("close") })
		w.Destroy(errors.New("boom"))
		p.Log("destroyed", w.Destroyed(), "errored", w.Errored().Error(), "closed", w.Closed())
		l.NextTick(func() { p.Log("tick after destroy") })
		p.Run()
	})

	register("stream/write_error", func(p *P) {
		l := p.Loop()
		n := 0
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) {
			n++
			k := n
			l.SetImmediate(func() {
				if k == 1 {
					cb(errors.New("disk full"))
				} else {
					cb(nil)
				}
			})
		}})
		w.OnError(func(e error) { p.Log("error", e.Error()) })
		w.OnClose(func() { p.Log("close") })
		w.OnFinish(func() { p.Log("finish (must not happen)") })
		w.WriteString("a", func(e error) { p.Log("cb a", msg(e)) })
		w.WriteString("b", func(e error) { p.Log("cb b", msg(e)) })
		w.End(func(e error) { p.Log("end cb", msg(e)) })
		l.SetImmediate(func() {
			p.Log("write after error returns", w.WriteString("c", func(e error) { p.Log("cb c", code(e)) }))
		})
		p.Run()
	})

	register("stream/write_error_sync", func(p *P) {
		l := p.Loop()
		w := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) { cb(errors.New("bad")) }})
		w.OnError(func(e error) { p.Log("error", e.Error()) })
		w.OnClose(func() { p.Log("close") })
		p.Log("write returns", w.WriteString("a", func(e error) { p.Log("cb a", e.Error()) }))
		p.Log("errored", w.Errored().Error())
		l.NextTick(func() { p.Log("tick") })
		p.Run()
	})

	register("stream/final_async", func(p *P) {
		l := p.Loop()
		w := stream.NewWritable(l, stream.WritableOptions{
			Write: func(c stream.Chunk, cb func(error)) { cb(nil) },
			Final: func(cb func(error)) {
				p.Log("_final")
				l.SetImmediate(func() { p.Log("final done"); cb(nil) })
			},
		})
		for _, ev := range []string{"prefinish", "finish", "close"} {
			events.On0(&w.Emitter, ev, func() { p.Log(ev) })
		}
		w.WriteString("x", nil)
		w.End(func(error) { p.Log("end cb") })
		p.Log("end returned")
		p.Run()
	})

	register("stream/auto_destroy_off", func(p *P) {
		l := p.Loop()
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{DisableAutoDestroy: true, Write: func(c stream.Chunk, cb func(error)) { cb(nil) }})
		w.OnFinish(func() {
			p.Log("finish")
			l.SetImmediate(func() { p.Log("destroyed?", w.Destroyed()); w.Destroy(nil) })
		})
		w.OnClose(func() { p.Log("close") })
		w.EndString("x", nil)
		var q *stream.Writable
		q = stream.NewWritable(l, stream.WritableOptions{DisableEmitClose: true, Write: func(c stream.Chunk, cb func(error)) { cb(nil) }})
		q.OnClose(func() { p.Log("q close (must not happen)") })
		q.OnFinish(func() { l.SetImmediate(func() { p.Log("q closed", q.Closed(), "destroyed", q.Destroyed()) }) })
		q.End(nil)
		p.Run()
	})

	register("stream/readable_flowing_sync", func(p *P) {
		l := p.Loop()
		i := 0
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
			i++
			if i <= 3 {
				r.PushString(fmt.Sprintf("c%d", i))
			} else {
				r.PushEOF()
			}
		}})
		r.OnData(func(d []byte) { p.Log("data", string(d)) })
		r.OnEnd(func() { p.Log("end") })
		r.OnClose(func() { p.Log("close") })
		r.OnResume(func() { p.Log("resume") })
		l.QueueMicrotask(func() { p.Log("microtask") })
		f, _ := r.ReadableFlowing()
		p.Log("flowing", f)
		p.Run()
	})

	register("stream/readable_read_n", func(p *P) {
		l := p.Loop()
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		r.PushString("abc")
		r.PushString("defg")
		p.Log("length", r.ReadableLength())
		p.Log("read(2)", str(r.ReadN(2)))
		p.Log("read(3)", str(r.ReadN(3)))
		p.Log("read(5)", str(r.ReadN(5)))
		r.PushEOF()
		p.Log("read(5) after end", str(r.ReadN(5)))
		p.Log("read() after", str(r.Read()))
		r.OnEnd(func() { p.Log("end") })
		r.OnData(func(d []byte) { p.Log("data", string(d)) })
		p.Run()
	})

	register("stream/readable_event", func(p *P) {
		l := p.Loop()
		var r *stream.Readable
		r = stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		r.OnReadable(func() {
			p.Log("readable, length", r.ReadableLength())
			for {
				c, ok := r.Read()
				if !ok {
					break
				}
				p.Log("got", string(c.Data))
			}
		})
		r.OnEnd(func() { p.Log("end") })
		r.OnData(func(d []byte) { p.Log("data event", string(d)) })
		f, _ := r.ReadableFlowing()
		p.Log("flowing", f, "paused", r.IsPaused())
		r.PushString("a")
		r.PushString("b")
		l.SetImmediate(func() { r.PushString("c"); r.PushEOF() })
		p.Run()
	})

	register("stream/readable_push_backpressure", func(p *P) {
		l := p.Loop()
		r := stream.NewReadable(l, stream.ReadableOptions{HighWaterMark: 4, Read: func(_ *stream.Readable, size int) {
			p.Log("_read", size)
		}})
		for _, s := range []string{"ab", "cd", "ef"} {
			p.Log("push", s, r.PushString(s), r.ReadableLength())
		}
		l.NextTick(func() {
			p.Log("read", str(r.ReadN(3)))
			c, ok := r.ReadN(3)
			p.Log("read", str(c, ok), r.ReadableLength())
		})
		p.Run()
	})

	register("stream/readable_pause_resume", func(p *P) {
		l := p.Loop()
		var r *stream.Readable
		r = stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		r.OnPause(func() { p.Log("pause event") })
		r.OnResume(func() {
			f, _ := r.ReadableFlowing()
			p.Log("resume event", "flowing", f)
		})
		r.Resume()
		r.Pause()
		f, _ := r.ReadableFlowing()
		p.Log("after resume+pause", f, r.IsPaused())
		r.PushString("x")
		r.OnData(func(d []byte) { p.Log("data (must not happen while paused)", string(d)) })
		l.SetImmediate(func() { p.Log("resume again"); r.Resume(); r.PushEOF() })
		r.OnEnd(func() { p.Log("end") })
		p.Run()
	})

	register("stream/readable_encoding_utf8", func(p *P) {
		l := p.Loop()
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		r.SetEncoding("utf8")
		euro := []byte("€")
		r.OnDataString(func(d string) {
			b, _ := jsonString(d)
			p.Log("data", "string", b, utf16Len(d))
		})
		r.OnEnd(func() { p.Log("end") })
		r.Push([]byte("a"))
		r.Push(euro[:1])
		r.Push(euro[1:])
		r.Push([]byte("b"))
		r.PushEOF()
		p.Log("encoding", r.ReadableEncoding())
		p.Run()
	})

	register("stream/readable_unshift", func(p *P) {
		l := p.Loop()
		var r *stream.Readable
		r = stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		r.PushString("world")
		p.Log("read", str(r.ReadN(3)))
		r.Unshift([]byte("hel"))
		c, ok := r.ReadN(5)
		p.Log("read", str(c, ok), "left", r.ReadableLength())
		r.PushEOF()
		r.OnEnd(func() { p.Log("end"); r.Unshift([]byte("late")) })
		r.OnError(func(e error) { p.Log("error", code(e)) })
		r.OnClose(func() { p.Log("close") })
		r.Resume()
		p.Run()
	})

	register("stream/readable_destroy", func(p *P) {
		l := p.Loop()
		var r *stream.Readable
		r = stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		r.OnEnd(func() { p.Log("end (must not happen)") })
		r.OnClose(func() { p.Log("close", "aborted", r.ReadableAborted()) })
		r.PushString("a")
		r.Destroy(nil)
		p.Log("destroyed", r.Destroyed(), "push after", r.PushString("b"))
		p.Run()
	})

	register("stream/readable_hwm_zero", func(p *P) {
		l := p.Loop()
		calls := 0
		r := stream.NewReadable(l, stream.ReadableOptions{HighWaterMark: stream.HWMZero, Read: func(r *stream.Readable, _ int) {
			calls++
			p.Log("_read", calls)
			if calls <= 2 {
				r.PushString(fmt.Sprintf("x%d", calls))
			} else {
				r.PushEOF()
			}
		}})
		l.SetImmediate(func() {
			p.Log("before consuming, _read calls", calls)
			r.OnData(func(d []byte) { p.Log("data", string(d)) })
			r.OnEnd(func() { p.Log("end", calls) })
		})
		p.Run()
	})

	register("stream/pipe_fast_to_slow", func(p *P) {
		l := p.Loop()
		i := 0
		src := stream.NewReadable(l, stream.ReadableOptions{HighWaterMark: 2, Read: func(r *stream.Readable, _ int) {
			i++
			if i <= 5 {
				r.PushString(fmt.Sprintf("x%d", i))
			} else {
				r.PushEOF()
			}
		}})
		dst := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 3, Write: func(c stream.Chunk, cb func(error)) {
			p.Log("write", string(c.Data))
			l.SetImmediate(func() { cb(nil) })
		}})
		src.OnPause(func() { p.Log("src pause") })
		src.OnResume(func() { p.Log("src resume") })
		src.OnEnd(func() { p.Log("src end") })
		dst.OnDrain(func() { p.Log("dst drain") })
		dst.OnPipe(func(s *stream.Readable) { p.Log("dst pipe event", s == src) })
		dst.OnUnpipe(func(s *stream.Readable) { p.Log("dst unpipe", s == src) })
		dst.OnFinish(func() { p.Log("dst finish") })
		p.Log("pipe returns dest", src.Pipe(dst) == stream.WritableStream(dst))
		p.Run()
	})

	register("stream/pipe_two_destinations", func(p *P) {
		l := p.Loop()
		i := 0
		src := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
			i++
			if i <= 3 {
				r.PushString(fmt.Sprintf("chunk%d", i))
			} else {
				r.PushEOF()
			}
		}})
		mk := func(name string, delay time.Duration) *stream.Writable {
			return stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 1, Write: func(c stream.Chunk, cb func(error)) {
				p.Log(name, "write", string(c.Data))
				l.SetTimeout(func() { cb(nil) }, delay)
			}})
		}
		a := mk("a", 1*ms)
		b := mk("b", 15*ms)
		a.OnDrain(func() { p.Log("a drain") })
		b.OnDrain(func() { p.Log("b drain") })
		src.OnResume(func() { p.Log("src resume") })
		src.OnPause(func() { p.Log("src pause") })
		src.Pipe(a)
		src.Pipe(b)
		b.OnFinish(func() { p.Log("b finish") })
		p.Run()
	})

	register("stream/pipe_unpipe", func(p *P) {
		l := p.Loop()
		src := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		dst := stream.NewPassThrough(l, stream.DuplexOptions{})
		dst.OnUnpipe(func(*stream.Readable) { p.Log("unpipe event") })
		dst.OnData(func(d []byte) { p.Log("dst data", string(d)) })
		src.OnPause(func() { p.Log("src pause") })
		src.Pipe(dst)
		src.PushString("one")
		l.SetImmediate(func() {
			src.Unpipe(dst)
			f, _ := src.ReadableFlowing()
			p.Log("flowing after unpipe", f)
			src.PushString("two")
			l.SetImmediate(func() { p.Log("buffered in src", src.ReadableLength()) })
		})
		p.Run()
	})

	register("stream/pipe_dest_error", func(p *P) {
		l := p.Loop()
		src := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		dst := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) { cb(errors.New("dest broke")) }})
		dst.OnError(func(e error) { p.Log("user error handler", e.Error(), "src destroyed", src.Destroyed()) })
		dst.OnUnpipe(func(*stream.Readable) { p.Log("unpipe") })
		src.OnPause(func() { p.Log("src pause") })
		src.Pipe(dst)
		src.PushString("data")
		l.SetImmediate(func() {
			f, _ := src.ReadableFlowing()
			p.Log("src destroyed", src.Destroyed(), "flowing", f)
		})
		p.Run()
	})

	register("stream/pipeline_success", func(p *P) {
		l := p.Loop()
		i := 0
		src := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
			i++
			if i <= 2 {
				r.PushString(fmt.Sprintf("p%d", i))
			} else {
				r.PushEOF()
			}
		}})
		mid := stream.NewPassThrough(l, stream.DuplexOptions{})
		dst := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) {
			p.Log("write", string(c.Data))
			cb(nil)
		}})
		src.OnClose(func() { p.Log("src", "close") })
		mid.OnClose(func() { p.Log("mid", "close") })
		dst.OnClose(func() { p.Log("dst", "close") })
		ret, _ := stream.Pipeline(func(err error) {
			if err == nil {
				p.Log("callback", "undefined")
			} else {
				p.Log("callback", err.Error())
			}
		}, src, mid, dst)
		p.Log("returns last", ret == stream.Stream(dst))
		p.Run()
	})

	register("stream/pipeline_error", func(p *P) {
		l := p.Loop()
		src := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		mid := stream.NewPassThrough(l, stream.DuplexOptions{})
		dst := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) { cb(nil) }})
		for _, x := range []struct {
			n string
			s interface {
				OnClose(func()) *events.Listener
				OnError(func(error)) *events.Listener
			}
		}{{"src", src}, {"mid", mid}, {"dst", dst}} {
			x.s.OnClose(func() { p.Log(x.n, "close") })
			x.s.OnError(func(e error) { p.Log(x.n, "error", e.Error()) })
		}
		stream.Pipeline(func(err error) { p.Log("callback", err.Error()) }, src, mid, dst)
		src.PushString("a")
		l.SetImmediate(func() { mid.Destroy(errors.New("mid failed")) })
		p.Run()
	})

	register("stream/pipeline_premature", func(p *P) {
		l := p.Loop()
		src := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		dst := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) { cb(nil) }})
		stream.Pipeline(func(err error) { p.Log("callback", code(err), err.Error()) }, src, dst)
		src.PushString("a")
		l.SetImmediate(func() { dst.Destroy(nil) })
		p.Run()
	})

	register("stream/finished_cases", func(p *P) {
		l := p.Loop()
		show := func(n string) func(error) {
			return func(err error) {
				if err == nil {
					p.Log(n, "ok")
				} else {
					p.Log(n, code(err))
				}
			}
		}
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		stream.Finished(r, show("readable ended"))
		r.PushEOF()
		r.Resume()
		w := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) { cb(nil) }})
		stream.Finished(w, show("writable destroyed early"))
		w.Destroy(nil)
		e := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) { cb(errors.New("bad write")) }})
		e.OnError(func(error) {})
		stream.Finished(e, show("writable error"))
		e.WriteString("x", nil)
		done := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		done.Destroy(nil)
		l.SetImmediate(func() {
			stream.Finished(done, show("already closed"))
			c := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
			cleanup := stream.Finished(c, show("cleaned up (never)"))
			cleanup()
			c.Destroy(nil)
		})
		p.Run()
	})

	register("stream/transform_backpressure", func(p *P) {
		l := p.Loop()
		t := stream.NewTransform(l, stream.TransformOptions{
			DuplexOptions: stream.DuplexOptions{ReadableHighWaterMark: 2, WritableHighWaterMark: 2},
			Transform: func(t *stream.Transform, c stream.Chunk, cb func(error)) {
				p.Log("_transform", string(c.Data))
				t.PushString(strings.ToUpper(string(c.Data)))
				cb(nil)
			},
		})
		say := func(s string) func(error) { return func(error) { p.Log("write cb", s) } }
		p.Log("write a", t.WriteString("a", say("a")))
		p.Log("write bb", t.WriteString("bb", say("bb")))
		p.Log("write c", t.WriteString("c", say("c")))
		l.SetImmediate(func() {
			p.Log("readable length", t.ReadableLength(), "writable length", t.WritableLength())
			p.Log("read", str(t.Read()))
			l.SetImmediate(func() {
				p.Log("after read: readable length", t.ReadableLength(), "writable length", t.WritableLength())
			})
		})
		p.Run()
	})

	register("stream/transform_flush_order", func(p *P) {
		l := p.Loop()
		t := stream.NewTransform(l, stream.TransformOptions{
			Transform: func(t *stream.Transform, c stream.Chunk, cb func(error)) {
				t.PushString(string(c.Data) + "!")
				cb(nil)
			},
			Flush: func(t *stream.Transform, cb func(error)) {
				p.Log("_flush")
				t.PushString("flushed")
				cb(nil)
			},
		})
		t.OnData(func(d []byte) { p.Log("data", string(d)) })
		for _, ev := range []string{"prefinish", "end", "finish", "close"} {
			events.On0(&t.Emitter, ev, func() { p.Log(ev) })
		}
		t.WriteString("x", nil)
		t.End(func(error) { p.Log("end cb") })
		p.Run()
	})

	register("stream/duplex_half_open", func(p *P) {
		l := p.Loop()
		var d *stream.Duplex
		d = stream.NewDuplex(l, stream.DuplexOptions{
			DisallowHalfOpen: true,
			Read:             func(r *stream.Readable, _ int) { r.PushString("only"); r.PushEOF() },
			Write:            func(c stream.Chunk, cb func(error)) { cb(nil) },
		})
		for _, ev := range []string{"end", "prefinish", "finish", "close"} {
			events.On0(&d.Emitter, ev, func() { p.Log(ev, "writableEnded", d.WritableEnded()) })
		}
		d.OnData(func(x []byte) { p.Log("data", string(x)) })
		var h *stream.Duplex
		h = stream.NewDuplex(l, stream.DuplexOptions{
			Read:  func(r *stream.Readable, _ int) { r.PushEOF() },
			Write: func(c stream.Chunk, cb func(error)) { cb(nil) },
		})
		h.OnEnd(func() { l.SetImmediate(func() { p.Log("half-open: writable still", h.IsWritable()) }) })
		h.Resume()
		p.Run()
	})

	register("stream/readable_from", func(p *P) {
		l := p.Loop()
		r := stream.From(l, func(yield func(string) bool) {
			for _, s := range []string{"a", "b", "c"} {
				if !yield(s) {
					return
				}
			}
		})
		p.Log("objectMode", r.ReadableObjectMode(), "hwm", r.ReadableHighWaterMark())
		r.OnDataValue(func(v any) { p.Log("data", v) })
		r.OnEnd(func() { p.Log("end") })
		r.OnClose(func() { p.Log("close") })
		p.Run()
	})
}

var _ = uv.Version

// jsonString formats s like JSON.stringify.
func jsonString(s string) (string, error) { return strconv.Quote(s), nil }

func utf16Len(s string) int {
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

// Scenarios of issue 12 (§3, §4).
func init() {
	register("stream/destroy_pending_callbacks", func(p *P) {
		l := p.Loop()
		w1 := stream.NewWritable(l, stream.WritableOptions{})
		w1.Destroy(nil)
		p.Log("no impl, destroyed: write", w1.WriteString("x", func(e error) { p.Log("cb1", code(e)) }))
		w2 := stream.NewWritable(l, stream.WritableOptions{})
		w2.OnError(func(e error) { p.Log("w2 error", code(e)) })
		w2.End(nil)
		p.Log("no impl, ended: write", w2.WriteString("x", func(e error) { p.Log("cb2", code(e)) }))
		w3 := stream.NewWritable(l, stream.WritableOptions{})
		w3.Cork()
		p.Log("no impl, corked: write", w3.WriteString("x", func(e error) { p.Log("cb3", code(e)) }))
		w3.Destroy(nil)
		later := func(c stream.Chunk, cb func(error)) { l.SetImmediate(func() { cb(nil) }) }
		w4 := stream.NewWritable(l, stream.WritableOptions{Write: later})
		w4.WriteString("a", func(e error) { p.Log("cb4 a", code(e)) })
		w4.End(func(e error) { p.Log("end cb4", code(e)) })
		w4.OnClose(func() { p.Log("w4 close") })
		w4.Destroy(nil)
		w5 := stream.NewWritable(l, stream.WritableOptions{Write: later})
		w5.End(func(e error) { p.Log("end cb5", code(e)) })
		w5.OnError(func(e error) { p.Log("w5 error", code(e)) })
		w5.Destroy(errors.New("boom"))
		var w6 *stream.Writable
		w6 = stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) { p.Log("_write6"); cb(nil) }})
		w6.Cork()
		w6.WriteString("a", func(e error) { p.Log("cb6 a", code(e), w6.WritableLength()) })
		w6.WriteString("b", func(e error) { p.Log("cb6 b", code(e), w6.WritableLength()) })
		w6.OnClose(func() { p.Log("w6 close") })
		p.Log("w6 length", w6.WritableLength())
		w6.Destroy(nil)
		p.Log("w6 length after destroy", w6.WritableLength())
		l.NextTick(func() { p.Log("tick queued after the destroys") })
		var d *stream.Duplex
		d = stream.NewDuplex(l, stream.DuplexOptions{
			Write: func(c stream.Chunk, cb func(error)) { cb(nil) },
			Read:  func(*stream.Readable, int) {},
		})
		d.Cork()
		d.WriteString("a", func(e error) { p.Log("duplex cb", code(e)) })
		d.OnClose(func() { p.Log("duplex close", d.WritableLength()) })
		d.Destroy(nil)
		p.Run()
	})
}

func init() {
	register("stream/transform_final_flush", func(p *P) {
		l := p.Loop()
		var t *stream.Transform
		t = stream.NewTransform(l, stream.TransformOptions{
			DuplexOptions: stream.DuplexOptions{Final: func(cb func(error)) {
				p.Log("_final")
				l.SetImmediate(func() { p.Log("final done"); cb(nil) })
			}},
			Transform: func(t *stream.Transform, c stream.Chunk, cb func(error)) {
				p.Log("_transform", string(c.Bytes()))
				t.PushChunk(c)
				cb(nil)
			},
			Flush: func(t *stream.Transform, cb func(error)) { p.Log("_flush"); t.PushString("tail"); cb(nil) },
		})
		for _, ev := range []string{"prefinish", "finish", "end", "close"} {
			events.On0(&t.Emitter, ev, func() { p.Log(ev) })
		}
		t.OnData(func(d []byte) { p.Log("data", string(d)) })
		t.WriteString("a", nil)
		t.End(func(error) { p.Log("end cb") })
		t2 := stream.NewTransform(l, stream.TransformOptions{
			DuplexOptions: stream.DuplexOptions{Final: func(cb func(error)) { p.Log("t2 _final"); cb(nil) }},
			Transform:     func(t *stream.Transform, c stream.Chunk, cb func(error)) { t.PushChunk(c); cb(nil) },
		})
		for _, ev := range []string{"prefinish", "finish", "end", "close"} {
			events.On0(&t2.Emitter, ev, func() { p.Log("t2", ev) })
		}
		t2.Resume()
		t2.End(nil)
		p.Run()
	})
}

func init() {
	register("stream/pipeline_last_listeners", func(p *P) {
		l := p.Loop()
		l.SetUncaughtExceptionHandler(func(v any) { p.Log("uncaught", v.(error).Error()) })
		a := stream.NewPassThrough(l, stream.DuplexOptions{})
		a.EndString("foobar", nil)
		b := stream.NewDuplex(l, stream.DuplexOptions{Write: func(c stream.Chunk, cb func(error)) { cb(nil) }})
		p.Log("before", a.ListenerCount("error"), b.ListenerCount("error"))
		stream.Pipeline(func(err error) {
			if err == nil {
				p.Log("done ok")
			} else {
				p.Log("done", err.Error())
			}
			p.Log("first keeps listeners", a.ListenerCount("error") > 0, "last", b.ListenerCount("error"))
			l.SetImmediate(func() {
				b.Destroy(errors.New("no way"))
				p.Log("destroyed")
			})
		}, a, b)
		c := stream.NewPassThrough(l, stream.DuplexOptions{})
		d := stream.NewPassThrough(l, stream.DuplexOptions{})
		stream.Pipeline(func(err error) {
			p.Log("failed", err.Error(), "last keeps listeners", d.ListenerCount("error") > 0)
		}, c, d)
		c.Destroy(errors.New("x"))
		p.Run()
	})
}

// jsJSON formats s as JSON.stringify does: only '"', '\\' and control
// characters below U+0020 are escaped.
func jsJSON(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// showChunk prints a chunk as the encodings scenario's show().
func showChunk(c stream.Chunk, ok bool) string {
	switch {
	case !ok:
		return "null"
	case c.IsString():
		return "string " + jsJSON(c.String)
	}
	return "bytes " + hex.EncodeToString(c.Data)
}

// catchCode runs fn and returns the code and message of what it panicked with.
func catchCode(fn func()) (c, m string) {
	defer func() {
		if r := recover(); r != nil {
			err := r.(error)
			c, m = code(err), err.Error()
		}
	}()
	fn()
	return "none", ""
}

func init() {
	register("stream/encodings", func(p *P) {
		l := p.Loop()
		input := []byte("héllo wörld 😀 \u00ff")
		for _, enc := range []string{"utf8", "hex", "base64", "base64url", "latin1", "binary", "ascii", "utf16le", "ucs2", "UTF-8", "Base64"} {
			r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
			if err := r.SetEncoding(enc); err != nil {
				p.Log("SetEncoding", enc, err)
			}
			var out []string
			r.OnDataString(func(s string) { out = append(out, jsJSON(s)) })
			r.OnEnd(func() { p.Log(enc, r.ReadableEncoding(), "["+strings.Join(out, ",")+"]") })
			for i, k := 0, 0; i < len(input); k++ {
				n := []int{1, 2, 4}[k%3]
				r.Push(input[i:min(i+n, len(input))])
				i += n
			}
			r.PushEOF()
		}
		r2 := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}, Encoding: "base64"})
		r2.Push([]byte("abcd"))
		r2.PushEOF()
		r2.OnDataString(func(s string) { p.Log("option base64 data", "string "+jsJSON(s)) })
		r3 := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		r3.SetEncoding("utf16le")
		r3.UnshiftString("6869", "hex")
		r3.PushChunk(stream.StringChunk("zz", "latin1"))
		c, ok := r3.Read()
		p.Log("utf16le unshift/push", showChunk(c, ok), r3.ReadableEncoding())
		r4 := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		r4.UnshiftString("aGk=", "base64")
		r4.PushChunk(stream.StringChunk("de", "hex"))
		c, ok = r4.Read()
		p.Log("no encoding unshift/push", showChunk(c, ok))
		r5 := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		err := r5.SetEncoding("bogus")
		p.Log("setEncoding bogus", code(err), err.Error())
		enc5 := r5.ReadableEncoding()
		if enc5 == "" {
			enc5 = "null"
		}
		p.Log("encoding after bogus", enc5)
		cd, _ := catchCode(func() { stream.NewReadable(l, stream.ReadableOptions{Encoding: "nope"}) })
		p.Log("option nope", cd)

		seen := func(name string) func(stream.Chunk, func(error)) {
			return func(c stream.Chunk, cb func(error)) { p.Log(name, c.Encoding, showChunk(c, true)); cb(nil) }
		}
		w := stream.NewWritable(l, stream.WritableOptions{Write: seen("decode")})
		w.WriteChunk(stream.StringChunk("6869", "hex"), nil)
		w.WriteChunk(stream.StringChunk("aGk", "base64"), nil)
		w.WriteChunk(stream.StringChunk("aGk_", "base64url"), nil)
		w.WriteChunk(stream.StringChunk("\u00e9\u00ff", "latin1"), nil)
		w.WriteChunk(stream.StringChunk("\u00e9", "ascii"), nil)
		w.WriteChunk(stream.StringChunk("h\u00e9", "utf16le"), nil)
		w.WriteChunk(stream.StringChunk("zz9", "hex"), nil)
		w.SetDefaultEncoding("HEX")
		w.WriteString("4142", nil)
		w.EndString("43", nil)
		cd, m := catchCode(func() { w.WriteChunk(stream.StringChunk("x", "bogus"), nil) })
		p.Log("write bogus", cd, m)
		p.Log("setDefaultEncoding bogus", code(w.SetDefaultEncoding("bogus")))
		w2 := stream.NewWritable(l, stream.WritableOptions{DisableDecodeStrings: true, Write: seen("keep")})
		w2.WriteChunk(stream.StringChunk("6869", "hex"), nil)
		w2.WriteString("plain", nil)
		w2.Write([]byte("b"), nil)
		p.Run()
	})
}

func init() {
	register("stream/from_close_order", func(p *P) {
		l := p.Loop()
		letters := func(yield func(string) bool) {
			for _, s := range []string{"a", "b", "c"} {
				if !yield(s) {
					return
				}
			}
		}
		r := stream.From(l, letters, stream.ReadableOptions{ObjectMode: true})
		p.Log("hwm", r.ReadableHighWaterMark(), "objectMode", r.ReadableObjectMode())
		r2 := stream.From(l, func(yield func(string) bool) { yield("x") }, stream.ReadableOptions{HighWaterMark: 4})
		p.Log("hwm", r2.ReadableHighWaterMark(), "objectMode", r2.ReadableObjectMode())
		r2.Resume()
		t := stream.NewTransform(l, stream.TransformOptions{
			DuplexOptions: stream.DuplexOptions{ObjectMode: true},
			Transform: func(t *stream.Transform, c stream.Chunk, cb func(error)) {
				t.PushValue(strings.ToUpper(c.Value.(string)))
				cb(nil)
			},
		})
		r.Pipe(t)
		t.OnDataValue(func(v any) { p.Log("data", v) })
		for _, x := range []struct {
			name string
			e    *events.Emitter
		}{{"from", &r.Emitter}, {"transform", &t.Emitter}} {
			for _, ev := range []string{"end", "finish", "close"} {
				events.On0(x.e, ev, func() { p.Log(x.name, ev) })
			}
		}
		l.NextTick(func() { p.Log("tick") })
		l.QueueMicrotask(func() { p.Log("microtask") })
		p.Run()
	})
}

func init() {
	register("stream/buffer_introspection", func(p *P) {
		l := p.Loop()
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) {
			p.Log("_write", hex.EncodeToString(c.Data))
			l.SetImmediate(func() { cb(nil) })
		}})
		w.WriteString("a", nil)
		w.WriteString("b", nil)
		w.WriteChunk(stream.StringChunk("c", "hex"), nil)
		w.WriteChunk(stream.StringChunk("6465", "hex"), nil)
		var wb []string
		for _, c := range w.WritableBuffer() {
			wb = append(wb, fmt.Sprintf("[%q,%q]", hex.EncodeToString(c.Data), c.Encoding))
		}
		p.Log("writableBuffer", "["+strings.Join(wb, ",")+"]")
		w.OnFinish(func() { p.Log("finish, writableBuffer", len(w.WritableBuffer())) })
		w.End(nil)
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		r.PushString("x")
		r.PushString("yz")
		rb := func() string {
			var s []string
			for _, c := range r.ReadableBuffer() {
				s = append(s, strconv.Quote(string(c.Bytes())))
			}
			return "[" + strings.Join(s, ",") + "]"
		}
		p.Log("readableBuffer", rb())
		r.ReadN(2)
		p.Log("after read(2)", rb())
		p.Run()
	})
}

func init() {
	register("stream/async_iterator_attach", func(p *P) {
		l := p.Loop()
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		l.NextTick(func() {
			r.PushString("a")
			r.PushString("b")
			p.Log("pushed")
		})
		r2 := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		l.NextTick(func() {
			r2.Destroy(errors.New("boom"))
			p.Log("destroyed")
		})
		ctx := context.Background()
		seq2 := stream.Chunks(ctx, l, r2)
		seq := stream.Chunks(ctx, l, r)
		flowing, _ := r.ReadableFlowing()
		p.Log("attached", r.ListenerCount("readable"), "flowing", flowing, "r2 error listeners", r2.ListenerCount("error"))
		hold, err := uv.NewAsync(l, func() {})
		if err != nil {
			p.Log("NewAsync", err)
			return
		}
		second := make(chan string, 1)
		go func() {
			res := "r2 ended"
			for c, err := range seq2 {
				if err != nil {
					res = "caught " + err.Error()
					break
				}
				p.Log("r2 chunk", string(c.Bytes()))
			}
			second <- res
		}()
		go func() {
			for c, err := range seq {
				if err != nil {
					p.Log("error", err)
					break
				}
				p.Log("chunk", string(c.Bytes()))
				if string(c.Bytes()) == "ab" {
					break
				}
			}
			res := <-second // not on the loop: r2's iteration needs it
			// Runs after the destroy the break posted.
			l.Post(func() {
				p.Log("r destroyed after break", r.Destroyed())
				p.Log(res)
				hold.Close(nil)
			})
		}()
		p.Run()
	})
}
