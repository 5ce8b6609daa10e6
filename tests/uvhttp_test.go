package tests

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func waitExit(t *testing.T, cmd *exec.Cmd, within time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(within):
		t.Fatalf("uvhttp did not exit within %v", within)
		return nil
	}
}

// Two workers, each its own loop and SO_REUSEPORT socket, serve one port.
func TestWorkersShareOnePort(t *testing.T) {
	_, addr := startUVHTTP(t, buildUVHTTP(t), "-quiet", "-workers", "2")
	for range 40 {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		c.Write([]byte("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
		b, _ := io.ReadAll(c)
		c.Close()
		require.True(t, strings.HasSuffix(string(b), "Hello, World!\n"), "%q", b)
	}
}

// SIGTERM: new connections are refused, an in-flight request completes,
// the process exits 0.
func TestGracefulShutdown(t *testing.T) {
	cmd, addr := startUVHTTP(t, buildUVHTTP(t), "-quiet")
	c, r := echoInFlight(t, addr)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.Eventually(t, func() bool {
		d, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			d.Close()
		}
		return err != nil
	}, 5*time.Second, 10*time.Millisecond, "new connections are refused")
	_, err := io.WriteString(c, "world")
	require.NoError(t, err)
	rest, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, "5\r\nworld\r\n0\r\n\r\n", string(rest), "the in-flight request completed")
	assert.NoError(t, waitExit(t, cmd, 10*time.Second), "exit status 0")
}

// Connections still busy at the deadline are closed, and uvhttp exits 0.
func TestShutdownDeadlineForcesClose(t *testing.T) {
	cmd, addr := startUVHTTP(t, buildUVHTTP(t), "-quiet", "-shutdown-timeout", "200ms")
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	c.Write([]byte("GET /delay?ms=5000 HTTP/1.1\r\nHost: x\r\n\r\n"))
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assert.NoError(t, waitExit(t, cmd, 5*time.Second))
	assert.Less(t, time.Since(start), 3*time.Second)
}

// -access-log writes one JSON line per request.
func TestAccessLog(t *testing.T) {
	bin := buildUVHTTP(t)
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-quiet", "-access-log")
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	addr := strings.TrimSpace(line[strings.LastIndex(line, " ")+1:])
	resp, err := http.Get("http://" + addr + "/big?bytes=123")
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	time.Sleep(50 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	waitExit(t, cmd, 10*time.Second)
	var rec map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.Split(strings.TrimSpace(stderr.String()), "\n")[0]), &rec), stderr.String())
	assert.Equal(t, "GET", rec["method"])
	assert.Equal(t, "/big", rec["path"])
	assert.Equal(t, float64(200), rec["status"])
	assert.Equal(t, float64(123), rec["bytes"])
	assert.Contains(t, rec, "duration_ms")
	assert.Equal(t, false, rec["aborted"])
	assert.Contains(t, rec["remote"], "127.0.0.1:")
}
