//go:build !linux

package worker

import (
	"net/netip"

	"github.com/uvgo/uvgo/net"
)

// foreignListener is the /proc check of the package doc; elsewhere there
// is no /proc/net/tcp and only the probe runs.
func foreignListener(netip.AddrPort) error { return nil }

// probe is the bind probe of the package doc; not built here.
func probe(net.ListenOptions) error { return nil }
