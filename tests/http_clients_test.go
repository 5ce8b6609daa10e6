package tests

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGoClientKeepAliveEchoStream(t *testing.T) {
	_, addr := startUVHTTP(t, buildUVHTTP(t), "-quiet")
	base := "http://" + addr
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	reused := 0
	for i := range 50 {
		trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
			if info.Reused {
				reused++
			}
		}}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(t.Context(), trace), "GET", base+"/hello", nil)
		resp, err := client.Do(req)
		require.NoError(t, err, "request %d", i)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, "Hello, World!\n", string(b))
	}
	assert.Equal(t, 49, reused, "one keep-alive connection serves every request")

	body := make([]byte, 1<<20)
	rand.Read(body)
	resp, err := client.Post(base+"/echo", "application/x-test", bytes.NewReader(body))
	require.NoError(t, err)
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "application/x-test", resp.Header.Get("Content-Type"))
	assert.Equal(t, []string{"chunked"}, resp.TransferEncoding)
	assert.True(t, bytes.Equal(body, got), "1 MiB echoed intact")

	resp, err = client.Get(base + "/stream?chunks=100&size=1000")
	require.NoError(t, err)
	got, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, strings.Repeat("a", 100000), string(got))

	resp, err = client.Get(base + "/big?bytes=300000")
	require.NoError(t, err)
	got, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, int64(300000), resp.ContentLength)
	assert.Equal(t, 300000, len(got))
}

func TestCurl(t *testing.T) {
	curl, err := exec.LookPath("curl")
	require.NoError(t, err, "curl is installed by make deps")
	_, addr := startUVHTTP(t, buildUVHTTP(t), "-quiet")
	out, err := exec.Command(curl, "-s", "-i", "http://"+addr+"/hello").Output()
	require.NoError(t, err)
	assert.Contains(t, string(out), "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: ")
	assert.True(t, strings.HasSuffix(string(out), "Content-Length: 14\r\n\r\nHello, World!\n"), "%q", out)
	out, err = exec.Command(curl, "-s", "--data-binary", "posted", "-H", "Content-Type: text/x", "http://"+addr+"/echo").Output()
	require.NoError(t, err)
	assert.Equal(t, "posted", string(out))
	out, err = exec.Command(curl, "-s", "-0", "http://"+addr+"/info").Output()
	require.NoError(t, err)
	assert.Equal(t, "GET /info HTTP/1.0\n", string(out))
}

func TestNodeClient(t *testing.T) {
	node, err := exec.LookPath("node")
	require.NoError(t, err, "Node 20 is required")
	_, addr := startUVHTTP(t, buildUVHTTP(t), "-quiet")
	host, port, _ := net.SplitHostPort(addr)
	script := fmt.Sprintf(`
const http = require('http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = (path) => new Promise((ok, bad) => http.get({ host: %q, port: %s, path, agent }, (res) => {
  let b = ''; res.setEncoding('utf8'); res.on('data', (d) => b += d); res.on('end', () => ok([res.statusCode, res.headers, b]));
}).on('error', bad));
(async () => {
  const a = await get('/info?x=1');
  const b = await get('/status/418');
  const c = await get('/headers');
  console.log(JSON.stringify([a[0], a[2], a[1]['keep-alive'], b[0], c[2]]));
  agent.destroy();
})();`, host, port)
	out, err := exec.Command(node, "-e", script).CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, `[200,"GET /info?x=1 HTTP/1.1\n","timeout=5",418,"host: `+addr+`\nconnection: keep-alive\n"]`+"\n", string(out))
}

// 10,000 keep-alive connections open at once, each served (the client is
// this test process; uvhttp is its own process).
func TestTenThousandConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 10,000 connections")
	}
	_, addr := startUVHTTP(t, buildUVHTTP(t), "-quiet")
	const n = 10000
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range n {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		require.NoError(t, err)
		conns = append(conns, c)
	}
	var ok atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, 256)
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c.SetDeadline(time.Now().Add(30 * time.Second))
			if _, err := c.Write([]byte("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
				return
			}
			r := bufio.NewReader(c)
			line, err := r.ReadString('\n')
			if err != nil || line != "HTTP/1.1 200 OK\r\n" {
				return
			}
			for {
				h, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if h == "\r\n" {
					break
				}
			}
			body := make([]byte, 14)
			if _, err := io.ReadFull(r, body); err == nil && string(body) == "Hello, World!\n" {
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int64(n), ok.Load())
}
