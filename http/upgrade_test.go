package http_test

import (
	"bytes"
	"io"
	stdnet "net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/net"
)

// After an upgrade the listener's *net.Socket is a full Duplex: piped to
// itself it echoes 8 MiB back to a client that reads slowly, with
// backpressure both ways (the socket never holds more than its marks and
// a chunk), and 'end' and 'close' come as for any net.Socket.
func TestUpgradeSocketPipesWithBackpressure(t *testing.T) {
	l := testutil.NewLoop(t)
	srv := http.CreateServer(l, func(*http.IncomingMessage, *http.ServerResponse) {
		t.Error("the request handler must not see an upgrade")
	})
	var sock *net.Socket
	maxHeld := 0
	srv.OnUpgrade(func(req *http.IncomingMessage, s *net.Socket, head []byte) {
		sock = s
		s.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n", nil)
		if len(head) > 0 {
			s.Write(append([]byte(nil), head...), nil)
		}
		s.Pipe(s)
		s.OnSocketClose(func(bool) { srv.Close(nil) })
	})
	sample := l.SetInterval(func() {
		if sock != nil {
			maxHeld = max(maxHeld, sock.WritableLength()+sock.ReadableLength())
		}
	}, 2*time.Millisecond)
	sample.Unref()
	require.NoError(t, srv.Listen(0, "127.0.0.1", nil))
	const total = 8 << 20
	payload := bytes.Repeat([]byte("0123456789abcdef"), total/16)
	got := make(chan []byte, 1)
	go func() {
		c, err := stdnet.Dial("tcp", srv.Address().String())
		if err != nil {
			got <- nil
			return
		}
		defer c.Close()
		c.(*stdnet.TCPConn).SetReadBuffer(64 << 10)
		go func() {
			c.Write([]byte("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"))
			c.Write(payload)
			c.(*stdnet.TCPConn).CloseWrite()
		}()
		var out bytes.Buffer
		buf := make([]byte, 32<<10)
		for {
			n, err := c.Read(buf)
			out.Write(buf[:n])
			if err == io.EOF || err != nil {
				break
			}
			time.Sleep(200 * time.Microsecond) // a slow reader
		}
		got <- out.Bytes()
	}()
	testutil.Run(t, l, 30*time.Second)
	b := <-got
	head := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n"
	require.True(t, bytes.HasPrefix(b, []byte(head)), "starts with the 101")
	assert.True(t, bytes.Equal(payload, b[len(head):]), "the payload comes back whole (%d of %d bytes)", len(b)-len(head), total)
	assert.Less(t, maxHeld, 1<<20, "the socket held %d bytes at most", maxHeld)
	t.Logf("the socket held %d bytes at most while echoing %d", maxHeld, total)
}
