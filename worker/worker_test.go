package worker

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	stdnet "net"
	stdhttp "net/http"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

// The helper process of TestForeignReusePortListener: with
// WORKER_TEST_LISTEN=port it listens on 127.0.0.1:port with SO_REUSEPORT,
// prints "ready" and waits for its stdin to close.
func TestMain(m *testing.M) {
	if p := os.Getenv("WORKER_TEST_LISTEN"); p != "" {
		port, _ := strconv.Atoi(p)
		fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
		if err == nil {
			syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
			syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, 0xf /* SO_REUSEPORT */, 1)
			if err = syscall.Bind(fd, &syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}); err == nil {
				err = syscall.Listen(fd, 16)
			}
		}
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func loopback(port int) net.ListenOptions { return net.ListenOptions{Host: "127.0.0.1", Port: port} }

func get(t *testing.T, addr netip.AddrPort, path string) (int, string) {
	t.Helper()
	c := &stdhttp.Client{Timeout: 5 * time.Second, Transport: &stdhttp.Transport{DisableKeepAlives: true}}
	resp, err := c.Get("http://" + addr.String() + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// Two loops serve one port; each worker answers with its index; a
// graceful Shutdown ends every loop.
func TestGroupServesAndShutsDown(t *testing.T) {
	var served [2]atomic.Int64
	g, err := Start(Options{Workers: 2, Listen: loopback(0)}, func(i int, l *uv.Loop) (Server, error) {
		return http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			served[i].Add(1)
			res.EndString(strconv.Itoa(i), nil)
		}), nil
	})
	require.NoError(t, err)
	assert.Equal(t, 2, g.Len())
	require.NotZero(t, g.Addr().Port())
	for range 20 {
		code, body := get(t, g.Addr(), "/")
		assert.Equal(t, 200, code)
		assert.Contains(t, []string{"0", "1"}, body)
	}
	assert.Equal(t, int64(20), served[0].Load()+served[1].Load())
	t.Logf("worker 0 served %d, worker 1 served %d", served[0].Load(), served[1].Load())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, g.Shutdown(ctx))
	select {
	case <-g.Done():
	default:
		t.Fatal("Shutdown returned before the loops ended")
	}
	_, err = stdnet.DialTimeout("tcp", g.Addr().String(), time.Second)
	assert.Error(t, err, "no longer listening")
}

// A request still in progress at the deadline: its connection is closed,
// Shutdown returns ErrForced, and every loop ends (a pending app timer
// does not keep one alive).
func TestShutdownDeadlineForces(t *testing.T) {
	g, err := Start(Options{Workers: 2, Listen: loopback(0)}, func(_ int, l *uv.Loop) (Server, error) {
		return http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			l.SetTimeout(func() { res.EndString("late", nil) }, time.Hour)
		}), nil
	})
	require.NoError(t, err)
	c, err := stdnet.Dial("tcp", g.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	require.Eventually(t, func() bool { return g.Connections() == 1 }, 5*time.Second, 5*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err = g.Shutdown(ctx)
	assert.ErrorIs(t, err, ErrForced)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = c.Read(make([]byte, 1))
	assert.Error(t, err, "the connection was closed")
}

// After Close, a drained worker keeps its loop until Stop, so Connections
// still answers while another worker has a request in flight.
func TestConnectionsAfterClose(t *testing.T) {
	g, err := Start(Options{Workers: 2, Listen: loopback(0)}, func(_ int, l *uv.Loop) (Server, error) {
		return http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			l.SetTimeout(func() { res.EndString("late", nil) }, time.Hour)
		}), nil
	})
	require.NoError(t, err)
	c, err := stdnet.Dial("tcp", g.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	require.Eventually(t, func() bool { return g.Connections() == 1 }, 5*time.Second, 5*time.Millisecond)
	g.Close()
	time.Sleep(50 * time.Millisecond) // time for a drained loop to end, were it let go
	got := make(chan int, 1)
	go func() { got <- g.Connections() }()
	select {
	case n := <-got:
		assert.Equal(t, 1, n)
	case <-time.After(5 * time.Second):
		t.Fatal("Connections hung after Close")
	}
	select {
	case <-g.Drained():
		t.Fatal("drained while a request is in flight")
	default:
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, g.Shutdown(ctx), ErrForced)
	assert.Equal(t, 0, g.Connections(), "every loop has ended")
}

// A second group on the address of the first fails with EADDRINUSE naming
// the address, instead of sharing the port through SO_REUSEPORT.
func TestSecondGroupOnSameAddressFails(t *testing.T) {
	setup := func(_ int, l *uv.Loop) (Server, error) {
		return http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) { res.End(nil) }), nil
	}
	a, err := Start(Options{Workers: 2, Listen: loopback(0)}, setup)
	require.NoError(t, err)
	defer a.Shutdown(context.Background())
	port := int(a.Addr().Port())
	_, err = Start(Options{Workers: 2, Listen: loopback(port)}, setup)
	require.Error(t, err)
	assert.ErrorIs(t, err, syscall.EADDRINUSE)
	var inUse *AddrInUseError
	require.True(t, errors.As(err, &inUse))
	assert.Contains(t, err.Error(), fmt.Sprintf("127.0.0.1:%d", port))
	// A single worker binds without SO_REUSEPORT: the kernel refuses it.
	_, err = Start(Options{Workers: 1, Listen: loopback(port)}, setup)
	assert.ErrorIs(t, err, syscall.EADDRINUSE)
	assert.Contains(t, err.Error(), fmt.Sprintf("address already in use 127.0.0.1:%d", port))
}

// Another process listening with SO_REUSEPORT on the port: both the bind
// probe and the /proc/net/tcp check see it.
func TestForeignReusePortListener(t *testing.T) {
	free, err := stdnet.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := free.Addr().(*stdnet.TCPAddr).Port
	free.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "WORKER_TEST_LISTEN="+strconv.Itoa(port))
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer func() { stdin.Close(); cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "ready\n", line)

	ap := netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(port))
	assert.ErrorIs(t, probe(loopback(port)), syscall.EADDRINUSE, "the probe")
	assert.ErrorIs(t, foreignListener(ap), syscall.EADDRINUSE, "the /proc check")
	wild := netip.AddrPortFrom(netip.IPv6Unspecified(), uint16(port))
	assert.ErrorIs(t, foreignListener(wild), syscall.EADDRINUSE, "a wildcard overlaps 127.0.0.1")
	other := netip.AddrPortFrom(netip.MustParseAddr("127.0.0.2"), uint16(port))
	assert.NoError(t, foreignListener(other), "another address on the same port does not overlap")

	_, err = Start(Options{Workers: 2, Listen: loopback(port)}, func(_ int, l *uv.Loop) (Server, error) {
		return http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) { res.End(nil) }), nil
	})
	assert.ErrorIs(t, err, syscall.EADDRINUSE)
}

// Our own listeners are not foreign.
func TestOwnListenersAreNotForeign(t *testing.T) {
	g, err := Start(Options{Workers: 3, Listen: loopback(0)}, func(_ int, l *uv.Loop) (Server, error) {
		return net.CreateServer(l, nil), nil
	})
	require.NoError(t, err)
	assert.NoError(t, foreignListener(g.Addr()))
	require.NoError(t, g.Shutdown(context.Background()))
}

func TestProcAddr(t *testing.T) {
	// The kernel prints each 32-bit word of the address in host order.
	word := binary.NativeEndian.Uint32([]byte{127, 0, 0, 1})
	a, ok := procAddr(fmt.Sprintf("%08X", word))
	require.True(t, ok)
	assert.Equal(t, "127.0.0.1", a.String())
	a, ok = procAddr("00000000000000000000000000000000")
	require.True(t, ok)
	assert.Equal(t, "::", a.String())
	_, ok = procAddr("zz")
	assert.False(t, ok)
}

func TestMisusePanics(t *testing.T) {
	assert.PanicsWithValue(t, "worker: Start needs a setup function that returns each loop's server", func() {
		Start(Options{}, nil)
	})
	assert.Panics(t, func() {
		Start(Options{Listen: net.ListenOptions{ReusePort: true}}, func(int, *uv.Loop) (Server, error) { return nil, nil })
	})
}

// setup's error is returned and nothing is left running.
func TestSetupError(t *testing.T) {
	boom := errors.New("boom")
	_, err := Start(Options{Workers: 2, Listen: loopback(0)}, func(i int, l *uv.Loop) (Server, error) {
		if i == 1 {
			return nil, boom
		}
		return net.CreateServer(l, nil), nil
	})
	assert.ErrorIs(t, err, boom)
}
