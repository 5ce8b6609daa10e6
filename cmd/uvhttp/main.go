// Command uvhttp is uvgo's sample server: Node's HTTP/1.1 server model on
// libuv and llhttp, serving the routes described in app.go (the same app
// as tests/parity/wire/app.js, which the wire parity suite compares it
// with byte for byte).
//
//	uvhttp -listen 127.0.0.1:8080
//
// It prints the address it listens on, and stops gracefully on SIGINT or
// SIGTERM: no new connections, in-flight requests finish, idle keep-alive
// connections close.
package main

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"runtime/pprof"
	"syscall"

	"github.com/uvgo/uvgo/uv"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on (IP:port; port 0 picks a free one)")
	quiet := flag.Bool("quiet", false, "print only the listening address")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file until the server stops")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "uvhttp: uvgo's HTTP/1.1 server (libuv %s, llhttp)\n\nusage: uvhttp [flags]\n", uv.Version())
		flag.PrintDefaults()
	}
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "uvhttp:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	if err := run(*listen, *quiet); err != nil {
		fmt.Fprintln(os.Stderr, "uvhttp:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(listen string, quiet bool) error {
	addr, err := netip.ParseAddrPort(listen)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", listen, err)
	}
	l := uv.Default()
	srv := newApp(l)
	if err := srv.Listen(int(addr.Port()), addr.Addr().String(), nil); err != nil {
		return err
	}
	fmt.Printf("uvhttp listening on %s\n", srv.Address())
	if !quiet {
		fmt.Printf("try: curl http://%s/hello\n", srv.Address())
	}
	var sigs []*uv.Signal
	stop := func(syscall.Signal) {
		srv.Close(nil)
		for _, s := range sigs {
			s.Close(nil)
		}
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		s, err := uv.NewSignal(l)
		if err != nil {
			return err
		}
		s.Start(sig, stop)
		s.Unref()
		sigs = append(sigs, s)
	}
	if err := l.Run(); err != nil {
		return err
	}
	return l.Close()
}
