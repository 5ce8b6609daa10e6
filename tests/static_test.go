package tests

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func staticServer(t *testing.T) (root, base string, pid int) {
	root = t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "index.html"), []byte("<h1>hi</h1>\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "data.bin"), []byte("0123456789"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(root, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "sub", "a.txt"), []byte("in sub\n"), 0o644))
	outside := filepath.Join(t.TempDir(), "secret.txt")
	require.NoError(t, os.WriteFile(outside, []byte("secret"), 0o644))
	require.NoError(t, os.Symlink(outside, filepath.Join(root, "link.txt")))
	cmd, addr := startUVHTTP(t, buildUVHTTP(t), "-quiet", "-root", root)
	return root, "http://" + addr, cmd.Process.Pid
}

func get(t *testing.T, url string, hdr ...string) (*http.Response, string) {
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func TestStaticFiles(t *testing.T) {
	_, base, _ := staticServer(t)

	resp, body := get(t, base+"/static/index.html")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "<h1>hi</h1>\n", body)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	etag := resp.Header.Get("ETag")
	lastMod := resp.Header.Get("Last-Modified")
	require.NotEmpty(t, etag)
	require.NotEmpty(t, lastMod)

	resp, body = get(t, base+"/static/index.html", "If-None-Match", etag)
	assert.Equal(t, 304, resp.StatusCode)
	assert.Empty(t, body)
	resp, _ = get(t, base+"/static/index.html", "If-Modified-Since", lastMod)
	assert.Equal(t, 304, resp.StatusCode)
	resp, _ = get(t, base+"/static/index.html", "If-None-Match", `W/"other"`, "If-Modified-Since", lastMod)
	assert.Equal(t, 200, resp.StatusCode, "If-None-Match wins over If-Modified-Since")

	resp, body = get(t, base+"/static/data.bin", "Range", "bytes=2-5")
	assert.Equal(t, 206, resp.StatusCode)
	assert.Equal(t, "2345", body)
	assert.Equal(t, "bytes 2-5/10", resp.Header.Get("Content-Range"))
	resp, body = get(t, base+"/static/data.bin", "Range", "bytes=-3")
	assert.Equal(t, 206, resp.StatusCode)
	assert.Equal(t, "789", body)
	resp, body = get(t, base+"/static/data.bin", "Range", "bytes=7-")
	assert.Equal(t, 206, resp.StatusCode)
	assert.Equal(t, "789", body)
	resp, _ = get(t, base+"/static/data.bin", "Range", "bytes=10-20")
	assert.Equal(t, 416, resp.StatusCode)
	assert.Equal(t, "bytes */10", resp.Header.Get("Content-Range"))
	resp, body = get(t, base+"/static/data.bin", "Range", "bytes=0-1,4-5")
	assert.Equal(t, 200, resp.StatusCode, "several ranges: the whole file")
	assert.Equal(t, "0123456789", body)

	req, _ := http.NewRequest("HEAD", base+"/static/data.bin", nil)
	hresp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	hresp.Body.Close()
	assert.Equal(t, 200, hresp.StatusCode)
	assert.Equal(t, int64(10), hresp.ContentLength)

	resp, body = get(t, base+"/static/sub/a.txt")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "in sub\n", body)
	resp, _ = get(t, base+"/static/sub")
	assert.Equal(t, 404, resp.StatusCode, "directories are not listed")
	resp, _ = get(t, base+"/static/missing")
	assert.Equal(t, 404, resp.StatusCode)
}

func TestStaticTraversalRefused(t *testing.T) {
	_, base, _ := staticServer(t)
	addr := strings.TrimPrefix(base, "http://")
	for _, target := range []string{"/static/../secret.txt", "/static/sub/../../etc/passwd", "/static/link.txt", "/static/..%2f..%2fetc%2fpasswd", "/static/%2e%2e/x",
		"/static/%2e%2e/%2e%2e/etc/passwd", "/static/sub/%2E%2E/%2E%2E/etc/passwd", "/static/sub%2f..%2f..%2fetc%2fpasswd",
		"/static/..%5c..%5cetc%5cpasswd", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/link%2etxt"} {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
		b, _ := io.ReadAll(c)
		c.Close()
		status := strings.SplitN(string(b), "\r\n", 2)[0]
		assert.True(t, status == "HTTP/1.1 403 Forbidden" || status == "HTTP/1.1 404 Not Found", "%s -> %s", target, status)
		assert.NotContains(t, string(b), "secret")
	}
}

// If-Range (RFC 9110 13.1.5): the Range applies only when the validator is
// the current one; a stale one means the client's partial copy is of
// another version, so the whole file comes with 200.
func TestStaticIfRange(t *testing.T) {
	root, base, _ := staticServer(t)
	// Modified two seconds ago, so Last-Modified is a strong validator.
	past := time.Now().Add(-2 * time.Second)
	require.NoError(t, os.Chtimes(filepath.Join(root, "data.bin"), past, past))
	resp, _ := get(t, base+"/static/data.bin")
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	require.NotEmpty(t, etag)
	require.False(t, strings.HasPrefix(etag, "W/"), "a strong ETag, usable in If-Range: %s", etag)

	resp, body := get(t, base+"/static/data.bin", "Range", "bytes=2-5", "If-Range", etag)
	assert.Equal(t, 206, resp.StatusCode, "the current ETag")
	assert.Equal(t, "2345", body)
	resp, body = get(t, base+"/static/data.bin", "Range", "bytes=2-5", "If-Range", lastMod)
	assert.Equal(t, 206, resp.StatusCode, "the current Last-Modified")
	assert.Equal(t, "2345", body)

	for _, stale := range []string{`"0-0"`, "W/" + etag, "Mon, 01 Jan 2001 00:00:00 GMT", "not a validator"} {
		resp, body = get(t, base+"/static/data.bin", "Range", "bytes=2-5", "If-Range", stale)
		assert.Equal(t, 200, resp.StatusCode, "If-Range %s", stale)
		assert.Equal(t, "0123456789", body, "If-Range %s: the whole file", stale)
		assert.Empty(t, resp.Header.Get("Content-Range"))
	}

	// The file changes: the old validators are stale now.
	require.NoError(t, os.WriteFile(filepath.Join(root, "data.bin"), []byte("abcdefghij"), 0o644))
	resp, body = get(t, base+"/static/data.bin", "Range", "bytes=2-5", "If-Range", etag)
	assert.Equal(t, 200, resp.StatusCode, "an ETag of the previous version")
	assert.Equal(t, "abcdefghij", body)
	resp, body = get(t, base+"/static/data.bin", "Range", "bytes=2-5", "If-Range", lastMod)
	assert.Equal(t, 200, resp.StatusCode, "a Last-Modified of the previous version")
	assert.Equal(t, "abcdefghij", body)
	// Just modified: its Last-Modified is weak (the same second could hold
	// another write), so a date does not validate a range; the ETag does.
	resp, _ = get(t, base+"/static/data.bin")
	resp2, _ := get(t, base+"/static/data.bin", "Range", "bytes=0-1", "If-Range", resp.Header.Get("Last-Modified"))
	assert.Equal(t, 200, resp2.StatusCode)
	resp2, body = get(t, base+"/static/data.bin", "Range", "bytes=0-1", "If-Range", resp.Header.Get("ETag"))
	assert.Equal(t, 206, resp2.StatusCode)
	assert.Equal(t, "ab", body)

	// Without Range, If-Range changes nothing.
	resp, body = get(t, base+"/static/data.bin", "If-Range", `"0-0"`)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "abcdefghij", body)
}

// Percent-encoded names are decoded; a malformed escape is a 400.
func TestStaticPercentDecoding(t *testing.T) {
	root, base, _ := staticServer(t)
	require.NoError(t, os.WriteFile(filepath.Join(root, "my file.txt"), []byte("spaced\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "café+100%.txt"), []byte("accent\n"), 0o644))
	resp, body := get(t, base+"/static/my%20file.txt")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "spaced\n", body)
	resp, body = get(t, base+"/static/caf%C3%A9+100%25.txt")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "accent\n", body)
	resp, body = get(t, base+"/static/sub/%61.txt")
	assert.Equal(t, 200, resp.StatusCode, "any character may be escaped")
	assert.Equal(t, "in sub\n", body)
	assert.Equal(t, "HTTP/1.1 400 Bad Request", rawStatus(t, base, "/static/my%2Gfile.txt"), "a malformed escape")
	resp, _ = get(t, base+"/static/data.bin%00.txt")
	assert.Equal(t, 404, resp.StatusCode, "an encoded NUL names no file")
	resp, _ = get(t, base+"/static/sub%2fa.txt")
	assert.Equal(t, 404, resp.StatusCode, "an encoded / is not a separator")
}

// rawStatus sends target as is (no client-side checks) and returns the
// status line.
func rawStatus(t *testing.T, base, target string) string {
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
	b, _ := io.ReadAll(c)
	return strings.SplitN(string(b), "\r\n", 2)[0]
}

func rssKiB(pid int) int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			n, _ := strconv.Atoi(strings.Fields(l)[1])
			return n
		}
	}
	return 0
}

// A 64 MiB file streamed to a slow reader: uvhttp's memory stays flat.
func TestStaticLargeFileSlowReaderFlatMemory(t *testing.T) {
	root, base, pid := staticServer(t)
	const size = 64 << 20
	f, err := os.Create(filepath.Join(root, "big.bin"))
	require.NoError(t, err)
	require.NoError(t, f.Truncate(size))
	f.Close()
	before := rssKiB(pid)
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	defer c.Close()
	c.(*net.TCPConn).SetReadBuffer(64 << 10)
	fmt.Fprintf(c, "GET /static/big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
	r := bufio.NewReaderSize(c, 64<<10)
	resp, err := http.ReadResponse(r, nil)
	require.NoError(t, err)
	peak := 0
	got := 0
	buf := make([]byte, 256<<10)
	for got < size {
		n, err := resp.Body.Read(buf)
		got += n
		if err != nil {
			break
		}
		time.Sleep(time.Millisecond)
		if rss := rssKiB(pid); rss > peak {
			peak = rss
		}
	}
	assert.Equal(t, size, got)
	t.Logf("uvhttp RSS before %d KiB, peak %d KiB while streaming 64 MiB", before, peak)
	assert.Less(t, peak-before, 16<<10, "server memory grew by more than 16 MiB")
}

// openFiles counts the descriptors of pid that point at path.
func openFiles(pid int, path string) int {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	ents, _ := os.ReadDir(dir)
	n := 0
	for _, e := range ents {
		if target, err := os.Readlink(filepath.Join(dir, e.Name())); err == nil && target == path {
			n++
		}
	}
	return n
}

// Clients that go away in the middle of a large file: the read stream is
// destroyed with the response, so uvhttp closes the file every time (no
// descriptor left open, none leaked per abort).
func TestStaticAbortClosesFile(t *testing.T) {
	root, base, pid := staticServer(t)
	const size = 16 << 20
	big := filepath.Join(root, "big.bin")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(size))
	f.Close()
	real, err := filepath.EvalSymlinks(big)
	require.NoError(t, err)
	for range 5 {
		c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		require.NoError(t, err)
		c.(*net.TCPConn).SetReadBuffer(64 << 10)
		fmt.Fprintf(c, "GET /static/big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
		buf := make([]byte, 64<<10)
		_, err = io.ReadFull(c, buf)
		require.NoError(t, err)
		assert.Equal(t, 1, openFiles(pid, real), "the file is open while it is being sent")
		c.(*net.TCPConn).SetLinger(0)
		c.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for openFiles(pid, real) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	assert.Equal(t, 0, openFiles(pid, real), "a descriptor was left open after the client went away")
}
