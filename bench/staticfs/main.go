// Command staticfs serves a directory at /static/ with Go's
// net/http.FileServer (GOMAXPROCS as set), the net/http row of
// bench/static.sh. It prints the address it listens on.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	root := flag.String("root", ".", "directory to serve at /static/")
	flag.Parse()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr())
	h := http.StripPrefix("/static/", http.FileServer(http.Dir(*root)))
	if err := http.Serve(ln, h); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
