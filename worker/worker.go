package worker

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"runtime"
	"sync"
	"syscall"

	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

// Server is what each worker serves: *http.Server and *net.Server satisfy
// it. Its methods are called on the worker's loop.
type Server interface {
	// ListenWith listens as o says (Start sets ReusePort when Workers > 1).
	ListenWith(o net.ListenOptions, cb func()) error
	// Address returns where it listens (the port picked for port 0).
	Address() netip.AddrPort
	// Close stops accepting; cb runs when the last connection has closed.
	Close(cb func(error))
	// Connections returns the number of open connections.
	Connections() int
}

// closeAller is the optional force-close of a Server (*http.Server's
// CloseAllConnections); Stop uses it when present.
type closeAller interface{ CloseAllConnections() }

// Options configure a Group.
type Options struct {
	// Workers is the number of loops; 0 or less means runtime.NumCPU().
	Workers int
	// Listen is where every worker listens. ReusePort is set by Start when
	// Workers > 1 and must not be set by the caller.
	Listen net.ListenOptions
}

// Group is N loops serving one address. Its methods are safe for
// concurrent use.
type Group struct {
	ws      []*work
	addr    netip.AddrPort
	drained chan struct{}
	done    chan struct{}
	exited  chan struct{}

	mu      sync.Mutex
	closed  bool
	stopped bool
	nopen   int // servers not yet drained
	err     error
}

type work struct {
	loop *uv.Loop
	srv  Server
	keep *uv.Async     // nil once released (loop only)
	done chan struct{} // closed when the loop has returned and is closed
}

// release lets the loop end when its work is done. Loop only.
func (w *work) release() {
	if w.keep != nil {
		w.keep.Close(nil)
		w.keep = nil
	}
}

// ErrForced is returned by Shutdown when ctx ended before every connection
// finished, and the rest were closed.
var ErrForced = errors.New("worker: shutdown deadline reached: the remaining connections were closed")

// Start creates o.Workers loops, calls setup(i, loop) for each to build
// its server, makes each listen on o.Listen (SO_REUSEPORT when there are
// several), refuses an address another process holds (EADDRINUSE, see the
// package doc) and runs the loops, each on its own locked thread. On an
// error nothing is left running.
func Start(o Options, setup func(i int, loop *uv.Loop) (Server, error)) (*Group, error) {
	if setup == nil {
		panic("worker: Start needs a setup function that returns each loop's server")
	}
	if o.Listen.ReusePort {
		panic("worker: do not set Options.Listen.ReusePort: Start sets it when Workers > 1 and guards the port against other processes")
	}
	n := o.Workers
	if n <= 0 {
		n = runtime.NumCPU()
	}
	lo := o.Listen
	shared := n > 1
	if shared {
		lo.ReusePort = true
		if err := probe(lo); err != nil {
			return nil, err
		}
	}
	g := &Group{drained: make(chan struct{}), done: make(chan struct{}), exited: make(chan struct{}, n)}
	fail := func(err error) (*Group, error) {
		for _, w := range g.ws {
			w.loop.Close()
		}
		return nil, err
	}
	for i := range n {
		l, err := uv.New()
		if err != nil {
			return fail(err)
		}
		w := &work{loop: l, done: make(chan struct{})}
		g.ws = append(g.ws, w)
		if w.srv, err = setup(i, l); err != nil {
			return fail(err)
		}
		if w.srv == nil {
			return fail(fmt.Errorf("worker: setup returned no server for worker %d", i))
		}
		if err := w.srv.ListenWith(lo, nil); err != nil {
			return fail(addrError(err, lo))
		}
		// With port 0, the first worker picks the port the others share.
		if lo.Port == 0 {
			lo.Port = int(w.srv.Address().Port())
		}
		if i == 0 {
			g.addr = w.srv.Address()
		}
		// Keeps the loop alive until Stop, whatever the server does, so
		// Post always reaches a running loop until then.
		if w.keep, err = uv.NewAsync(l, func() {}); err != nil {
			return fail(err)
		}
	}
	if shared {
		if err := foreignListener(g.addr); err != nil {
			return fail(err)
		}
	}
	g.nopen = n
	var wg sync.WaitGroup
	for _, w := range g.ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := w.loop.Run()
			w.loop.Close() // handles left at a forced stop (app timers) are closed
			close(w.done)
			if err != nil {
				g.mu.Lock()
				g.err = errors.Join(g.err, err)
				g.mu.Unlock()
			}
			g.exited <- struct{}{}
		}()
	}
	go func() {
		wg.Wait()
		close(g.done)
	}()
	return g, nil
}

// addrError names the address in an address-in-use error, as Node's
// message does ("bind EADDRINUSE: address already in use 127.0.0.1:8080").
func addrError(err error, o net.ListenOptions) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return &AddrInUseError{Addr: displayAddr(o), Err: err}
	}
	return err
}

// AddrInUseError is Start's error when the address is taken: by another
// process (found by the probe or the /proc check), or by the kernel's
// bind. It unwraps to syscall.EADDRINUSE.
type AddrInUseError struct {
	Addr string // host:port as given
	Err  error  // the bind error, or nil when the guard found the holder
}

// Error reads like Node's: "bind EADDRINUSE: address already in use ADDR".
func (e *AddrInUseError) Error() string {
	if e.Err != nil {
		return e.Err.Error() + " " + e.Addr
	}
	return "bind EADDRINUSE: address already in use " + e.Addr + " (another process listens there)"
}

// Unwrap returns syscall.EADDRINUSE (or the bind error carrying it).
func (e *AddrInUseError) Unwrap() error {
	if e.Err != nil {
		return e.Err
	}
	return syscall.EADDRINUSE
}

func displayAddr(o net.ListenOptions) string {
	host := o.Host
	if a, err := netip.ParseAddr(host); err == nil && a.Is6() && !a.Is4In6() {
		host = "[" + host + "]"
	}
	return fmt.Sprintf("%s:%d", host, o.Port)
}

// Addr returns the address the workers listen on (with the port picked
// when Options.Listen.Port was 0).
func (g *Group) Addr() netip.AddrPort { return g.addr }

// Len returns the number of workers.
func (g *Group) Len() int { return len(g.ws) }

// Post runs fn on worker i's loop (loop.Post). It fails once that loop is
// closed.
func (g *Group) Post(i int, fn func()) error { return g.ws[i].loop.Post(fn) }

// Connections returns the open connections of every worker, each counted
// on its own loop. A worker whose loop has ended counts 0.
func (g *Group) Connections() int {
	counts := make([]chan int, len(g.ws))
	for i, w := range g.ws {
		c := make(chan int, 1)
		counts[i] = c
		if w.loop.Post(func() { c <- w.srv.Connections() }) != nil {
			c <- 0
		}
	}
	total := 0
	for i, w := range g.ws {
		select {
		case n := <-counts[i]:
			total += n
		case <-w.done:
		}
	}
	return total
}

// Close stops every worker accepting connections (each server's Close):
// idle connections close, requests in progress finish. Drained is closed
// once every server's last connection is gone. Close is idempotent.
func (g *Group) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return
	}
	g.closed = true
	for _, w := range g.ws {
		posted := w.loop.Post(func() {
			w.srv.Close(func(error) { g.serverDrained() })
		})
		if posted != nil { // the loop is gone: nothing left to drain
			go g.serverDrained()
		}
	}
}

func (g *Group) serverDrained() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.nopen--; g.nopen == 0 {
		close(g.drained)
	}
}

// Drained is closed when, after Close, every worker's server has closed
// its last connection.
func (g *Group) Drained() <-chan struct{} { return g.drained }

// Exited receives once for each loop that has returned: after Stop, or
// earlier if its Run failed (a receive before Stop means a worker ended
// early).
func (g *Group) Exited() <-chan struct{} { return g.exited }

// Stop force-closes what is left: each server's remaining connections
// (when it has CloseAllConnections) and the loop itself, even if timers
// of the app would keep it alive. Call Close first for a graceful stop.
func (g *Group) Stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		return
	}
	g.stopped = true
	for _, w := range g.ws {
		w.loop.Post(func() {
			w.release()
			if c, ok := w.srv.(closeAller); ok {
				c.CloseAllConnections()
			}
			w.loop.Stop()
		})
	}
}

// Wait waits until every loop has returned and is closed, and returns the
// errors of their Run.
func (g *Group) Wait() error {
	<-g.done
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

// Done is closed when every loop has returned and is closed.
func (g *Group) Done() <-chan struct{} { return g.done }

// Shutdown stops the group gracefully: Close, then wait for Drained; if
// ctx ends first, Stop closes what is left and Shutdown returns ErrForced.
// It returns when every loop has ended.
func (g *Group) Shutdown(ctx context.Context) error {
	g.Close()
	var forced error
	select {
	case <-g.drained:
	case <-ctx.Done():
		forced = ErrForced
	}
	g.Stop()
	return errors.Join(g.Wait(), forced)
}
