package dns_test

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/dns"
	"github.com/uvgo/uvgo/internal/testutil"
	"github.com/uvgo/uvgo/uv"
)

// Literals never reach the resolver, but their callbacks still run after
// Lookup returned (on the next tick), whatever Family says.
func TestLookupLiteralIsAsync(t *testing.T) {
	l := testutil.NewLoop(t)
	var trace testutil.Trace
	for _, host := range []string{"127.0.0.1", "::1", "fe80::1%lo"} {
		dns.Lookup(l, host, dns.LookupOptions{Family: 4, All: true}, func(a []netip.Addr, err error) {
			require.NoError(t, err)
			trace.Add("%s %d", a[0], dns.Family(a[0]))
		})
	}
	dns.Lookup(l, "", dns.LookupOptions{}, func(a []netip.Addr, err error) {
		trace.Add("empty %d %v", len(a), err)
	})
	trace.Add("returned")
	testutil.Run(t, l, 0)
	assert.Equal(t, []string{"returned", "127.0.0.1 4", "::1 6", "fe80::1%lo 6", "empty 0 <nil>"}, trace.Lines())
}

func TestLookupLocalhost(t *testing.T) {
	l := testutil.NewLoop(t)
	calls := testutil.MustCall(t, 2, "lookups")
	dns.Lookup(l, "localhost", dns.LookupOptions{Family: 4, All: true}, func(a []netip.Addr, err error) {
		calls.Hit()
		require.NoError(t, err)
		assert.Contains(t, a, netip.MustParseAddr("127.0.0.1"))
		for _, x := range a {
			assert.True(t, x.Is4(), "family 4 gives IPv4 only: %v", a)
		}
	})
	dns.Lookup(l, "localhost", dns.LookupOptions{Order: dns.OrderIPv6First, All: true}, func(a []netip.Addr, err error) {
		calls.Hit()
		require.NoError(t, err)
		require.NotEmpty(t, a)
		seen4 := false
		for _, x := range a {
			if x.Is4() {
				seen4 = true
			} else {
				assert.False(t, seen4, "ipv6first: an IPv6 address after an IPv4 one: %v", a)
			}
		}
	})
	testutil.Run(t, l, 0)
}

// A name under .invalid never resolves: Node's ENOTFOUND error, which
// unwraps to the libuv error.
func TestLookupNotFound(t *testing.T) {
	l := testutil.NewLoop(t)
	calls := testutil.MustCall(t, 1, "lookup")
	dns.Lookup(l, "uvgo-test.invalid", dns.LookupOptions{All: true}, func(a []netip.Addr, err error) {
		calls.Hit()
		assert.Nil(t, a)
		var de *dns.Error
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "ENOTFOUND", de.Code)
		assert.Equal(t, "getaddrinfo", de.Syscall)
		assert.Equal(t, "uvgo-test.invalid", de.Hostname)
		assert.Contains(t, []int{uv.EAINoName, uv.EAINoData}, de.Errno)
		assert.Equal(t, "getaddrinfo ENOTFOUND uvgo-test.invalid", err.Error())
		assert.ErrorIs(t, err, dns.ErrNotFound)
		var ue *uv.Error
		assert.True(t, errors.As(err, &ue))
	})
	testutil.Run(t, l, 0)
}

func TestLookupMisusePanics(t *testing.T) {
	l := testutil.NewLoop(t)
	assert.PanicsWithValue(t, "dns: ERR_INVALID_ARG_VALUE: The argument 'family' must be one of: 0, 4, 6. Received 5", func() {
		dns.Lookup(l, "localhost", dns.LookupOptions{Family: 5}, func([]netip.Addr, error) {})
	})
	assert.Panics(t, func() {
		dns.Lookup(l, "localhost", dns.LookupOptions{Order: "random"}, func([]netip.Addr, error) {})
	})
}
