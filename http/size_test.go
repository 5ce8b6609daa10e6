package http

import (
	"testing"
	"unsafe"
)

// An idle keep-alive connection costs its conn struct (with the parser
// and the handle in C): keep it in the 384-byte size class (DESIGN's
// 2 KiB per idle connection).
func TestConnSize(t *testing.T) {
	if n := unsafe.Sizeof(conn{}); n > 384 {
		t.Errorf("conn is %d bytes, over the 384-byte size class", n)
	}
}
