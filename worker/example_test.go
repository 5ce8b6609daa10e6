package worker_test

import (
	"context"
	"fmt"
	"io"
	stdhttp "net/http"
	"time"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
	"github.com/uvgo/uvgo/worker"
)

// Two loops, each on its own thread and its own SO_REUSEPORT socket, serve
// one address; Shutdown lets requests in flight finish, and closes what is
// left at the context's deadline.
func Example() {
	g, err := worker.Start(worker.Options{Workers: 2, Listen: net.ListenOptions{Host: "127.0.0.1", Port: 0}},
		func(i int, loop *uv.Loop) (worker.Server, error) {
			// Built once per loop: this server and its state belong to loop.
			return http.CreateServer(loop, func(req *http.IncomingMessage, res *http.ServerResponse) {
				res.SetHeader("Content-Type", "text/plain")
				res.EndString("Hello, World!\n", nil)
			}), nil
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := stdhttp.Get("http://" + g.Addr().String() + "/")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Print(resp.StatusCode, " ", string(body))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	fmt.Println("shutdown:", g.Shutdown(ctx))
	// Output:
	// 200 Hello, World!
	// shutdown: <nil>
}
