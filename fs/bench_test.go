package fs_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/uvgo/uvgo/fs"
	"github.com/uvgo/uvgo/uv"
)

func benchFile(b *testing.B, size int) string {
	p := filepath.Join(b.TempDir(), "f.bin")
	if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

// A 16 MiB file through a ReadStream with a 'data' listener: the
// threadpool round trip per 64 KiB chunk, the copy into Go and the
// stream's bookkeeping (the page cache holds the file).
func BenchmarkReadStream16MiB(b *testing.B) {
	const size = 16 << 20
	p := benchFile(b, size)
	l, err := uv.New()
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		got := 0
		rs := fs.CreateReadStream(l, p, fs.ReadStreamOptions{})
		rs.OnData(func(c []byte) { got += len(c) })
		l.Run()
		if got != size {
			b.Fatalf("read %d bytes", got)
		}
	}
}

// The same file with ReadFile (512 KiB reads into one growing slice).
func BenchmarkReadFile16MiB(b *testing.B) {
	const size = 16 << 20
	p := benchFile(b, size)
	l, err := uv.New()
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		fs.ReadFile(l, p, func(data []byte, err error) {
			if err != nil || len(data) != size {
				b.Fatalf("ReadFile: %d bytes, %v", len(data), err)
			}
		})
		l.Run()
	}
}
