// Command uvhttp is uvgo's sample server: Node's HTTP/1.1 server model on
// libuv and llhttp, serving the routes described in app.go (the same app
// as tests/parity/wire/app.js, which the wire parity suite compares it
// with byte for byte).
//
//	uvhttp -listen 127.0.0.1:8080 [-workers N] [-root DIR] [-access-log] [-quiet]
//
// With -workers N it runs N event loops, each on its own OS thread with
// its own listening socket on the same port (SO_REUSEPORT): the kernel
// spreads connections among them (Node needs cluster processes for this).
// It prints the address it listens on. SIGINT or SIGTERM stops it
// gracefully, like Node's server.close(): no new connections, idle
// keep-alive connections closed, in-flight requests finished; whatever is
// left after -shutdown-timeout is closed, and it exits 0.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/uv"
)

type config struct {
	listen          netip.AddrPort
	workers         int
	quiet           bool
	accessLog       bool
	shutdownTimeout time.Duration
	root            string
}

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on (IP:port; port 0 picks a free one)")
	workers := flag.Int("workers", 1, "event loops, each on its own thread and SO_REUSEPORT socket (0: one per core)")
	quiet := flag.Bool("quiet", false, "print only the listening address")
	accessLog := flag.Bool("access-log", false, "log one structured line per request to stderr (method, path, status, bytes, duration)")
	shutdown := flag.Duration("shutdown-timeout", 10*time.Second, "on SIGINT/SIGTERM, force-close connections still open after this long")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file until the server stops")
	root := flag.String("root", "", "serve the files under this directory at /static/ (ETag, Last-Modified, Range, HEAD)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "uvhttp: uvgo's HTTP/1.1 server (libuv %s, llhttp)\n\nusage: uvhttp [flags]\n", uv.Version())
		flag.PrintDefaults()
	}
	flag.Parse()
	addr, err := netip.ParseAddrPort(*listen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "uvhttp: -listen %q: %v\n", *listen, err)
		os.Exit(2)
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
	if err := run(config{listen: addr, workers: n, quiet: *quiet, accessLog: *accessLog, shutdownTimeout: *shutdown, root: *root}); err != nil {
		fmt.Fprintln(os.Stderr, "uvhttp:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// worker is one event loop serving the app on its own listening socket.
type worker struct {
	loop *uv.Loop
	srv  *http.Server
}

func run(cfg config) error {
	var logger *slog.Logger
	if cfg.accessLog {
		logger = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	ws := make([]*worker, cfg.workers)
	addr := cfg.listen
	for i := range ws {
		l, err := uv.New()
		if err != nil {
			return err
		}
		var static *staticFiles
		if cfg.root != "" {
			if static, err = newStaticFiles(l, cfg.root); err != nil {
				return fmt.Errorf("-root: %w", err)
			}
		}
		w := &worker{loop: l, srv: newApp(l, logger, static)}
		if err := w.srv.ListenWith(http.ListenOptions{
			Port: int(addr.Port()), Host: addr.Addr().String(), ReusePort: cfg.workers > 1,
		}, nil); err != nil {
			return err
		}
		// With port 0, the first worker picks the port the others share.
		addr = w.srv.Address()
		ws[i] = w
	}
	fmt.Printf("uvhttp listening on %s\n", addr)
	if !cfg.quiet {
		fmt.Printf("try: curl http://%s/hello  (%d worker(s); Ctrl-C stops)\n", addr, cfg.workers)
	}

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	var wg sync.WaitGroup
	errs := make(chan error, len(ws))
	for _, w := range ws {
		// Keeps the loop alive until shutdown, and wakes it for Post.
		keep, err := uv.NewAsync(w.loop, func() {})
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-sigsOnce(sigs)
			w.loop.Post(func() {
				keep.Close(nil)
				w.srv.Close(nil)
				// At the deadline: close what is left and stop the loop, even
				// if app timers (a pending /delay) would keep it alive.
				force := w.loop.SetTimeout(func() {
					w.srv.CloseAllConnections()
					w.loop.Stop()
				}, cfg.shutdownTimeout)
				force.Unref()
			})
		}()
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.loop.Run(); err != nil {
				errs <- err
				return
			}
			w.loop.Close()
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

var (
	stopOnce sync.Once
	stopped  = make(chan struct{})
)

// sigsOnce turns the first signal into a closed channel every worker sees.
func sigsOnce(sigs chan os.Signal) <-chan struct{} {
	stopOnce.Do(func() {
		go func() {
			<-sigs
			close(stopped)
		}()
	})
	return stopped
}
