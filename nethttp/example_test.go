package nethttp_test

import (
	"fmt"
	"io"
	stdhttp "net/http"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/nethttp"
	"github.com/uvgo/uvgo/uv"
)

// A net/http ServeMux mounted on a uvgo server: each request runs on its
// own goroutine, the loop never waits for it.
func ExampleHandler() {
	mux := stdhttp.NewServeMux()
	mux.HandleFunc("GET /hello/{name}", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		fmt.Fprintf(w, "Hello, %s!\n", r.PathValue("name"))
	})

	loop, _ := uv.New()
	defer loop.Close()
	srv := http.CreateServer(loop, nethttp.Handler(mux))
	if err := srv.Listen(0, "127.0.0.1", nil); err != nil {
		panic(err)
	}
	go func() {
		defer loop.Post(func() { srv.Close(nil) })
		tr := &stdhttp.Transport{DisableKeepAlives: true}
		res, err := (&stdhttp.Client{Transport: tr}).Get("http://" + srv.Address().String() + "/hello/gopher")
		if err != nil {
			fmt.Println(err)
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fmt.Print(res.Status, " ", string(b))
	}()
	if err := loop.Run(); err != nil {
		panic(err)
	}
	// Output: 200 OK Hello, gopher!
}
