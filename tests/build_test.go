package tests

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildUVHTTP builds cmd/uvhttp into a temporary directory.
func buildUVHTTP(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "uvhttp")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/uvhttp")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// TestStaticLibuv checks libuv is linked statically: ldd shows no libuv.
func TestStaticLibuv(t *testing.T) {
	bin := buildUVHTTP(t)
	out, err := exec.Command("ldd", bin).CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.NotContains(t, string(out), "libuv")
}

// startUVHTTP starts the binary on a free loopback port and returns the
// address it printed.
func startUVHTTP(t *testing.T, bin string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	return startListening(t, bin, append([]string{"-listen", "127.0.0.1:0"}, args...)...)
}

// startListening starts a server process, stopped at cleanup, and returns
// the address it announced: the last word of its first line of output (a
// bare port means 127.0.0.1).
func startListening(t *testing.T, name string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	f := strings.Fields(line)
	require.NotEmpty(t, f, "%s printed an empty line", name)
	addr := f[len(f)-1]
	if !strings.Contains(addr, ":") {
		addr = "127.0.0.1:" + addr
	}
	return cmd, addr
}

func TestUVHTTPServesAndStopsGracefully(t *testing.T) {
	bin := buildUVHTTP(t)
	cmd, addr := startUVHTTP(t, bin, "-quiet")
	resp, err := http.Get("http://" + addr + "/hello")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "Hello, World!\n", string(body))
	assert.Equal(t, "text/plain", resp.Header.Get("Content-Type"))
	assert.Equal(t, "keep-alive", resp.Header.Get("Connection"))
	assert.Equal(t, "timeout=5", resp.Header.Get("Keep-Alive"))

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err, "exit status 0 after SIGTERM")
	case <-time.After(10 * time.Second):
		t.Fatal("uvhttp did not stop on SIGTERM")
	}
	_, err = net.DialTimeout("tcp", addr, time.Second)
	assert.Error(t, err, "no longer accepting")
}
