// Command idlemem measures a server's memory per idle keep-alive
// connection, for bench/run.sh: it opens -n connections to -addr, sends one
// GET /hello on each, keeps them all open, and prints the server's RSS
// growth divided by n (KiB per connection), read from /proc/PID/status.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

func rss(pid int) int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			n, _ := strconv.Atoi(strings.Fields(l)[1])
			return n
		}
	}
	return 0
}

func main() {
	addr := flag.String("addr", "", "server address")
	pid := flag.Int("pid", 0, "server pid")
	n := flag.Int("n", 5000, "connections")
	flag.Parse()
	before := rss(*pid)
	conns := make([]net.Conn, 0, *n)
	for i := 0; i < *n; i++ {
		c, err := net.Dial("tcp", *addr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "idlemem:", err)
			os.Exit(1)
		}
		c.Write([]byte("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"))
		r := bufio.NewReader(c)
		for {
			l, err := r.ReadString('\n')
			if err != nil || strings.HasPrefix(l, "Hello, World!") {
				break
			}
		}
		conns = append(conns, c)
	}
	time.Sleep(time.Second)
	after := rss(*pid)
	fmt.Printf("%.2f\n", float64(after-before)/float64(*n))
	for _, c := range conns {
		c.Close()
	}
}
