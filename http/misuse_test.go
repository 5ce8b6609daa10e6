package http_test

import (
	"fmt"
	stdnet "net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

// With the loop-thread check on (-race builds, UVGO_CHECK=1), a response
// ended from another goroutine panics there, naming the method and the
// fix, instead of corrupting the loop's queues.
func TestResponseFromAnotherGoroutinePanics(t *testing.T) {
	if !uv.Checking() {
		t.Skip("the loop-thread check is off in this build (it is on under -race and with UVGO_CHECK=1)")
	}
	l := testutil.NewLoop(t)
	got := make(chan string, 2)
	var srv *http.Server
	srv = http.CreateServer(l, func(req *http.IncomingMessage, res *http.ServerResponse) {
		go func() {
			for _, call := range []func(){
				func() { res.WriteHead(200) },
				func() { res.EndString("late", nil) },
			} {
				func() {
					defer func() { got <- fmt.Sprint(recover()) }()
					call()
				}()
			}
			l.Post(func() { res.EndString("ok", nil); srv.Close(nil) })
		}()
	})
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	go func() {
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err == nil {
			c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
			b := make([]byte, 512)
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			c.Read(b)
			c.Close()
		}
	}()
	testutil.Run(t, l, 10*time.Second)
	head, end := <-got, <-got
	assert.Contains(t, head, "ServerResponse.WriteHead")
	assert.Contains(t, head, "Post")
	assert.Contains(t, end, "ServerResponse.End")
	assert.Contains(t, end, "Post")
}
