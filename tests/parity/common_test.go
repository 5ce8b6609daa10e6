package parity

import "net/netip"

var loopback0 = netip.MustParseAddrPort("127.0.0.1:0")
