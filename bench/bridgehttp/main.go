// Command bridgehttp serves bench/nethttp's routes (/hello, /echo,
// /stream) with the same net/http handlers, mounted on a uvgo server
// (one loop) through package nethttp, for bench/bridge.sh.
// usage: bridgehttp -listen 127.0.0.1:PORT (prints "listening ADDR")
package main

import (
	"flag"
	"fmt"
	"io"
	stdhttp "net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/nethttp"
	"github.com/uvgo/uvgo/uv"
)

func intParam(r *stdhttp.Request, name string, def int) int {
	if v, err := strconv.Atoi(r.URL.Query().Get(name)); err == nil {
		return v
	}
	return def
}

func mux() *stdhttp.ServeMux {
	m := stdhttp.NewServeMux()
	m.HandleFunc("/hello", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "Hello, World!\n")
	})
	m.HandleFunc("/echo", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		ct := r.Header.Get("Content-Type")
		if ct == "" {
			ct = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ct)
		io.Copy(w, r.Body)
	})
	m.HandleFunc("/stream", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		n, size := intParam(r, "chunks", 4), intParam(r, "size", 16)
		w.Header().Set("Content-Type", "text/plain")
		chunk := []byte(strings.Repeat("a", max(size, 0)))
		f, _ := w.(stdhttp.Flusher)
		for range n {
			w.Write(chunk)
			if f != nil {
				f.Flush()
			}
		}
	})
	return m
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address")
	flag.Parse()
	ap, err := netip.ParseAddrPort(*listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	loop, err := uv.New()
	if err != nil {
		panic(err)
	}
	srv := http.CreateServer(loop, nethttp.Handler(mux()))
	if err := srv.Listen(int(ap.Port()), ap.Addr().String(), nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening", srv.Address())
	if err := loop.Run(); err != nil {
		panic(err)
	}
}
