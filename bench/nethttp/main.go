// Command nethttp serves uvhttp's benchmark routes with Go's net/http, for
// bench/run.sh (run with GOMAXPROCS=1 to compare one core with one loop).
// usage: nethttp -listen 127.0.0.1:PORT (prints "listening ADDR")
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
)

func intParam(r *http.Request, name string, def int) int {
	if v, err := strconv.Atoi(r.URL.Query().Get(name)); err == nil {
		return v
	}
	return def
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address")
	flag.Parse()
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "Hello, World!\n")
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		ct := r.Header.Get("Content-Type")
		if ct == "" {
			ct = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ct)
		io.Copy(w, r.Body)
	})
	mux.HandleFunc("/stream", func(w http.ResponseWriter, r *http.Request) {
		n, size := intParam(r, "chunks", 4), intParam(r, "size", 16)
		w.Header().Set("Content-Type", "text/plain")
		chunk := []byte(strings.Repeat("a", max(size, 0)))
		f, _ := w.(http.Flusher)
		for range n {
			w.Write(chunk)
			if f != nil {
				f.Flush()
			}
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		n := max(intParam(r, "bytes", 1024), 0)
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(n))
		w.Write([]byte(strings.Repeat("b", n)))
	})
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		panic(err)
	}
	fmt.Println("listening", ln.Addr())
	http.Serve(ln, mux)
}
