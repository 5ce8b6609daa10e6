package nethttp_test

import (
	"io"
	stdnet "net"
	stdhttp "net/http"
	"strings"
	"testing"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/nethttp"
	"github.com/uvgo/uvgo/uv"
)

// benchMux is what both servers serve in the benchmarks.
func benchMux() stdhttp.Handler {
	mux := stdhttp.NewServeMux()
	mux.HandleFunc("/hello", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "Hello, World!\n")
	})
	chunk := []byte(strings.Repeat("s", 64<<10))
	mux.HandleFunc("/stream", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for range 16 {
			w.Write(chunk)
		}
	})
	return mux
}

// startBridge serves h through the bridge on a loop running on its own
// goroutine; stop closes it.
func startBridge(b *testing.B, h stdhttp.Handler) (addr string, stop func()) {
	return startUV(b, nethttp.Handler(h))
}

func startUV(b *testing.B, h http.Handler) (addr string, stop func()) {
	l, err := uv.New()
	if err != nil {
		b.Fatal(err)
	}
	srv := http.CreateServer(l, h)
	if err := srv.Listen(0, "127.0.0.1", nil); err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- l.Run() }()
	return srv.Address().String(), func() {
		_ = l.Post(func() { srv.Close(nil); srv.CloseAllConnections() })
		if err := <-done; err != nil {
			b.Error(err)
		}
		_ = l.Close()
	}
}

// startNative serves the same routes with a native uvgo handler: the
// floor the bridge adds its goroutine handoff to.
func startNative(b *testing.B, _ stdhttp.Handler) (addr string, stop func()) {
	chunk := strings.Repeat("s", 64<<10)
	return startUV(b, func(req *http.IncomingMessage, res *http.ServerResponse) {
		res.SetHeader("Content-Type", "text/plain")
		if req.URL != "/stream" {
			res.EndString("Hello, World!\n", nil)
			return
		}
		n := 0
		var pump func()
		pump = func() {
			for n < 16 {
				n++
				if !res.WriteString(chunk, nil) {
					res.Once("drain", func(...any) { pump() })
					return
				}
			}
			res.End(nil)
		}
		pump()
	})
}

func startNetHTTP(b *testing.B, h stdhttp.Handler) (addr string, stop func()) {
	ln, err := stdnet.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &stdhttp.Server{Handler: h}
	go srv.Serve(ln)
	return ln.Addr().String(), func() { srv.Close() }
}

// benchGet runs b.N GETs of path over keep-alive connections from
// parallel clients (GOMAXPROCS of them, times 4).
func benchGet(b *testing.B, start func(*testing.B, stdhttp.Handler) (string, func()), path string) {
	addr, stop := start(b, benchMux())
	defer stop()
	tr := &stdhttp.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}
	defer tr.CloseIdleConnections()
	c := &stdhttp.Client{Transport: tr}
	url := "http://" + addr + path
	buf := make([]byte, 64<<10)
	b.SetParallelism(4)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := c.Get(url)
			if err != nil {
				b.Error(err)
				return
			}
			for {
				if _, err := res.Body.Read(buf); err != nil {
					break
				}
			}
			res.Body.Close()
		}
	})
}

// The bridge against net/http serving the same handler: a hello and a
// 1 MiB streamed response; native is uvgo's own handler, the floor. The
// client runs in the same process.
func BenchmarkHello(b *testing.B) {
	b.Run("bridge", func(b *testing.B) { benchGet(b, startBridge, "/hello") })
	b.Run("nethttp", func(b *testing.B) { benchGet(b, startNetHTTP, "/hello") })
	b.Run("native", func(b *testing.B) { benchGet(b, startNative, "/hello") })
}

func BenchmarkStream1MiB(b *testing.B) {
	b.Run("bridge", func(b *testing.B) { b.SetBytes(1 << 20); benchGet(b, startBridge, "/stream") })
	b.Run("nethttp", func(b *testing.B) { b.SetBytes(1 << 20); benchGet(b, startNetHTTP, "/stream") })
	b.Run("native", func(b *testing.B) { b.SetBytes(1 << 20); benchGet(b, startNative, "/stream") })
}
