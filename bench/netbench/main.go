// Command netbench measures uvgo's stream and socket throughput, the Go
// side of bench/net.sh (bench/net.js is the Node side): a TCP echo over
// loopback and a pipe of a large in-memory stream. It prints one line per
// scenario: name, MB/s, peak RSS in KiB.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

const chunk = 64 << 10

func main() {
	mb := flag.Int("mb", 256, "megabytes per scenario")
	flag.Parse()
	total := *mb << 20
	echo(total)
	pipe(total)
}

func peakRSSKiB() int {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var n int
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &n)
			return n
		}
	}
	return 0
}

func report(name string, total int, d time.Duration) {
	fmt.Printf("%s %.1f %d\n", name, float64(total)/(1<<20)/d.Seconds(), peakRSSKiB())
}

// echo: a client writes total bytes with backpressure, the server pipes
// the socket into itself, the client counts what comes back.
func echo(total int) {
	l, _ := uv.New()
	var srv *net.Server
	srv = net.CreateServer(l, func(s *net.Socket) {
		srv.Close(nil)
		s.Pipe(s)
	})
	if err := srv.Listen(0, "127.0.0.1", nil); err != nil {
		panic(err)
	}
	buf := make([]byte, chunk)
	start := time.Now()
	c := net.Connect(l, int(srv.Address().Port()), "127.0.0.1", nil)
	sent, got := 0, 0
	var pump func()
	pump = func() {
		for sent < total {
			sent += chunk
			if !c.Write(buf, nil) {
				return
			}
		}
		c.End(nil)
	}
	c.OnDrain(pump)
	c.OnConnect(pump)
	c.OnData(func(b []byte) { got += len(b) })
	if err := l.Run(); err != nil {
		panic(err)
	}
	if got != total {
		panic(fmt.Sprintf("echo: got %d of %d", got, total))
	}
	report("echo", total, time.Since(start))
	l.Close()
}

// pipe: a Readable producing total bytes piped into a Writable that
// discards them, all in memory.
func pipe(total int) {
	l, _ := uv.New()
	buf := make([]byte, chunk)
	produced := 0
	src := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
		for produced < total {
			produced += chunk
			if !r.Push(buf) {
				return
			}
		}
		r.PushEOF()
	}})
	consumed := 0
	dst := stream.NewWritable(l, stream.WritableOptions{Write: func(c stream.Chunk, cb func(error)) {
		consumed += len(c.Data)
		cb(nil)
	}})
	start := time.Now()
	src.Pipe(dst)
	if err := l.Run(); err != nil {
		panic(err)
	}
	if consumed != total {
		panic("pipe: short")
	}
	report("pipe", total, time.Since(start))
	l.Close()
}
