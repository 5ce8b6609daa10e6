package parity

import (
	"context"
	"io"
	stdnet "net"
	stdhttp "net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/uv"
)

// TestHTTPOnPipeClients serves HTTP on a Unix-domain socket with uvgo and
// asks it from real clients: Node's http.request({ socketPath }) and Go's
// net/http over a unix dial, keep-alive and a request body included.
func TestHTTPOnPipeClients(t *testing.T) {
	node := nodePath(t)
	file := filepath.Join(t.TempDir(), "h.sock")
	l, err := uv.New()
	require.NoError(t, err)
	ready := make(chan error, 1)
	var server *http.Server
	done := make(chan error, 1)
	go func() {
		server = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
			n := 0
			req.OnData(func(d []byte) { n += len(d) })
			req.OnEnd(func() {
				res.SetHeader("Content-Type", "text/plain")
				res.EndString(req.Method+" "+req.URL+" "+strings.Repeat("x", n%7)+"\n", nil)
			})
		})
		ready <- server.ListenPath(file, nil)
		done <- l.Run()
	}()
	require.NoError(t, <-ready)
	defer func() {
		l.Post(func() { server.Close(nil) })
		select {
		case err := <-done:
			assert.NoError(t, err)
			assert.NoError(t, l.Close())
		case <-time.After(20 * time.Second):
			t.Error("the loop did not end after the server closed")
		}
	}()

	t.Run("net/http", func(t *testing.T) {
		dials := 0
		tr := &stdhttp.Transport{DialContext: func(ctx context.Context, _, _ string) (stdnet.Conn, error) {
			dials++
			var d stdnet.Dialer
			return d.DialContext(ctx, "unix", file)
		}}
		defer tr.CloseIdleConnections()
		cl := &stdhttp.Client{Transport: tr, Timeout: 10 * time.Second}
		for i, path := range []string{"/one", "/two"} {
			var resp *stdhttp.Response
			if i == 0 {
				resp, err = cl.Get("http://unix" + path)
			} else {
				resp, err = cl.Post("http://unix"+path, "text/plain", strings.NewReader("abc"))
			}
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.NoError(t, err)
			assert.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, "keep-alive", resp.Header.Get("Connection"))
			want := map[int]string{0: "GET /one \n", 1: "POST /two xxx\n"}[i]
			assert.Equal(t, want, string(body))
		}
		assert.Equal(t, 1, dials, "both requests on one kept-alive connection")
	})

	t.Run("node", func(t *testing.T) {
		script := `
const http = require('http');
const agent = new http.Agent({ keepAlive: true });
function get(method, path, body, next) {
  const req = http.request({ socketPath: process.argv[1], method, path, agent }, (res) => {
    let s = '';
    res.setEncoding('utf8');
    res.on('data', (d) => { s += d; });
    res.on('end', () => { console.log(res.statusCode, res.headers['content-type'], JSON.stringify(s), req.reusedSocket); next(); });
  });
  req.on('error', (e) => { console.log('error', e.code); process.exitCode = 1; });
  req.end(body);
}
get('GET', '/a', undefined, () => setImmediate(() => get('PUT', '/b', 'hello', () => agent.destroy())));
`
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, node, "-e", script, file).CombinedOutput()
		require.NoError(t, err, string(out))
		assert.Equal(t, "200 text/plain \"GET /a \\n\" false\n200 text/plain \"PUT /b xxxxx\\n\" true\n", string(out))
	})
}
