// Package dns is Node 20's dns.lookup on libuv: Lookup resolves a name
// with getaddrinfo on libuv's threadpool (uv_getaddrinfo), the system
// resolver that Node uses by default (/etc/hosts, then DNS as
// nsswitch.conf says), and calls back on the loop. It is what package net
// calls when given a hostname, as Node's net does.
//
// # API
//
// Lookup(loop, host, LookupOptions{Family, All, Hints, Order}, cb) with
// cb(addrs []netip.Addr, err error): one address, or all of them with
// All. The family of an address is Family(a) (4 or 6). This one shape
// covers Node's two callback shapes ((err, address, family) and
// (err, addresses)) and is easy to call from the loop.
//
// IP literals are answered as they are, without a lookup, and an empty
// host with no address; both on the next tick. Names go to the
// threadpool; a pending lookup keeps the loop alive. Order is the
// resolver's (Node 20's default "verbatim") unless Order says
// "ipv4first" or "ipv6first".
//
// # Errors
//
// A failed lookup is an *Error shaped like Node's: Errno (libuv's code,
// -3008 for EAI_NONAME), Code ("ENOTFOUND" for a name with no address,
// otherwise libuv's name such as "EAI_AGAIN"), Syscall "getaddrinfo" and
// Hostname, with Node's message "getaddrinfo ENOTFOUND host".
// errors.Is(err, ErrNotFound) matches every ENOTFOUND error.
//
// # Threading
//
// Lookup is loop thread only (or before Run), like every uv object.
//
// # Differences from Node
//
//   - One callback shape (see API); Family(a) gives each address's family.
//   - Misuse (Family not 0, 4 or 6; an unknown Order) panics with Node's
//     ERR_INVALID_ARG_VALUE message, as Node throws.
//   - An empty host gives no address and no error, without Node's
//     deprecation warning (uv has no warning channel).
//   - Addresses that the resolver returns twice are returned once.
//   - Only lookup (getaddrinfo) is built; Node's c-ares resolvers
//     (resolve4, resolveMx, reverse, ...) and lookupService are not.
package dns
