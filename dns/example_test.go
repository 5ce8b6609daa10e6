package dns_test

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/uvgo/uvgo/dns"
	"github.com/uvgo/uvgo/uv"
)

// Node's dns.lookup: a name through the system resolver, and the error
// for a name that does not exist.
func ExampleLookup() {
	loop, _ := uv.New()
	defer loop.Close()
	dns.Lookup(loop, "localhost", dns.LookupOptions{Family: 4}, func(addrs []netip.Addr, err error) {
		fmt.Println(addrs[0], dns.Family(addrs[0]), err)
	})
	dns.Lookup(loop, "no-such-host.invalid", dns.LookupOptions{}, func(_ []netip.Addr, err error) {
		fmt.Println(err, errors.Is(err, dns.ErrNotFound))
	})
	loop.Run()
	// Unordered output:
	// 127.0.0.1 4 <nil>
	// getaddrinfo ENOTFOUND no-such-host.invalid true
}
