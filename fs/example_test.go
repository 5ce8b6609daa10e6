package fs_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/uvgo/uvgo/fs"
	"github.com/uvgo/uvgo/uv"
)

// Node's fs.createReadStream(src).pipe(fs.createWriteStream(dst)): a copy
// with backpressure, 'finish' on the destination when all is written.
func ExampleCreateReadStream() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	src, dst := filepath.Join(dir, "src.txt"), filepath.Join(dir, "dst.txt")
	os.WriteFile(src, []byte("hello from a file\n"), 0o644)

	loop, _ := uv.New()
	defer loop.Close()
	rs := fs.CreateReadStream(loop, src, fs.ReadStreamOptions{})
	ws := fs.CreateWriteStream(loop, dst, fs.WriteStreamOptions{})
	rs.OnOpen(func(int) { fmt.Println("open") })
	rs.OnEnd(func() { fmt.Println("end, bytes read:", rs.BytesRead()) })
	ws.OnFinish(func() { fmt.Println("finish, bytes written:", ws.BytesWritten()) })
	ws.OnClose(func() {
		b, _ := os.ReadFile(dst)
		fmt.Printf("copied: %q\n", b)
	})
	rs.Pipe(ws)
	loop.Run()
	// Output:
	// open
	// end, bytes read: 18
	// finish, bytes written: 18
	// copied: "hello from a file\n"
}

// Part of a file: Start and End are inclusive offsets, as in Node.
func ExampleReadStreamOptions() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "abc.txt")
	os.WriteFile(p, []byte("abcdefghij"), 0o644)

	loop, _ := uv.New()
	defer loop.Close()
	rs := fs.CreateReadStream(loop, p, fs.ReadStreamOptions{Start: new(int64(2)), End: new(int64(5))})
	rs.OnData(func(b []byte) { fmt.Printf("%s\n", b) })
	loop.Run()
	// Output:
	// cdef
}

// The callback API: writeFile, then readFile, then an error with Node's
// shape.
func ExampleReadFile() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "note.txt")

	loop, _ := uv.New()
	defer loop.Close()
	fs.WriteFile(loop, p, []byte("remember the milk"), fs.WriteFileOptions{}, func(err error) {
		fs.ReadFile(loop, p, func(b []byte, err error) {
			fmt.Printf("%s %v\n", b, err)
			fs.ReadFile(loop, "missing.txt", func(_ []byte, err error) {
				fmt.Println(err)
			})
		})
	})
	loop.Run()
	// Output:
	// remember the milk <nil>
	// ENOENT: no such file or directory, open 'missing.txt'
}
