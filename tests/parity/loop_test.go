package parity

import (
	"errors"
	"time"

	"github.com/uvgo/uvgo/uv"
)

const ms = time.Millisecond

// busy blocks the loop thread, like a busy-wait in a Node script.
func busy(d time.Duration) { time.Sleep(d) }

func init() {
	register("loop/io_callback_order", func(p *P) {
		l := p.Loop()
		srv, _ := uv.NewTCP(l)
		srv.Bind(loopback0, 0)
		srv.Listen(16, func(error) {
			c, _ := srv.Accept()
			p.Log("io: connection")
			l.SetTimeout(func() { p.Log("timeout 0") }, 0)
			l.SetImmediate(func() { p.Log("immediate") })
			l.QueueMicrotask(func() { p.Log("microtask") })
			l.NextTick(func() { p.Log("tick") })
			c.Close(nil)
			srv.Close(nil)
		})
		addr, _ := srv.SockName()
		cli, _ := uv.NewTCP(l)
		cli.Connect(addr, func(error) { cli.Close(nil) })
		p.Run()
	})

	register("loop/timer_callback_order", func(p *P) {
		l := p.Loop()
		l.SetTimeout(func() {
			p.Log("timer")
			l.SetTimeout(func() { p.Log("timeout 0") }, 0)
			l.SetImmediate(func() { p.Log("immediate") })
			l.NextTick(func() { p.Log("tick") })
			l.QueueMicrotask(func() { p.Log("microtask") })
		}, 1*ms)
		p.Run()
	})

	register("loop/equal_duration_fifo", func(p *P) {
		l := p.Loop()
		for i := range 4 {
			l.SetTimeout(func() { p.Logf("a%d", i) }, 5*ms)
		}
		l.SetTimeout(func() { p.Log("zero") }, 0)
		l.SetTimeout(func() { p.Log("one") }, 1*ms)
		l.SetTimeout(func() { p.Log("neg") }, -10*ms)
		l.SetTimeout(func() { p.Log("big") }, (1<<40)*ms)
		for i := range 3 {
			l.SetTimeout(func() { p.Logf("b%d", i) }, 5*ms)
		}
		p.Run()
	})

	register("loop/clear_in_timers_phase", func(p *P) {
		l := p.Loop()
		var t2 *uv.Timeout
		l.SetTimeout(func() { p.Log("t1 clears t2"); l.ClearTimeout(t2) }, 2*ms)
		t2 = l.SetTimeout(func() { p.Log("t2 (must not run)") }, 2*ms)
		l.SetTimeout(func() { p.Log("t3") }, 2*ms)
		busy(5 * ms)
		p.Run()
	})

	register("loop/immediate_added_in_check", func(p *P) {
		l := p.Loop()
		l.SetImmediate(func() {
			p.Log("imm1")
			l.SetImmediate(func() { p.Log("imm3 (next iteration)") })
			l.NextTick(func() { p.Log("tick after imm1") })
		})
		l.SetImmediate(func() { p.Log("imm2") })
		p.Run()
	})

	register("loop/recursive_ticks_starve", func(p *P) {
		l := p.Loop()
		n := 0
		l.SetImmediate(func() { p.Log("immediate after", n, "ticks") })
		l.QueueMicrotask(func() { p.Log("microtask after", n, "ticks") })
		var tick func()
		tick = func() {
			if n++; n < 1000 {
				l.NextTick(tick)
			}
		}
		l.NextTick(tick)
		p.Run()
	})

	register("loop/unref_timer", func(p *P) {
		l := p.Loop()
		a := l.SetTimeout(func() { p.Log("unref 10 fires while 30 keeps the loop alive") }, 10*ms)
		a.Unref()
		p.Log("hasRef", a.HasRef())
		l.SetTimeout(func() {
			p.Log("ref 30")
			l.SetTimeout(func() { p.Log("never: unref 50") }, 50*ms).Unref()
		}, 30*ms)
		p.Run()
	})

	register("loop/ticks_between_timers", func(p *P) {
		l := p.Loop()
		l.SetTimeout(func() {
			p.Log("t1")
			l.NextTick(func() { p.Log("tick from t1") })
			l.QueueMicrotask(func() { p.Log("micro from t1") })
		}, 10*ms)
		l.SetTimeout(func() { p.Log("t2") }, 10*ms)
		l.SetTimeout(func() {
			p.Log("t3 (1ms list)")
			l.NextTick(func() { p.Log("tick from t3") })
		}, 1*ms)
		busy(15 * ms)
		p.Run()
	})

	register("loop/tick_microtask_nesting", func(p *P) {
		l := p.Loop()
		l.NextTick(func() {
			p.Log("tick1")
			l.NextTick(func() { p.Log("tick1.1") })
			l.QueueMicrotask(func() {
				p.Log("micro from tick1")
				l.NextTick(func() { p.Log("tick from micro") })
				l.QueueMicrotask(func() { p.Log("micro from micro") })
			})
		})
		l.QueueMicrotask(func() { p.Log("micro1") })
		l.NextTick(func() { p.Log("tick2") })
		p.Log("main")
		p.Run()
	})

	register("loop/tick_with_argument", func(p *P) {
		l := p.Loop()
		say := func(what any) { p.Log("arg tick", what) }
		l.QueueMicrotask(func() { p.Log("micro") })
		l.NextTickArg(say, "a")
		l.NextTick(func() {
			p.Log("plain tick")
			l.NextTickArg(say, "c")
		})
		l.NextTickArg(say, "b")
		l.SetImmediate(func() { l.NextTickArg(say, "from immediate") })
		p.Log("main")
		p.Run()
	})

	register("loop/interval_clear_self", func(p *P) {
		l := p.Loop()
		n := 0
		var iv *uv.Timeout
		iv = l.SetInterval(func() {
			n++
			p.Log("interval", n)
			if n == 3 {
				l.ClearInterval(iv)
			}
		}, 1*ms)
		l.SetTimeout(func() { p.Log("after, n =", n) }, 300*ms)
		p.Run()
	})

	register("loop/timer_in_timer", func(p *P) {
		l := p.Loop()
		l.SetTimeout(func() {
			p.Log("outer")
			l.SetTimeout(func() { p.Log("inner 1ms") }, 1*ms)
			l.SetImmediate(func() { p.Log("immediate") })
			busy(3 * ms)
		}, 1*ms)
		l.SetTimeout(func() { p.Log("sibling 1ms") }, 1*ms)
		busy(3 * ms)
		p.Run()
	})

	register("loop/refresh_timer", func(p *P) {
		l := p.Loop()
		t := l.SetTimeout(func() { p.Log("refreshed fires") }, 100*ms)
		l.SetTimeout(func() {
			p.Log("refresh at 10")
			t.Refresh()
			l.SetTimeout(func() { p.Log("15 after the refresh, before the refreshed 20") }, 75*ms)
		}, 50*ms)
		p.Run()
	})

	register("loop/refresh_fired_timer", func(p *P) {
		l := p.Loop()
		shots := 0
		var once *uv.Timeout
		once = l.SetTimeout(func() {
			shots++
			p.Log("once", shots)
			if shots == 1 {
				once.Refresh()
			}
		}, 5*ms)
		gone := l.SetTimeout(func() { p.Log("never") }, 5*ms)
		l.ClearTimeout(gone)
		gone.Refresh()
		p.Run()
	})

	register("loop/clear_immediate_in_phase", func(p *P) {
		l := p.Loop()
		var b *uv.Immediate
		l.SetImmediate(func() { p.Log("a clears b"); l.ClearImmediate(b) })
		b = l.SetImmediate(func() { p.Log("b (must not run)") })
		l.SetImmediate(func() { p.Log("c") })
		u := l.SetImmediate(func() { p.Log("unref immediate still runs here") })
		u.Unref()
		p.Log("hasRef", u.HasRef())
		p.Run()
	})

	register("loop/uncaught_tick_and_timer", func(p *P) {
		l := p.Loop()
		l.SetUncaughtExceptionHandler(func(v any) { p.Log("caught", v.(error).Error()) })
		l.NextTick(func() { p.Log("t1"); panic(errors.New("x")) })
		l.NextTick(func() { p.Log("t2") })
		l.SetTimeout(func() {
			p.Log("timeout1")
			l.NextTick(func() { p.Log("tick in timeout1") })
			panic(errors.New("y"))
		}, 5*ms)
		l.SetTimeout(func() { p.Log("timeout2") }, 5*ms)
		p.Run()
	})

	register("loop/uncaught_tick_drains_in_timer", func(p *P) {
		l := p.Loop()
		l.SetUncaughtExceptionHandler(func(v any) {
			p.Log("caught", v.(error).Error())
			l.QueueMicrotask(func() { p.Log("micro from handler") })
			l.NextTick(func() { p.Log("tick from handler") })
		})
		l.SetTimeout(func() {
			p.Log("timer1")
			l.NextTick(func() {
				p.Log("t1")
				l.QueueMicrotask(func() { p.Log("m1") })
				panic(errors.New("x"))
			})
			l.NextTick(func() { p.Log("t2") })
			l.QueueMicrotask(func() { p.Log("m0") })
			l.SetImmediate(func() { p.Log("immediate") })
		}, 1*ms)
		p.Run()
	})

	register("loop/uncaught_microtask_in_timer", func(p *P) {
		l := p.Loop()
		l.SetUncaughtExceptionHandler(func(v any) { p.Log("caught", v.(error).Error()) })
		l.SetTimeout(func() {
			p.Log("timer1")
			l.QueueMicrotask(func() { p.Log("m0"); panic(errors.New("x")) })
			l.QueueMicrotask(func() { p.Log("m1") })
			l.NextTick(func() { p.Log("t0") })
			l.SetImmediate(func() { p.Log("immediate") })
		}, 1*ms)
		p.Run()
	})

	register("loop/uncaught_tick_in_immediate", func(p *P) {
		l := p.Loop()
		l.SetUncaughtExceptionHandler(func(v any) { p.Log("caught", v.(error).Error()) })
		l.SetImmediate(func() {
			p.Log("imm1")
			l.NextTick(func() {
				p.Log("t1")
				l.QueueMicrotask(func() { p.Log("m1") })
				panic(errors.New("x"))
			})
			l.NextTick(func() { p.Log("t2") })
			l.QueueMicrotask(func() { p.Log("m0") })
			l.SetImmediate(func() { p.Log("immediate next") })
		})
		l.SetImmediate(func() { p.Log("imm2") })
		p.Run()
	})

	register("loop/uncaught_tick_in_io", func(p *P) {
		l := p.Loop()
		l.SetUncaughtExceptionHandler(func(v any) { p.Log("caught", v.(error).Error()) })
		srv, _ := uv.NewTCP(l)
		srv.Bind(loopback0, 0)
		srv.Listen(16, func(error) {
			c, _ := srv.Accept()
			p.Log("io: connection")
			l.NextTick(func() {
				p.Log("t1")
				l.QueueMicrotask(func() { p.Log("m1") })
				panic(errors.New("x"))
			})
			l.NextTick(func() { p.Log("t2") })
			l.QueueMicrotask(func() { p.Log("m0") })
			l.SetImmediate(func() { p.Log("immediate") })
			c.Close(nil)
			srv.Close(nil)
		})
		addr, _ := srv.SockName()
		cli, _ := uv.NewTCP(l)
		cli.Connect(addr, func(error) { cli.Close(nil) })
		p.Run()
	})

	register("loop/uncaught_tick_last_callback", func(p *P) {
		l := p.Loop()
		l.SetUncaughtExceptionHandler(func(v any) { p.Log("caught", v.(error).Error()) })
		l.SetTimeout(func() {
			p.Log("timer")
			l.QueueMicrotask(func() { p.Log("m0") })
			l.NextTick(func() { p.Log("t1"); panic(errors.New("x")) })
			l.NextTick(func() {
				p.Log("t2")
				l.QueueMicrotask(func() { p.Log("m1") })
			})
		}, 1*ms)
		p.Run()
	})

	register("loop/uncaught_immediate", func(p *P) {
		l := p.Loop()
		l.SetUncaughtExceptionHandler(func(v any) { p.Log("caught", v.(error).Error()) })
		l.SetTimeout(func() {
			l.SetImmediate(func() {
				p.Log("imm1")
				l.NextTick(func() { p.Log("tick from imm1") })
				panic(errors.New("z"))
			})
			l.SetImmediate(func() { p.Log("imm2") })
			l.SetImmediate(func() { p.Log("imm3") })
			l.SetTimeout(func() { p.Log("timeout 0") }, 0)
		}, 5*ms)
		p.Run()
	})

	register("loop/uncaught_crash", func(p *P) {
		l := p.Loop()
		l.SetTimeout(func() { p.Log("never: later timer") }, 50*ms)
		l.SetTimeout(func() {
			p.Log("about to throw")
			l.NextTick(func() { p.Log("never: tick") })
			panic(errors.New("boom"))
		}, 1*ms)
		p.Run()
	})

	register("loop/before_exit", func(p *P) {
		l := p.Loop()
		n := 0
		l.BeforeExit(func() {
			n++
			p.Log("beforeExit", n)
			if n == 1 {
				l.SetTimeout(func() { p.Log("timeout from beforeExit") }, 1*ms)
			}
		})
		l.SetImmediate(func() { p.Log("immediate") })
		p.Run()
	})
}
