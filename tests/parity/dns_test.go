package parity

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/uvgo/uvgo/dns"
)

// dnsShow prints a lookup error as dns/lookup.js's show() does.
func dnsShow(err error) string {
	var e *dns.Error
	if !errors.As(err, &e) {
		return fmt.Sprint("not a dns.Error: ", err)
	}
	return fmt.Sprintf("errno=%d code=%s syscall=%s hostname=%s message=%s", e.Errno, e.Code, e.Syscall, e.Hostname, e.Error())
}

// dnsAll prints addresses as JSON.stringify prints Node's [{address, family}].
func dnsAll(addrs []netip.Addr) string {
	parts := make([]string, len(addrs))
	for i, a := range addrs {
		parts[i] = fmt.Sprintf(`{"address":"%s","family":%d}`, a, dns.Family(a))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func init() {
	register("dns/lookup", func(p *P) {
		l := p.Loop()
		dns.Lookup(l, "127.0.0.1", dns.LookupOptions{}, func(a []netip.Addr, err error) {
			p.Log("literal v4", msg(err), a[0], dns.Family(a[0]))
			dns.Lookup(l, "::1", dns.LookupOptions{All: true}, func(a []netip.Addr, err error) {
				p.Log("literal v6 all", msg(err), dnsAll(a))
				dns.Lookup(l, "::1", dns.LookupOptions{Family: 4}, func(a []netip.Addr, err error) {
					p.Log("literal ignores family", msg(err), a[0], dns.Family(a[0]))
					dns.Lookup(l, "localhost", dns.LookupOptions{Family: 4}, func(a []netip.Addr, err error) {
						p.Log("localhost v4", err == nil, a[0], dns.Family(a[0]))
						dns.Lookup(l, "localhost", dns.LookupOptions{Family: 4, All: true}, func(a []netip.Addr, err error) {
							p.Log("localhost v4 all", err == nil, dnsAll(a))
							dns.Lookup(l, "no-such-host.invalid", dns.LookupOptions{}, func(a []netip.Addr, err error) {
								p.Log("invalid", dnsShow(err), "undefined", "undefined")
								dns.Lookup(l, "no-such-host.invalid", dns.LookupOptions{All: true}, func(a []netip.Addr, err error) {
									p.Log("invalid all", dnsShow(err), "undefined")
									dns.Lookup(l, "x.invalid", dns.LookupOptions{Family: 6}, func(a []netip.Addr, err error) {
										p.Log("invalid v6", dnsShow(err))
									})
								})
							})
						})
					})
				})
			})
		})
		p.Log("after first lookup call")
		p.Run()
	})
}
