package uv_test

import (
	"path/filepath"
	"testing"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

// BenchmarkTCPEchoRoundTrip over a Unix-domain socket: the same stream
// code, a cheaper kernel path.
func BenchmarkPipeEchoRoundTrip(b *testing.B) {
	l := testutil.NewLoop(b)
	path := filepath.Join(b.TempDir(), "b.sock")
	srv, _ := uv.NewPipe(l)
	if err := srv.Bind(path); err != nil {
		b.Fatal(err)
	}
	srv.Listen(8, func(error) {
		c, _ := srv.Accept()
		c.ReadStart(func(data []byte, err error) {
			if err != nil {
				c.Close(nil)
				return
			}
			c.Write([][]byte{data}, nil)
		})
	})
	cli, _ := uv.NewPipe(l)
	cli.Connect(path, func(error) { echoClient(b, cli, func() { srv.Close(nil) }) })
	l.Run()
}
