// Command uvhttp is uvgo's sample server.
//
// Until the http package lands, uvhttp is the smallest honest program on
// package uv: a TCP echo server on libuv. It listens on -listen, echoes
// every byte back, half-closes when the peer does, and shuts down cleanly
// on SIGINT or SIGTERM.
package main

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"syscall"

	"github.com/uvgo/uvgo/uv"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on (host:port, IP literal)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "uvhttp: a TCP echo server on libuv %s (uvgo's sample server; HTTP arrives with the http package)\n\nusage: uvhttp [flags]\n", uv.Version())
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(*listen); err != nil {
		fmt.Fprintln(os.Stderr, "uvhttp:", err)
		os.Exit(1)
	}
}

func run(listen string) error {
	addr, err := netip.ParseAddrPort(listen)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", listen, err)
	}
	l := uv.Default()
	srv, err := uv.NewTCP(l)
	if err != nil {
		return err
	}
	if err := srv.Bind(addr, 0); err != nil {
		return err
	}
	conns := map[*uv.TCP]bool{}
	err = srv.Listen(511, func(err error) {
		if err != nil {
			return
		}
		c, err := srv.Accept()
		if err != nil {
			return
		}
		conns[c] = true
		c.ReadStart(func(data []byte, err error) {
			if err != nil {
				c.Shutdown(func(error) {
					delete(conns, c)
					c.Close(nil)
				})
				return
			}
			if _, err := c.Write([][]byte{data}, nil); err != nil {
				delete(conns, c)
				c.Close(nil)
			}
		})
	})
	if err != nil {
		return err
	}
	bound, _ := srv.SockName()
	fmt.Printf("uvhttp (echo) listening on %s\n", bound)

	var sigs []*uv.Signal
	stop := func(syscall.Signal) {
		srv.Close(nil)
		for c := range conns {
			c.Close(nil)
		}
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
