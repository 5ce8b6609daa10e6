//go:build cgo

package uv

/*
#include "glue.h"
*/
import "C"

// Version returns the version of the libuv linked into the binary, such as
// "1.44.2".
func Version() string { return C.GoString(C.uv_version_string()) }

// PinnedVersion is the libuv version uvgo is built and tested against
// (Debian 12's libuv1-dev).
const PinnedVersion = C.UVGO_LIBUV_PINNED
