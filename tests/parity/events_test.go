package parity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/uv"
)

// caught runs fn and returns the message of what it panicked with, the way
// the JS scenarios print err.code and err.message in a catch block.
func caught(fn func()) (msg string) {
	defer func() {
		switch r := recover().(type) {
		case nil:
			msg = "no panic"
		case *events.UnhandledError:
			msg = r.Code() + " " + r.Error()
		case error:
			msg = r.Error()
		default:
			msg = fmt.Sprint(r)
		}
	}()
	fn()
	return
}

// onWarning installs a warning hook for this scenario's emitters only
// (scenarios run in parallel and the hook is process-wide).
func onWarning(p *P, mine func(*events.Emitter) bool, fn func(*events.Warning)) {
	remove := events.OnWarning(func(w *events.Warning) {
		if mine(w.Emitter) {
			fn(w)
		}
	})
	p.t.Cleanup(remove)
}

func init() {
	register("events/snapshot_add_during_emit", func(p *P) {
		e := events.New()
		e.On("x", func(...any) {
			p.Log("a")
			e.On("x", func(...any) { p.Log("appended") })
			e.Prepend("x", func(...any) { p.Log("prepended") })
		})
		e.On("x", func(...any) { p.Log("b") })
		e.Emit("x")
		p.Log("--")
		e.Emit("x")
	})

	register("events/snapshot_remove_during_emit", func(p *P) {
		e := events.New()
		var b *events.Listener
		e.On("x", func(...any) { p.Log("a removes b"); e.RemoveListener("x", b) })
		b = e.On("x", func(...any) { p.Log("b") })
		e.Emit("x")
		p.Log("--")
		e.Emit("x")
	})

	register("events/snapshot_remove_all_during_emit", func(p *P) {
		e := events.New()
		e.On("x", func(...any) { p.Log("1 removes all"); e.RemoveAllListeners("x") })
		e.On("x", func(...any) { p.Log("2") })
		e.On("x", func(...any) { p.Log("3") })
		p.Log(e.Emit("x"))
		p.Log(e.Emit("x"))
	})

	register("events/single_listener_adds_during_emit", func(p *P) {
		e := events.New()
		e.On("x", func(...any) { p.Log("only"); e.On("x", func(...any) { p.Log("new") }) })
		e.Emit("x")
		p.Log("--")
		e.Emit("x")
	})

	register("events/once_removed_by_earlier_listener", func(p *P) {
		e := events.New()
		o := events.Func(func(...any) { p.Log("once") })
		e.On("x", func(...any) { p.Log("first removes once"); e.RemoveListener("x", o) })
		e.OnceListener("x", o)
		e.Emit("x")
		p.Log("count", e.ListenerCount("x"))
		e.Emit("x")
	})

	register("events/once_reentrant_emit", func(p *P) {
		e := events.New()
		depth := 0
		events.Once1(e, "x", func(n int) {
			p.Log("once", n)
			if depth < 3 {
				depth++
				events.Emit1(e, "x", n+1)
			}
		})
		events.On1(e, "x", func(n int) { p.Log("on", n) })
		events.Emit1(e, "x", 0)
	})

	register("events/once_remove_before_fire", func(p *P) {
		e := events.New()
		f := e.Once("x", func(...any) { p.Log("never") })
		p.Log("count", e.ListenerCount("x"))
		e.RemoveListener("x", f)
		p.Log("count", e.ListenerCount("x"), e.Emit("x"))
	})

	register("events/once_remove_listener_before_call", func(p *P) {
		e := events.New()
		events.On2(e, events.RemoveListenerEvent, func(n string, _ *events.Listener) {
			p.Log("removeListener", n, "count now", e.ListenerCount(n))
		})
		e.Once("x", func(...any) { p.Log("listener runs") })
		e.Once("y", func(...any) { p.Log("y runs") })
		e.On("y", func(...any) { p.Log("y other") })
		e.Emit("x")
		e.Emit("y")
	})

	register("events/newlistener_timing", func(p *P) {
		e := events.New()
		f := events.Func(func(...any) {})
		events.On2(e, events.NewListener, func(name string, fn *events.Listener) {
			p.Log("newListener", name, "count before", e.ListenerCount(name), "is f", fn == f)
		})
		e.AddListener("foo", f)
		e.OnceListener("foo", f)
		e.PrependOnceListener("bar", f)
		p.Log("count after", e.ListenerCount("foo"), e.ListenerCount("bar"))
	})

	register("events/newlistener_adds_before", func(p *P) {
		e := events.New()
		events.Once2(e, events.NewListener, func(name string, _ *events.Listener) {
			p.Log("newListener for", name)
			e.On(name, func(...any) { p.Log("added inside newListener") })
		})
		e.On("hello", func(...any) { p.Log("added by user") })
		e.Emit("hello")
	})

	register("events/newlistener_self", func(p *P) {
		e := events.New()
		events.On2(e, events.NewListener, func(name string, _ *events.Listener) { p.Log("first sees", name) })
		events.On2(e, events.NewListener, func(name string, _ *events.Listener) { p.Log("second sees", name) })
		e.On("x", func(...any) {})
	})

	register("events/removelistener_after_removal", func(p *P) {
		e := events.New()
		a := events.Func(func(...any) {})
		b := events.Func(func(...any) {})
		events.On2(e, events.RemoveListenerEvent, func(name string, fn *events.Listener) {
			which := "?"
			switch fn {
			case a:
				which = "a"
			case b:
				which = "b"
			}
			p.Log("removed", name, which, "left", e.ListenerCount(name))
		})
		e.AddListener("x", a)
		e.AddListener("x", b)
		e.RemoveListener("x", a)
		e.RemoveListener("x", b)
		e.RemoveListener("x", b)
		p.Log("nothing reported for an unknown listener")
	})

	register("events/removelistener_wrapper_arg", func(p *P) {
		e := events.New()
		f := events.Func(func(...any) {})
		events.On2(e, events.RemoveListenerEvent, func(name string, fn *events.Listener) {
			p.Log(name, "is f", fn == f, "wraps f", fn.IsOnce() && fn.Original() == f)
		})
		e.OnceListener("single", f)
		e.Emit("single")
		e.OnceListener("multi", f)
		e.On("multi", func(...any) {})
		e.Emit("multi")
		e.OnceListener("byuser", f)
		e.On("byuser", func(...any) {})
		e.RemoveListener("byuser", f)
	})

	register("events/remove_last_listener_silent", func(p *P) {
		e := events.New()
		r := events.On2(e, events.RemoveListenerEvent, func(name string, _ *events.Listener) { p.Log("removeListener", name) })
		e.On("x", func(...any) {})
		e.RemoveAllListeners("x")
		e.RemoveListener(events.RemoveListenerEvent, r)
		p.Log("names", len(e.EventNames()))
	})

	register("events/remove_most_recent", func(p *P) {
		e := events.New()
		f := events.Func(func(...any) { p.Log("f") })
		e.AddListener("x", f)
		e.On("x", func(...any) { p.Log("g") })
		e.AddListener("x", f)
		e.RemoveListener("x", f)
		e.Emit("x")
		p.Log("count f", e.ListenerCountOf("x", f))
	})

	register("events/remove_all_lifo", func(p *P) {
		e := events.New()
		ids := map[*events.Listener]int{}
		events.On2(e, events.RemoveListenerEvent, func(name string, fn *events.Listener) { p.Log("removed", name, ids[fn]) })
		for i := 1; i <= 3; i++ {
			ids[e.On("x", func(...any) {})] = i
		}
		before := e.Listeners("x")
		e.RemoveAllListeners("x")
		p.Log("earlier copy still has", len(before))
	})

	register("events/remove_all_everything", func(p *P) {
		e := events.New()
		events.On2(e, events.RemoveListenerEvent, func(name string, _ *events.Listener) { p.Log("rm1", name) })
		events.On2(e, events.RemoveListenerEvent, func(name string, _ *events.Listener) { p.Log("rm2", name) })
		for _, n := range []string{"b", "5", "a", "a"} {
			e.On(n, func(...any) {})
		}
		e.RemoveAllListeners()
		p.Log("names", len(e.EventNames()))
	})

	register("events/error_with_listener", func(p *P) {
		e := events.New()
		events.On1(e, "error", func(err error) { p.Log("handled", err.Error()) })
		p.Log(e.Emit("error", errors.New("boom")))
	})

	register("events/error_unhandled_messages", func(p *P) {
		e := events.New()
		values := [][]any{{}, {"boom"}, {42}, {1.5}, {nil}, {true}, {"it's"}, {[]any{1, 2}}, {map[string]any{"a": 1}}}
		for _, args := range values {
			p.Log(caught(func() { e.Emit("error", args...) }))
		}
		boom := errors.New("boom")
		var same bool
		func() {
			defer func() { same = recover() == boom }()
			e.Emit("error", boom)
		}()
		p.Log("same error", same, boom.Error())
	})

	register("events/error_monitor", func(p *P) {
		e := events.New()
		events.On1(e, events.ErrorMonitor, func(err error) { p.Log("monitor", err.Error()) })
		p.Log("error listeners", e.ListenerCount("error"))
		p.Log("thrown", caught(func() { e.Emit("error", errors.New("one")) }))
		events.On1(e, "error", func(err error) { p.Log("error", err.Error()) })
		e.Emit("error", errors.New("two"))
	})

	register("events/once_error_second_throws", func(p *P) {
		e := events.New()
		events.Once1(e, "error", func(err error) { p.Log("first", err.Error()) })
		e.Emit("error", errors.New("a"))
		p.Log("thrown", caught(func() { e.Emit("error", errors.New("b")) }))
	})

	register("events/throw_stops_emit", func(p *P) {
		e := events.New()
		e.On("x", func(...any) { p.Log("first throws"); panic(errors.New("stop")) })
		e.On("x", func(...any) { p.Log("never") })
		p.Log("caught", caught(func() { e.Emit("x") }))
		e.RemoveAllListeners("x")
		e.On("x", func(...any) { p.Log("emitter still works") })
		e.Emit("x")
	})

	register("events/max_listeners_warning", func(p *P) {
		l := p.Loop()
		e := events.NewWithOptions(events.Options{Scheduler: l})
		m := events.NewWithOptions(events.Options{Scheduler: l, TypeName: "MyEmitter"})
		s := events.Symbol("sym")
		onWarning(p, func(x *events.Emitter) bool { return x == e || x == m }, func(w *events.Warning) {
			p.Log("warning", w.Name, w.Count, w.Event, "|", w.Message)
			if events.IsSymbol(w.Type) {
				p.Log("type is the symbol", w.Type == s)
			}
		})
		for range 12 {
			e.On("foo", func(...any) {})
		}
		p.Log("added 12 (synchronous part)")
		for range 11 {
			e.On(s, func(...any) {})
		}
		m.SetMaxListeners(1)
		m.On("bar", func(...any) {})
		m.On("bar", func(...any) {})
		l.NextTick(func() { p.Log("tick queued after the warnings") })
		p.Run()
	})

	register("events/max_listeners_limits", func(p *P) {
		l := p.Loop()
		e := events.NewWithOptions(events.Options{Scheduler: l})
		n := 0
		onWarning(p, func(x *events.Emitter) bool { return x == e }, func(w *events.Warning) {
			n++
			p.Log("warning", n, w.Count, w.Event)
		})
		p.Log("default", e.GetMaxListeners())
		e.SetMaxListeners(0)
		for range 20 {
			e.On("many", func(...any) {})
		}
		e.SetMaxListeners(2)
		p.Log("limit", e.GetMaxListeners())
		for range 4 {
			e.On("x", func(...any) {})
		}
		e.RemoveAllListeners("x")
		for range 3 {
			e.On("x", func(...any) {})
		}
		if err := e.SetMaxListeners(-1); err != nil {
			p.Log("ERR_OUT_OF_RANGE", err.Error())
		}
		l.SetTimeout(func() { p.Log("done") }, time.Millisecond)
		p.Run()
	})

	register("events/event_names_order", func(p *P) {
		e := events.New()
		s := events.Symbol("s")
		for _, n := range []string{"b", "10", "2", s, "a", "01", "-1", "4294967295", "4294967294"} {
			e.On(n, func(...any) {})
		}
		show := func() {
			names := e.EventNames()
			for i, n := range names {
				names[i] = events.DisplayName(n)
			}
			p.Log(strings.Join(names, " "))
		}
		show()
		e.RemoveAllListeners("b")
		e.On("b", func(...any) {})
		show()
	})

	register("events/listeners_and_raw", func(p *P) {
		e := events.New()
		f := events.Func(func(...any) { p.Log("f called") })
		e.AddListener("x", f)
		e.OnceListener("x", f)
		ls := e.Listeners("x")
		p.Log("listeners are f", ls[0] == f, ls[1] == f)
		raw := e.RawListeners("x")
		p.Log("raw[0] is f", raw[0] == f, "raw[1] wraps f", raw[1].Original() == f)
		raw[1].Call()
		raw[1].Call()
		p.Log("count", e.ListenerCount("x"), "count of f", e.ListenerCountOf("x", f))
		ls = ls[:len(ls)-1]
		_ = ls
		p.Log("copy changed, emitter has", len(e.Listeners("x")))
		p.Log("unknown", len(e.Listeners("nope")))
	})

	register("events/prepend_order", func(p *P) {
		e := events.New()
		e.On("x", func(...any) { p.Log("on") })
		e.Prepend("x", func(...any) { p.Log("prepend") })
		e.PrependOnce("x", func(...any) { p.Log("prependOnce") })
		e.Emit("x")
		p.Log("--")
		e.Emit("x")
	})

	register("events/emit_arguments", func(p *P) {
		e := events.New()
		p.Log("no listener", e.Emit("x", 1))
		e.On("x", func(args ...any) {
			parts := make([]string, len(args))
			for i, a := range args {
				parts[i] = fmt.Sprint(a)
			}
			p.Log("args", len(args), strings.Join(parts, ","))
		})
		p.Log(e.Emit("x"))
		e.Emit("x", 1)
		e.Emit("x", 1, "two", 3)
	})

	register("events/once_helper_order", func(p *P) {
		l := p.Loop()
		e := events.NewWithOptions(events.Options{Scheduler: l})
		events.OnceWithError(e, "ready", func(args []any, err error) {
			p.Logf("resolved %v,%v names left %d", args[0], args[1], len(e.EventNames()))
			events.OnceWithError(e, "ready", func(_ []any, err error) {
				p.Log("rejected", err.Error(), "names left", len(e.EventNames()))
			})
			e.Emit("error", errors.New("bad"))
		})
		e.Emit("ready", 1, 2)
		l.NextTick(func() { p.Log("tick") })
		p.Log("emit returned")
		p.Run()
	})
}

func init() {
	register("events/on_iterator_attach", func(p *P) {
		l := p.Loop()
		e := events.NewWithOptions(events.Options{Scheduler: l})
		l.NextTick(func() {
			e.Emit("foo", "bar")
			e.Emit("foo", 42)
			e.Emit("error", errors.New("boom"))
			p.Log("emitted")
		})
		seq := events.Iter(context.Background(), l, e, "foo", events.IterOptions{})
		p.Log("attached", e.ListenerCount("foo"), e.ListenerCount("error"))
		// The range runs on another goroutine; an async handle keeps the
		// loop alive until it is done.
		hold, err := uv.NewAsync(l, func() {})
		if err != nil {
			p.Log("NewAsync", err)
			return
		}
		l.SetImmediate(func() {
			go func() {
				for args, err := range seq {
					if err != nil {
						p.Log("caught", err.Error())
						break
					}
					p.Log("got", args[0])
				}
				l.Post(func() {
					p.Log("after", e.ListenerCount("foo"), e.ListenerCount("error"))
					hold.Close(nil)
				})
			}()
		})
		p.Run()
	})
}
