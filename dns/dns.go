package dns

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/uvgo/uvgo/uv"
)

// Result orders (LookupOptions.Order).
const (
	// OrderVerbatim keeps the resolver's order (Node 20's default).
	OrderVerbatim = "verbatim"
	// OrderIPv4First puts IPv4 addresses before IPv6 ones.
	OrderIPv4First = "ipv4first"
	// OrderIPv6First puts IPv6 addresses before IPv4 ones.
	OrderIPv6First = "ipv6first"
)

// getaddrinfo hints for LookupOptions.Hints, Node's dns.ADDRCONFIG,
// dns.V4MAPPED and dns.ALL.
var (
	ADDRCONFIG = uv.AIAddrConfig
	V4MAPPED   = uv.AIV4Mapped
	ALL        = uv.AIAll
)

// LookupOptions are Lookup's options, Node's dns.lookup options. The zero
// value is Node's default: both families, the first address only, the
// resolver's order, no hints.
type LookupOptions struct {
	// Family is 0 (IPv4 and IPv6), 4 or 6.
	Family int
	// All returns every address; otherwise only the first.
	All bool
	// Hints are getaddrinfo flags: ADDRCONFIG, V4MAPPED, ALL or'ed.
	Hints int
	// Order is OrderVerbatim (when empty), OrderIPv4First or
	// OrderIPv6First.
	Order string
}

// Family returns 4 for an IPv4 address and 6 for an IPv6 one, as Node's
// lookup reports the family beside each address.
func Family(a netip.Addr) int {
	if a.Is4() {
		return 4
	}
	return 6
}

// Lookup resolves host the way Node's dns.lookup does: an IP literal is
// answered as it is (whatever Family says) without a lookup; a name goes
// to the system resolver (getaddrinfo on libuv's threadpool: /etc/hosts,
// then DNS as nsswitch.conf says). cb always runs later on the loop,
// never during Lookup: on the next tick for a literal or an empty host,
// after the threadpool answered otherwise.
//
// cb gets one address, or every address with All (Node's (err, address,
// family) and (err, addresses) shapes in one: the family of each is
// Family(a)). A failed lookup gives an *Error such as
//
//	getaddrinfo ENOTFOUND no-such-host.invalid
//
// An empty host is answered with no address and no error (Node answers
// null, with a deprecation warning). Family other than 0, 4 or 6, or an
// unknown Order, panics with Node's ERR_INVALID_ARG_VALUE message.
//
// Loop thread only. A pending lookup keeps the loop alive.
func Lookup(l *uv.Loop, host string, opts LookupOptions, cb func(addrs []netip.Addr, err error)) {
	if opts.Family != 0 && opts.Family != 4 && opts.Family != 6 {
		panic(fmt.Sprintf("dns: ERR_INVALID_ARG_VALUE: The argument 'family' must be one of: 0, 4, 6. Received %d", opts.Family))
	}
	switch opts.Order {
	case "", OrderVerbatim, OrderIPv4First, OrderIPv6First:
	default:
		panic(fmt.Sprintf("dns: ERR_INVALID_ARG_VALUE: The argument 'order' must be one of: 'verbatim', 'ipv4first', 'ipv6first'. Received %q", opts.Order))
	}
	if host == "" {
		l.NextTick(func() { cb(nil, nil) })
		return
	}
	if a, err := netip.ParseAddr(host); err == nil {
		l.NextTick(func() { cb([]netip.Addr{a}, nil) })
		return
	}
	family := uv.FamilyAny
	switch opts.Family {
	case 4:
		family = uv.FamilyV4
	case 6:
		family = uv.FamilyV6
	}
	err := uv.Getaddrinfo(l, host, family, opts.Hints, func(addrs []netip.Addr, err error) {
		if err != nil {
			cb(nil, lookupError(err, host))
			return
		}
		switch opts.Order {
		case OrderIPv4First:
			slices.SortStableFunc(addrs, func(a, b netip.Addr) int { return Family(a) - Family(b) })
		case OrderIPv6First:
			slices.SortStableFunc(addrs, func(a, b netip.Addr) int { return Family(b) - Family(a) })
		}
		if len(addrs) == 0 {
			cb(nil, &Error{Errno: uv.EAINoName, Code: NOTFOUND, Syscall: "getaddrinfo", Hostname: host})
			return
		}
		if !opts.All {
			addrs = addrs[:1]
		}
		cb(addrs, nil)
	})
	if err != nil {
		e := lookupError(err, host)
		l.NextTick(func() { cb(nil, e) })
	}
}
