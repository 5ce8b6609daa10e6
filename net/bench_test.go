package net_test

import (
	"testing"

	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/stream"
)

// BenchmarkSocketEcho: 64 KiB chunks written with backpressure to a server
// that pipes the socket into itself; b.SetBytes counts both directions.
// The client counts what comes back with a 'data' listener (the one
// allocation per op: that chunk is user code's).
func BenchmarkSocketEcho(b *testing.B) { benchEcho(b, false) }

// BenchmarkSocketEchoPiped is BenchmarkSocketEcho with the client's side
// piped too, into a sink that releases its chunks: every read buffer goes
// round the loop's pool, so the steady state allocates nothing per chunk.
func BenchmarkSocketEchoPiped(b *testing.B) { benchEcho(b, true) }

func benchEcho(b *testing.B, piped bool) {
	l := testutil.NewLoop(b)
	var srv *net.Server
	srv = net.CreateServer(l, func(s *net.Socket) {
		srv.Close(nil)
		s.Pipe(s)
	})
	if err := srv.Listen(0, "127.0.0.1", nil); err != nil {
		b.Fatal(err)
	}
	const chunk = 64 << 10
	buf := make([]byte, chunk)
	total := b.N * chunk
	c := net.Connect(l, int(srv.Address().Port()), "127.0.0.1", nil)
	sent, got := 0, 0
	var pump func()
	pump = func() {
		for sent < total {
			sent += chunk
			if !c.Write(buf, nil) {
				return
			}
		}
		c.End(nil)
	}
	c.OnDrain(pump)
	c.OnConnect(pump)
	if piped {
		c.Pipe(stream.NewWritable(l, stream.WritableOptions{ReleasesChunks: true,
			Write: func(ch stream.Chunk, cb func(error)) {
				got += len(ch.Data)
				ch.Release()
				cb(nil)
			}}))
	} else {
		c.OnData(func(p []byte) { got += len(p) })
	}
	b.SetBytes(2 * chunk)
	b.ReportAllocs()
	b.ResetTimer()
	if err := l.Run(); err != nil {
		b.Fatal(err)
	}
	if got != total {
		b.Fatalf("got %d of %d", got, total)
	}
}
