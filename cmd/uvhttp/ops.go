package main

import (
	"context"
	"errors"
	"fmt"
	stdnet "net"
	"net/netip"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/uvgo/uvgo/uv"
)

// listenAddr is -listen parsed: the host as net.ListenOptions takes it
// ("" for every address, "localhost", or an IP address) and the port.
type listenAddr struct {
	host string
	port int
}

// parseListen reads HOST:PORT. An empty host is every address (":8080"),
// "localhost" is kept (uvgo's net listens on 127.0.0.1 for it), an IP is
// kept, and another host name is resolved once, now, before any loop
// runs: its first address is used.
func parseListen(s string) (listenAddr, error) {
	host, port, err := stdnet.SplitHostPort(s)
	if err != nil {
		return listenAddr{}, fmt.Errorf("want HOST:PORT such as 127.0.0.1:8080, localhost:8080 or :8080: %w", err)
	}
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return listenAddr{}, fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	switch _, perr := netip.ParseAddr(host); {
	case host == "", strings.EqualFold(host, "localhost"):
		host = strings.ToLower(host)
	case perr == nil:
	default:
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		addrs, err := stdnet.DefaultResolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return listenAddr{}, err
		}
		if len(addrs) == 0 {
			return listenAddr{}, errors.New("host " + host + " has no address")
		}
		host = addrs[0].Unmap().String()
	}
	return listenAddr{host: host, port: int(p)}, nil
}

// versionString is uvgo's version as the build knows it, with libuv's and
// Go's: the module version when built from a tagged module (go install
// ...@v1.2.3), else "devel" with the VCS revision when the build recorded
// one.
func versionString() string {
	v := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if mv := bi.Main.Version; mv != "" && mv != "(devel)" {
			v = mv
		} else {
			var rev, dirty string
			for _, s := range bi.Settings {
				switch s.Key {
				case "vcs.revision":
					rev = s.Value
				case "vcs.modified":
					if s.Value == "true" {
						dirty = "-dirty"
					}
				}
			}
			if len(rev) > 12 {
				rev = rev[:12]
			}
			if rev != "" {
				v += "+" + rev + dirty
			}
		}
	}
	return fmt.Sprintf("uvgo %s (libuv %s, %s)", v, uv.Version(), runtime.Version())
}
