package http_test

import (
	"fmt"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

// A server and a client on one loop: a GET through the loop's global
// agent, then a POST that reuses the kept-alive connection. Run returns
// once the server has closed (the idle connection does not hold the loop).
func ExampleGet() {
	loop, err := uv.New()
	if err != nil {
		panic(err)
	}
	defer loop.Close()
	srv := http.CreateServer(loop, func(req *http.IncomingMessage, res *http.ServerResponse) {
		var body []byte
		req.OnData(func(p []byte) { body = append(body, p...) })
		req.OnEnd(func() { res.EndString(req.Method+" "+req.URL+" ["+string(body)+"]", nil) })
	})
	err = srv.Listen(0, "127.0.0.1", func() {
		o := http.RequestOptions{Host: "127.0.0.1", Port: int(srv.Address().Port()), Path: "/hello"}
		http.Get(loop, o, func(res *http.IncomingMessage) {
			var body []byte
			res.OnData(func(p []byte) { body = append(body, p...) })
			res.OnEnd(func() {
				fmt.Println(res.StatusCode, res.StatusMessage, string(body))
				loop.SetImmediate(func() {
					o.Method, o.Path = "POST", "/echo"
					req, _ := http.Request(loop, o, func(res *http.IncomingMessage) {
						res.OnData(func(p []byte) { fmt.Println(string(p)) })
						res.OnEnd(func() { srv.Close(nil) })
					})
					req.OnSocket(func(*net.Socket) { fmt.Println("reused", req.ReusedSocket) })
					req.EndString("ping", nil)
				})
			})
		})
	})
	if err != nil {
		panic(err)
	}
	if err := loop.Run(); err != nil {
		panic(err)
	}
	// Output:
	// 200 OK GET /hello []
	// reused true
	// POST /echo [ping]
}
