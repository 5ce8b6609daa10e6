//go:build cgo

package uv

// The //export trampolines of libuv requests (fsglue.c). Each one finds
// the loop and takes the request's callback out of the pending table,
// then runs it like every callback from C: panics recovered into the
// uncaught rule, ticks drained after it, the scheduler let in now and
// then. C frees the request after the trampoline returns.

/*
#include "fsglue.h"
*/
import "C"

//export uvgoFsCb
func uvgoFsCb(lid, rid C.uintptr_t, r *C.uvgo_fs_req) {
	cb, _ := takePending(uint64(rid)).(func(*C.uvgo_fs_req))
	l := loopByID(lid)
	if l == nil || l.dead() || cb == nil {
		return
	}
	if callWith(l, cb, r) {
		l.runTicksSafe()
	}
	l.maybeYield()
}

//export uvgoGetaddrinfoCb
func uvgoGetaddrinfoCb(lid, rid C.uintptr_t, status C.int, res *C.struct_addrinfo) {
	cb, _ := takePending(uint64(rid)).(func(gaiResult))
	l := loopByID(lid)
	if l == nil || l.dead() || cb == nil {
		return
	}
	if callWith(l, cb, gaiResult{status: status, res: res}) {
		l.runTicksSafe()
	}
	l.maybeYield()
}
