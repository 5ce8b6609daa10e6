package tests

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// uvhttp behind nginx (Debian's nginx-light, installed by make deps) as a
// reverse proxy with upstream keep-alive: requests pass through and nginx
// reuses its connections to uvhttp. The test runs its own nginx, with its
// own config and prefix, on 127.0.0.1, and stops it.
func TestBehindNginx(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		nginx = "/usr/sbin/nginx"
	}
	_, err = os.Stat(nginx)
	require.NoError(t, err, "nginx is installed by make deps")
	_, upstream := startUVHTTP(t, buildUVHTTP(t), "-quiet")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	front := ln.Addr().String()
	ln.Close()

	dir := t.TempDir()
	conf := fmt.Sprintf(`
daemon off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  upstream uv { server %[2]s; keepalive 4; }
  server {
    listen %[3]s;
    location / {
      proxy_pass http://uv;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`, dir, upstream, front)
	confPath := filepath.Join(dir, "nginx.conf")
	require.NoError(t, os.WriteFile(confPath, []byte(conf), 0o644))
	cmd := exec.Command(nginx, "-p", dir, "-c", confPath)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.Dial("tcp", front)
		if err == nil {
			c.Close()
			break
		}
		require.True(t, time.Now().Before(deadline), "nginx did not start: %v", err)
		time.Sleep(20 * time.Millisecond)
	}

	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for i := range 40 {
		resp, err := client.Get("http://" + front + "/info?n=" + fmt.Sprint(i))
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, 200, resp.StatusCode)
		require.Equal(t, fmt.Sprintf("GET /info?n=%d HTTP/1.1\n", i), string(b))
	}
	resp, err := client.Post("http://"+front+"/echo", "text/x", strings.NewReader("through nginx"))
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "through nginx", string(b))

	// nginx kept a few upstream connections open and reused them: far fewer
	// than the 41 requests it forwarded.
	_, port, _ := net.SplitHostPort(upstream)
	out, err := exec.Command("ss", "-Htn", "state", "established", "( sport = :"+port+" )").Output()
	require.NoError(t, err)
	conns := strings.Count(strings.TrimSpace(string(out)), "\n") + 1
	if strings.TrimSpace(string(out)) == "" {
		conns = 0
	}
	assert.GreaterOrEqual(t, conns, 1, "upstream keep-alive connection open")
	assert.LessOrEqual(t, conns, 4, "upstream connections reused")
}
