package stream_test

import (
	"fmt"

	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

// Write returns false once the buffered bytes reach the high-water mark;
// the producer waits for 'drain' before writing more. Here the Write
// implementation completes each chunk on a later tick, so chunks pile up.
func ExampleWritable_Write() {
	l, err := uv.New()
	if err != nil {
		panic(err)
	}
	defer l.Close()
	w := stream.NewWritable(l, stream.WritableOptions{
		HighWaterMark: 8,
		Write: func(c stream.Chunk, cb func(error)) {
			fmt.Printf("wrote %q\n", c.Bytes())
			l.NextTick(func() { cb(nil) })
		},
	})
	chunks := []string{"aaaa", "bbbb", "cccc", "dddd"}
	var produce func()
	produce = func() {
		for len(chunks) > 0 {
			c := chunks[0]
			chunks = chunks[1:]
			if !w.Write([]byte(c), nil) {
				fmt.Println("full after", c)
				w.Once("drain", func(...any) { fmt.Println("drain"); produce() })
				return
			}
		}
		w.End(nil)
	}
	w.OnFinish(func() { fmt.Println("finish") })
	produce()
	if err := l.Run(); err != nil {
		panic(err)
	}
	// Output:
	// wrote "aaaa"
	// full after bbbb
	// wrote "bbbb"
	// drain
	// wrote "cccc"
	// full after dddd
	// wrote "dddd"
	// drain
	// finish
}
