package http_test

import (
	"bufio"
	"fmt"
	"io"
	stdnet "net"
	stdhttp "net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/internal/testutil"
)

// A consumer that pauses a request body (its buffer reaches the mark, so
// the connection stops reading) when the body's last bytes are in the
// same read as earlier ones must not leave the connection stopped: the
// next keep-alive request is read and answered.
func TestPausedBodyEndingInOneReadResumesConnection(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		n := 0
		req.OnData(func(p []byte) {
			n += len(p)
			req.Pause()
			l.SetTimeout(func() { req.Resume() }, time.Millisecond)
		})
		req.OnEnd(func() { res.EndString(fmt.Sprint(n), nil) })
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	body := strings.Repeat("x", 256<<10)
	go func() {
		defer l.Post(func() { srv.Close(nil); srv.CloseAllConnections() })
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if !assert.NoError(t, err) {
			return
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(8 * time.Second))
		br := bufio.NewReader(c)
		for i := range 3 {
			// The whole request in one write: its end lands in the read
			// that fills the paused body's buffer.
			_, err := io.WriteString(c, fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(body), body))
			if !assert.NoError(t, err, "request %d", i) {
				return
			}
			res, err := stdhttp.ReadResponse(br, nil)
			if !assert.NoError(t, err, "request %d", i) {
				return
			}
			b, _ := io.ReadAll(res.Body)
			assert.Equal(t, fmt.Sprint(len(body)), string(b))
		}
	}()
	testutil.Run(t, l, 15*time.Second)
}
