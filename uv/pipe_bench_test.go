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
	msg := make([]byte, 64)
	bufs := [][]byte{msg}
	n, got := 0, 0
	cli.Connect(path, func(error) {
		cli.ReadStart(func(data []byte, err error) {
			if got += len(data); got < len(msg) {
				return
			}
			got = 0
			if n++; n < b.N {
				cli.Write(bufs, nil)
				return
			}
			cli.Close(nil)
			srv.Close(nil)
		})
		b.ResetTimer()
		cli.Write(bufs, nil)
	})
	b.ReportAllocs()
	b.SetBytes(int64(2 * len(msg)))
	l.Run()
}
