// Command clientbench measures uvgo's HTTP client: C concurrent keep-alive
// request loops (each sends GET PATH again as soon as the previous
// response ended) against one server for a fixed time, on one loop.
// bench/client.js is the same loop in Node. Prints "go REQ/S RSS_KIB".
//
// usage: clientbench -addr 127.0.0.1:PORT [-c 50] [-d 5s] [-path /hello]
package main

import (
	"flag"
	"fmt"
	stdnet "net"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/uv"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "server address")
	conc := flag.Int("c", 50, "requests in flight")
	dur := flag.Duration("d", 5*time.Second, "duration")
	path := flag.String("path", "/hello", "request path")
	prof := flag.String("cpuprofile", "", "write a CPU profile here")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	host, portStr, err := stdnet.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	port, _ := strconv.Atoi(portStr)
	l, err := uv.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	agent := http.NewAgent(l, http.AgentOptions{KeepAlive: true, MaxSockets: *conc})
	done, errs := 0, 0
	stopping := false
	var start time.Time
	var one func()
	one = func() {
		if stopping {
			return
		}
		req, err := http.Get(l, http.RequestOptions{Host: host, Port: port, Path: *path, Agent: agent}, func(res *http.IncomingMessage) {
			res.OnData(func([]byte) {})
			res.OnEnd(func() {
				done++
				one()
			})
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		req.OnError(func(error) {
			errs++
			l.SetImmediate(one)
		})
	}
	l.SetImmediate(func() {
		start = time.Now()
		for i := 0; i < *conc; i++ {
			one()
		}
		l.SetTimeout(func() {
			stopping = true
			elapsed := time.Since(start)
			fmt.Printf("go %.0f %d\n", float64(done)/elapsed.Seconds(), rssKiB())
			if errs > 0 {
				fmt.Fprintf(os.Stderr, "clientbench: %d errors\n", errs)
			}
			agent.Destroy()
		}, *dur)
	})
	if err := l.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func rssKiB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			return n
		}
	}
	return 0
}
