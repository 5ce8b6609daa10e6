package http_test

import (
	"fmt"
	"io"
	stdhttp "net/http"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/uv"
)

// A server on its loop, asked once by Go's net/http client from another
// goroutine; the loop ends when the server has closed.
func ExampleCreateServer() {
	loop, err := uv.New()
	if err != nil {
		panic(err)
	}
	defer loop.Close()
	srv := http.CreateServer(loop, func(req *http.IncomingMessage, res *http.ServerResponse) {
		res.SetHeader("Content-Type", "text/plain")
		res.EndString("Hello, "+req.URL[1:]+"!\n", nil)
	})
	err = srv.Listen(0, "127.0.0.1", func() {
		go func() {
			resp, err := stdhttp.Get("http://" + srv.Address().String() + "/World")
			if err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				fmt.Println(resp.Status, resp.Header.Get("Content-Length"), string(body))
			}
			stdhttp.DefaultClient.CloseIdleConnections()
			loop.Post(func() { srv.Close(nil) })
		}()
	})
	if err != nil {
		panic(err)
	}
	if err := loop.Run(); err != nil {
		panic(err)
	}
	// Output:
	// 200 OK 14 Hello, World!
}
