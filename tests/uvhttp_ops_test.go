package tests

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// uvhttp's operator-facing behaviour (issue 13 §6 and §4), against the
// built binary.

var (
	opsBinOnce sync.Once
	opsBin     string
	opsBinErr  error
)

// uvhttpBin builds cmd/uvhttp once for the tests of this file.
func uvhttpBin(t *testing.T) string {
	t.Helper()
	opsBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "uvhttp-ops")
		if err != nil {
			opsBinErr = err
			return
		}
		opsBin = dir + "/uvhttp"
		out, err := exec.Command("go", "build", "-o", opsBin, "../cmd/uvhttp").CombinedOutput()
		if err != nil {
			opsBinErr = fmt.Errorf("%v: %s", err, out)
		}
	})
	require.NoError(t, opsBinErr)
	return opsBin
}

// syncBuffer is a bytes.Buffer safe to read while the process writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startLogged starts uvhttp with args (which must include -listen) and
// returns it, the address it printed, and its stderr.
func startLogged(t *testing.T, args ...string) (*exec.Cmd, string, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(uvhttpBin(t), args...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err, "stderr: %s", stderr.String())
	require.True(t, strings.HasPrefix(line, "uvhttp listening on "), "%q", line)
	go io.Copy(io.Discard, stdout)
	return cmd, strings.TrimSpace(strings.TrimPrefix(line, "uvhttp listening on ")), stderr
}

// hello sends GET /hello to addr and returns the body.
func hello(t *testing.T, addr string) string {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get("http://" + addr + "/hello")
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

func portOf(t *testing.T, addr string) string {
	_, port, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	return port
}

func TestVersionFlag(t *testing.T) {
	out, err := exec.Command(uvhttpBin(t), "-version").Output()
	require.NoError(t, err, "exit status 0")
	assert.Regexp(t, `^uvhttp uvgo \S+ \(libuv \d+\.\d+\.\d+, go\S+\)\n$`, string(out))
}

// -listen takes HOST:PORT with an IP, localhost, or no host (every
// address); a bad value exits 2 with a message saying what is wanted.
func TestListenForms(t *testing.T) {
	_, addr, _ := startLogged(t, "-quiet", "-listen", "127.0.0.1:0")
	assert.Regexp(t, `^127\.0\.0\.1:\d+$`, addr)
	assert.Equal(t, "Hello, World!\n", hello(t, addr))

	_, addr, _ = startLogged(t, "-quiet", "-listen", "localhost:0")
	assert.Regexp(t, `^127\.0\.0\.1:\d+$`, addr, "localhost listens on 127.0.0.1")
	assert.Equal(t, "Hello, World!\n", hello(t, addr))

	_, addr, _ = startLogged(t, "-quiet", "-listen", ":0")
	assert.NotContains(t, addr, "127.0.0.1", "every address: %s", addr)
	assert.Equal(t, "Hello, World!\n", hello(t, "127.0.0.1:"+portOf(t, addr)), "reachable on 127.0.0.1")

	for _, bad := range []string{"8080", "127.0.0.1:http-alt", "127.0.0.1:70000"} {
		cmd := exec.Command(uvhttpBin(t), "-listen", bad)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		require.ErrorAs(t, err, &exit, bad)
		assert.Equal(t, 2, exit.ExitCode(), bad)
		assert.Contains(t, stderr.String(), fmt.Sprintf("-listen %q", bad))
	}
}

// A second uvhttp on a taken address fails with Node's message, which
// names the address, and exits 1; the first keeps serving.
func TestAddressInUseNamesAddress(t *testing.T) {
	for _, workers := range []string{"1", "2"} {
		t.Run("workers="+workers, func(t *testing.T) {
			_, addr, _ := startLogged(t, "-quiet", "-workers", workers, "-listen", "127.0.0.1:0")
			cmd := exec.Command(uvhttpBin(t), "-quiet", "-workers", workers, "-listen", addr)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			done := make(chan error, 1)
			require.NoError(t, cmd.Start())
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				var exit *exec.ExitError
				require.ErrorAs(t, err, &exit)
				assert.Equal(t, 1, exit.ExitCode())
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatal("the second uvhttp did not fail: it shares the port")
			}
			assert.Contains(t, stderr.String(), "EADDRINUSE")
			assert.Contains(t, stderr.String(), "address already in use "+addr)
			assert.Equal(t, "Hello, World!\n", hello(t, addr))
		})
	}
}

// Two uvhttp processes with -workers on one port: the second fails with
// EADDRINUSE instead of silently joining the first's SO_REUSEPORT group,
// so every connection still reaches the first (whose access log sees
// them all).
func TestSecondProcessWithWorkersRefused(t *testing.T) {
	first, addr, log := startLogged(t, "-quiet", "-workers", "2", "-access-log", "-listen", "127.0.0.1:0")
	// Bounded: a second process that shares the port keeps running.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	second := exec.CommandContext(ctx, uvhttpBin(t), "-quiet", "-workers", "3", "-listen", addr)
	var stderr bytes.Buffer
	second.Stderr = &stderr
	err := second.Run()
	require.Error(t, err, "the second process must not start")
	assert.Contains(t, stderr.String(), "bind EADDRINUSE: address already in use "+addr)
	for range 20 {
		assert.Equal(t, "Hello, World!\n", hello(t, addr))
	}
	require.NoError(t, first.Process.Signal(syscall.SIGTERM))
	require.NoError(t, waitExit(t, first, 10*time.Second))
	assert.Equal(t, 20, strings.Count(log.String(), `"path":"/hello"`), "the first process served every request")
}

// Without -quiet the shutdown's steps are logged: stopped accepting (with
// what is in flight), every connection finished, done.
func TestShutdownProgressLogged(t *testing.T) {
	cmd, addr, stderr := startLogged(t, "-listen", "127.0.0.1:0", "-workers", "2")
	c, r := echoInFlight(t, addr)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	signalled := time.Now()
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "stopped accepting") },
		5*time.Second, 5*time.Millisecond, "the signal was handled")
	// The rest of the body: the echo ends, and with it the request.
	_, err := io.WriteString(c, "world")
	require.NoError(t, err)
	body, err := io.ReadAll(r)
	require.NoError(t, err, "the connection is closed once its request is done")
	assert.Equal(t, "5\r\nworld\r\n0\r\n\r\n", string(body))
	require.NoError(t, waitExit(t, cmd, 10*time.Second))
	// The client keeps its keep-alive connection open: uvhttp closes it once
	// its request is done instead of waiting out the keep-alive timeout (5 s
	// + 1 s in Node).
	assert.Less(t, time.Since(signalled), 5*time.Second)
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	require.Len(t, lines, 3, stderr.String())
	assert.Equal(t, "uvhttp: terminated: shutting down: stopped accepting on "+addr+"; 1 connection(s) with a request in flight", lines[0])
	assert.Regexp(t, `^uvhttp: shutdown: every connection finished in [0-9.]+m?s$`, lines[1])
	assert.Equal(t, "uvhttp: shutdown: done", lines[2])
}

// echoInFlight starts a POST /echo whose body is half sent and returns once
// the response head and the first chunk have arrived: the request is in
// flight on the server, whatever the machine's load.
func echoInFlight(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
	r := bufio.NewReader(c)
	status, err := r.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "HTTP/1.1 200 OK\r\n", status)
	for {
		l, err := r.ReadString('\n')
		require.NoError(t, err)
		if l == "\r\n" {
			break
		}
	}
	chunk := make([]byte, len("5\r\nhello\r\n"))
	_, err = io.ReadFull(r, chunk)
	require.NoError(t, err)
	require.Equal(t, "5\r\nhello\r\n", string(chunk))
	return c, r
}

// At the deadline, what is left is closed, and the log says how much.
func TestShutdownDeadlineLogged(t *testing.T) {
	cmd, addr, stderr := startLogged(t, "-listen", "127.0.0.1:0", "-shutdown-timeout", "200ms")
	echoInFlight(t, addr) // the rest of its body never comes
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	require.NoError(t, waitExit(t, cmd, 10*time.Second))
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	require.Len(t, lines, 3, stderr.String())
	assert.Equal(t, "uvhttp: interrupt: shutting down: stopped accepting on "+addr+"; 1 connection(s) with a request in flight", lines[0])
	assert.Equal(t, "uvhttp: shutdown: -shutdown-timeout 200ms reached: closing 1 connection(s) still open", lines[1])
	assert.Equal(t, "uvhttp: shutdown: done", lines[2])
}

// The access log writes a line when the response closes, so a request
// whose client went away is logged, with aborted=true; finished ones say
// aborted=false. Each line has the client's address and duration_ms.
func TestAccessLogAbortedAndRemote(t *testing.T) {
	cmd, addr, stderr := startLogged(t, "-quiet", "-access-log", "-listen", "127.0.0.1:0")
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	local := c.LocalAddr().String()
	fmt.Fprintf(c, "GET /delay?ms=3000 HTTP/1.1\r\nHost: x\r\n\r\n")
	time.Sleep(150 * time.Millisecond)
	c.Close()
	assert.Equal(t, "Hello, World!\n", hello(t, addr))
	require.Eventually(t, func() bool { return strings.Count(stderr.String(), "\n") >= 2 }, 5*time.Second, 10*time.Millisecond, stderr.String())
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, waitExit(t, cmd, 10*time.Second))

	recs := map[string]map[string]any{}
	for _, l := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &rec), l)
		recs[rec["path"].(string)] = rec
	}
	aborted := recs["/delay"]
	require.NotNil(t, aborted, stderr.String())
	assert.Equal(t, true, aborted["aborted"])
	assert.Equal(t, local, aborted["remote"])
	assert.Equal(t, float64(0), aborted["bytes"])
	assert.Equal(t, float64(0), aborted["status"], "no response was sent")
	ms, ok := aborted["duration_ms"].(float64)
	require.True(t, ok)
	assert.GreaterOrEqual(t, ms, 100.0, "from arrival to the client's going away")
	assert.Less(t, ms, 3000.0, "logged when the client left, not when the timer fired")
	done := recs["/hello"]
	require.NotNil(t, done)
	assert.Equal(t, false, done["aborted"])
	assert.Equal(t, float64(200), done["status"])
	assert.Equal(t, float64(14), done["bytes"])
}
