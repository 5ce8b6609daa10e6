//go:build cgo

package uv

/*
#include "fsglue.h"
*/
import "C"

import (
	"net/netip"
	"strings"
	"unsafe"
)

// Address families for Getaddrinfo.
const (
	FamilyAny = 0 // AF_UNSPEC: IPv4 and IPv6
	FamilyV4  = 4 // AF_INET
	FamilyV6  = 6 // AF_INET6
)

// getaddrinfo hint flags (ai_flags), as Node's dns.ADDRCONFIG, dns.V4MAPPED
// and dns.ALL.
const (
	AIAddrConfig = int(C.AI_ADDRCONFIG)
	AIV4Mapped   = int(C.AI_V4MAPPED)
	AIAll        = int(C.AI_ALL)
)

// Libuv's getaddrinfo error codes that Node reports as ENOTFOUND.
var (
	EAINoName = int(C.UV_EAI_NONAME)
	EAINoData = int(C.UV_EAI_NODATA)
)

type gaiResult struct {
	status C.int
	res    *C.struct_addrinfo
}

// Getaddrinfo resolves host on libuv's threadpool (uv_getaddrinfo, the
// system resolver: /etc/hosts, then DNS as nsswitch says), for stream
// sockets, with family FamilyAny, FamilyV4 or FamilyV6 and ai_flags hints
// (AIAddrConfig, ...). cb runs on the loop with the addresses in the
// resolver's order (duplicates removed), or an *Error whose Syscall is
// "getaddrinfo" and whose Code is libuv's (UV_EAI_NONAME, ...). A pending
// lookup keeps the loop alive. Loop thread only.
func Getaddrinfo(l *Loop, host string, family, flags int, cb func([]netip.Addr, error)) error {
	if l.closed {
		return ErrLoopClosed
	}
	if strings.IndexByte(host, 0) >= 0 {
		return ErrNulInPath
	}
	var af C.int
	switch family {
	case FamilyAny:
		af = C.AF_UNSPEC
	case FamilyV4:
		af = C.AF_INET
	case FamilyV6:
		af = C.AF_INET6
	default:
		return &Error{Code: int(C.UV_EINVAL), Syscall: "getaddrinfo"}
	}
	id := addPending(func(g gaiResult) {
		if g.status != 0 {
			cb(nil, &Error{Code: int(g.status), Syscall: "getaddrinfo"})
			return
		}
		var out []netip.Addr
		var ip [16]byte
		for ai := g.res; ai != nil; ai = ai.ai_next {
			var scope C.uint32_t
			var a netip.Addr
			switch C.uvgo_ai_addr(ai, (*C.uchar)(unsafe.Pointer(&ip[0])), &scope) {
			case 4:
				a = netip.AddrFrom4([4]byte(ip[:4]))
			case 6:
				a = netip.AddrFrom16(ip)
				if scope != 0 {
					a = a.WithZone(uitoa(uint32(scope)))
				}
			default:
				continue
			}
			dup := false
			for _, b := range out {
				if b == a {
					dup = true
					break
				}
			}
			if !dup {
				out = append(out, a)
			}
		}
		cb(out, nil)
	})
	chost := C.CString(host)
	defer C.free(unsafe.Pointer(chost))
	if r := C.uvgo_getaddrinfo(l.ptr, C.uintptr_t(id), chost, af, C.int(flags)); r < 0 {
		takePending(id)
		return newError(r, "getaddrinfo")
	}
	return nil
}

func uitoa(v uint32) string {
	var b [10]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}
