// Command uvhttp is uvgo's sample server: Node's HTTP/1.1 server model on
// libuv and llhttp, serving the routes described in app.go (the same app
// as tests/parity/wire/app.js, which the wire parity suite compares it
// with byte for byte).
//
//	uvhttp -listen 127.0.0.1:8080 [-workers N] [-root DIR] [-upstream http://HOST:PORT] [-access-log] [-quiet] [-version]
//
// -listen takes HOST:PORT: an IP address ("127.0.0.1:8080", "[::1]:8080"),
// "localhost:8080" (127.0.0.1, as uvgo's net listens on it), another host
// name (resolved once at startup, the first address is used) or ":8080"
// (every address, like Node's server.listen(8080)). Port 0 picks a free
// port. A port another process holds fails with Node's message naming the
// address: "bind EADDRINUSE: address already in use 127.0.0.1:8080".
//
// With -workers N it runs N event loops, each on its own OS thread with
// its own listening socket on the same port (SO_REUSEPORT): the kernel
// spreads connections among them (Node needs cluster processes for this).
// It prints the address it listens on. SIGINT or SIGTERM stops it
// gracefully, like Node's server.close(): no new connections, idle
// keep-alive connections closed, in-flight requests finished; whatever is
// left after -shutdown-timeout is closed, and it exits 0. Unlike Node's
// server.close(), a keep-alive connection is closed as soon as its last
// request is done, not when its keep-alive timeout ends (about 6 s later
// in Node), so the process exits when the work in flight is done. Unless
// -quiet, the shutdown's progress is logged to stderr: when it stops
// accepting (with the number of connections whose request is still in
// flight), when the deadline forces connections closed, and when it is
// done. A second signal closes everything at once.
//
// With -upstream http://HOST:PORT it is a reverse proxy: every request
// (but /static/ ones when -root is given) is forwarded to that server
// through a keep-alive agent, bodies streamed both ways with
// backpressure; see proxy.go for the headers it drops and adds and for
// its answers to upstream failures (502 Bad Gateway before the response
// head, the client's connection destroyed after it).
//
// -access-log writes one JSON line (log/slog) per request to stderr when
// the response closes, so a request the client abandoned is logged too:
// method, path, status, bytes, remote (the client's address), duration_ms
// and aborted (true when the response did not finish: the connection went
// away first, or was closed at the shutdown deadline; status is then 0 if
// no response head was sent).
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
	"github.com/uvgo/uvgo/worker"
)

type config struct {
	listen          listenAddr
	workers         int
	quiet           bool
	accessLog       bool
	shutdownTimeout time.Duration
	root            string
	upstream        *upstreamAddr
}

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "HOST:PORT to listen on (IP, localhost, a host name, or empty for every address as in :8080; port 0 picks a free one)")
	workers := flag.Int("workers", 1, "event loops, each on its own thread and SO_REUSEPORT socket (0: one per core)")
	quiet := flag.Bool("quiet", false, "print only the listening address (no shutdown progress)")
	accessLog := flag.Bool("access-log", false, "log one JSON line per request to stderr when its response closes (method, path, status, bytes, remote, duration_ms, aborted)")
	shutdown := flag.Duration("shutdown-timeout", 10*time.Second, "on SIGINT/SIGTERM, force-close connections still open after this long")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file until the server stops")
	root := flag.String("root", "", "serve the files under this directory at /static/ (ETag, Last-Modified, Range, If-Range, HEAD)")
	upstream := flag.String("upstream", "", "proxy every request (but /static/ with -root) to this http://HOST:PORT server, through a keep-alive agent")
	showVersion := flag.Bool("version", false, "print uvgo's version (and libuv's and Go's) and exit")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "uvhttp: uvgo's HTTP/1.1 server (%s)\n\nusage: uvhttp [flags]\n", versionString())
		flag.PrintDefaults()
	}
	flag.Parse()
	if *showVersion {
		fmt.Println("uvhttp", versionString())
		return
	}
	addr, err := parseListen(*listen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "uvhttp: -listen %q: %v\n", *listen, err)
		os.Exit(2)
	}
	var up *upstreamAddr
	if *upstream != "" {
		u, err := parseUpstream(*upstream)
		if err != nil {
			fmt.Fprintf(os.Stderr, "uvhttp: -upstream %q: %v\n", *upstream, err)
			os.Exit(2)
		}
		up = &u
	}
	n := *workers
	if n <= 0 {
		n = runtime.NumCPU()
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "uvhttp:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	if err := run(config{listen: addr, workers: n, quiet: *quiet, accessLog: *accessLog, shutdownTimeout: *shutdown, root: *root, upstream: up}); err != nil {
		fmt.Fprintln(os.Stderr, "uvhttp:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// progress logs the shutdown's steps to stderr, unless -quiet.
type progress struct{ quiet bool }

func (p progress) log(format string, args ...any) {
	if !p.quiet {
		fmt.Fprintf(os.Stderr, "uvhttp: "+format+"\n", args...)
	}
}

func run(cfg config) error {
	var logger *slog.Logger
	if cfg.accessLog {
		logger = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	// Before the address is printed: a signal sent as soon as it is seen
	// must stop the server gracefully, not kill it.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	servers := make([]*http.Server, cfg.workers)
	g, err := worker.Start(worker.Options{Workers: cfg.workers, Listen: net.ListenOptions{Host: cfg.listen.host, Port: cfg.listen.port}},
		func(i int, l *uv.Loop) (worker.Server, error) {
			var static *staticFiles
			if cfg.root != "" {
				var err error
				if static, err = newStaticFiles(l, cfg.root); err != nil {
					return nil, fmt.Errorf("-root: %w", err)
				}
			}
			var px *proxy
			if cfg.upstream != nil {
				px = newProxy(l, *cfg.upstream)
			}
			servers[i] = newApp(l, logger, static, px)
			return servers[i], nil
		})
	if err != nil {
		return err
	}
	fmt.Printf("uvhttp listening on %s\n", g.Addr())
	if !cfg.quiet {
		fmt.Printf("try: curl http://%s/hello  (%d worker(s); Ctrl-C stops)\n", g.Addr(), g.Len())
	}
	p := progress{quiet: cfg.quiet}
	select {
	case <-g.Exited():
		// A loop ended on its own: stop the others.
		g.Stop()
		return g.Wait()
	case sig := <-sigs:
		// Close closes the idle connections at once: those still open have
		// a request in flight (no per-request counting on the hot path).
		g.Close()
		p.log("%s: shutting down: stopped accepting on %s; %d connection(s) with a request in flight",
			sig, g.Addr(), g.Connections())
	}
	start := time.Now()
	// Unlike Node's server.close(), a keep-alive connection whose last
	// request finished during the shutdown is closed then, rather than
	// when its keep-alive timeout ends: the process exits once the work
	// in flight is done.
	idle := time.NewTicker(50 * time.Millisecond)
	defer idle.Stop()
	go func() {
		for {
			select {
			case <-idle.C:
				for i, srv := range servers {
					g.Post(i, srv.CloseIdleConnections)
				}
			case <-g.Done():
				return
			}
		}
	}()
	select {
	case <-g.Drained():
		p.log("shutdown: every connection finished in %v", time.Since(start).Round(time.Millisecond))
	case <-time.After(cfg.shutdownTimeout):
		p.log("shutdown: -shutdown-timeout %v reached: closing %d connection(s) still open",
			cfg.shutdownTimeout, g.Connections())
	case sig := <-sigs:
		p.log("%s again: closing %d connection(s) still open now", sig, g.Connections())
	}
	g.Stop()
	err = g.Wait()
	p.log("shutdown: done")
	return err
}
