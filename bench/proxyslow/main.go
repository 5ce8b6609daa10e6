// Command proxyslow is bench/proxy.sh's slow client: it asks a proxy for
// a large response, reads it at a fixed rate with a small socket receive
// buffer (as tests/proxy_test.go's slow client does), and samples the
// proxy's resident set (VmRSS of -pid and its children) meanwhile. With
// -spool DIR it also samples the bytes the proxy holds in files under DIR
// (nginx's proxy_temp_path: the files are unlinked once opened, so they
// are found through /proc/PID/fd).
//
// It prints one line: "RSS_GROWTH_KIB CLIENT_BYTES SPOOLED_BYTES", the
// peak RSS during the read minus the RSS before it, the body bytes read,
// and the peak spooled bytes.
//
//	proxyslow -addr 127.0.0.1:8080 -path '/stream?chunks=40000&size=16384' -pid 1234 [-rate 2097152] [-for 4s] [-spool DIR]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	addr := flag.String("addr", "", "the proxy's HOST:PORT")
	path := flag.String("path", "/", "the request target")
	pid := flag.Int("pid", 0, "the proxy's process id (its children are counted too)")
	rate := flag.Int64("rate", 2<<20, "bytes per second read")
	dur := flag.Duration("for", 4*time.Second, "how long to read")
	spool := flag.String("spool", "", "a directory whose (unlinked) files the proxy holds open count as spooled")
	flag.Parse()
	if *addr == "" || *pid == 0 {
		fmt.Fprintln(os.Stderr, "proxyslow: -addr and -pid are required")
		os.Exit(2)
	}
	base := rss(*pid)
	c, err := net.Dial("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "proxyslow:", err)
		os.Exit(1)
	}
	defer c.Close()
	c.(*net.TCPConn).SetReadBuffer(64 << 10)
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: bench\r\n\r\n", *path)
	br := bufio.NewReaderSize(c, 64<<10)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for { // the head
		line, err := br.ReadString('\n')
		if err != nil {
			fmt.Fprintln(os.Stderr, "proxyslow: reading the head:", err)
			os.Exit(1)
		}
		if line == "\r\n" {
			break
		}
	}
	var peak, spooled int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, rss(*pid))
			if *spool != "" {
				spooled = max(spooled, spooledBytes(*pid, *spool))
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	buf := make([]byte, 64<<10)
	var got int64
	start := time.Now()
	for time.Since(start) < *dur {
		allowed := int64(time.Since(start).Seconds()*float64(*rate)) + int64(len(buf))
		if got >= allowed {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := br.Read(buf[:min(int64(len(buf)), allowed-got)])
		got += int64(n)
		if err != nil {
			fmt.Fprintln(os.Stderr, "proxyslow: after", got, "bytes:", err)
			break
		}
	}
	close(stop)
	<-done
	fmt.Printf("%d %d %d\n", (peak-base)>>10, got, spooled)
}

// rss returns the VmRSS of pid and its children, in bytes.
func rss(pid int) int64 {
	total := vmRSS(pid)
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid)); err == nil {
		for _, f := range strings.Fields(string(b)) {
			if child, err := strconv.Atoi(f); err == nil {
				total += vmRSS(child)
			}
		}
	}
	return total
}

func vmRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			if f := strings.Fields(rest); len(f) == 2 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// spooledBytes sums the sizes of the files under dir that pid or its
// children hold open.
func spooledBytes(pid int, dir string) int64 {
	pids := []int{pid}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid)); err == nil {
		for _, f := range strings.Fields(string(b)) {
			if child, err := strconv.Atoi(f); err == nil {
				pids = append(pids, child)
			}
		}
	}
	var total int64
	for _, p := range pids {
		fds := fmt.Sprintf("/proc/%d/fd", p)
		ents, _ := os.ReadDir(fds)
		for _, e := range ents {
			target, err := os.Readlink(filepath.Join(fds, e.Name()))
			if err != nil || !strings.HasPrefix(target, dir+"/") {
				continue
			}
			if st, err := os.Stat(filepath.Join(fds, e.Name())); err == nil {
				total += st.Size()
			}
		}
	}
	return total
}
