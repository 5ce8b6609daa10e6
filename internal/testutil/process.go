package testutil

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// StartServer starts a server process (name args...) that prints where it
// listens as the last word of its first line of output ("host:port", or a
// bare port on 127.0.0.1), and returns that address. The process is
// killed when the test ends; its stderr goes to the test's.
func StartServer(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("%s did not say where it listens: %v", name, err)
	}
	go io.Copy(io.Discard, stdout)
	f := strings.Fields(line)
	addr := f[len(f)-1]
	if !strings.Contains(addr, ":") {
		addr = "127.0.0.1:" + addr
	}
	return addr
}
