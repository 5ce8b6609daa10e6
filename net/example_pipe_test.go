package net_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/uv"
)

// A server on a Unix-domain socket and a client that connects to its
// path (Node's server.listen(path) and net.connect(path)).
func ExampleServer_ListenPath() {
	dir, _ := os.MkdirTemp("", "uvgo-")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "echo.sock")

	loop, _ := uv.New()
	var srv *net.Server
	srv = net.CreateServer(loop, func(s *net.Socket) {
		s.OnData(func(b []byte) { s.Write(append([]byte(nil), b...), nil) })
		s.OnEnd(func() { s.End(nil) })
	})
	err := srv.ListenPath(path, func() {
		c := net.ConnectPath(loop, path, func() { fmt.Println("connected to", filepath.Base(srv.Path())) })
		c.OnData(func(b []byte) { fmt.Printf("echo: %s\n", b); c.End(nil) })
		c.OnSocketClose(func(bool) { srv.Close(nil) })
		c.WriteString("hello", nil)
	})
	if err != nil {
		fmt.Println(err) // EADDRINUSE if the path exists
		return
	}
	loop.Run()
	loop.Close()
	_, err = os.Stat(path)
	fmt.Println("socket file removed:", os.IsNotExist(err))
	// Output:
	// connected to echo.sock
	// echo: hello
	// socket file removed: true
}
