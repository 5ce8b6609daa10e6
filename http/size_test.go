package http

import (
	"testing"
	"unsafe"
)

// An idle keep-alive connection costs its conn struct (with its socket
// layer, the parser and the handle in C): keep it in the 352-byte size
// class (DESIGN's 1.7 KiB per idle connection, measured by bench/idlemem).
// What few connections need lives behind conn.slow.
func TestConnSize(t *testing.T) {
	if n := unsafe.Sizeof(conn{}); n > 352 {
		t.Errorf("conn is %d bytes, over the 352-byte size class", n)
	}
}
