package http

import (
	"fmt"
	stdhttp "net/http"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/uvgo/uvgo/uv"
)

func TestLowerName(t *testing.T) {
	for _, n := range []string{"Content-Type", "content-type", "CONTENT-TYPE", "X-Custom-Thing", "etag", "ETag", ""} {
		if got, want := lowerName(n), strings.ToLower(n); got != want {
			t.Errorf("lowerName(%q) = %q, want %q", n, got, want)
		}
	}
	for _, n := range []string{"Content-Type", "User-Agent", "x-lower-already"} {
		if a := testing.AllocsPerRun(50, func() { _ = lowerName(n) }); a != 0 {
			t.Errorf("lowerName(%q) allocates %.0f times", n, a)
		}
	}
}

func TestKeepAliveReusesRepeatedHeaderStrings(t *testing.T) {
	// what the handler saw (the request objects themselves are reused)
	type seen struct {
		URL        string
		RawHeaders []string
	}
	var got []seen
	l, c, _ := newMemServer(t, func(req *IncomingMessage, res *ServerResponse) {
		got = append(got, seen{req.URL, slices.Clone(req.RawHeaders)})
		res.EndString("ok", nil)
	})
	c.feed([]byte("GET /a HTTP/1.1\r\nHost: x\r\nX-Thing: \xe9\r\nX-Same:  same \r\n\r\n"))
	l.DrainTicks()
	c.feed([]byte("GET /a HTTP/1.1\r\nHost: y\r\nX-Thing: \xc3\xa9\r\nX-Same: same\r\n\r\n"))
	l.DrainTicks()
	if len(got) != 2 {
		t.Fatalf("%d requests served, want 2", len(got))
	}
	a, b := got[0].RawHeaders, got[1].RawHeaders
	want := [][]string{
		{"Host", "x", "X-Thing", "\u00e9", "X-Same", "same"},
		{"Host", "y", "X-Thing", "\u00c3\u00a9", "X-Same", "same"},
	}
	for i, h := range [][]string{a, b} {
		if strings.Join(h, "|") != strings.Join(want[i], "|") {
			t.Errorf("request %d RawHeaders = %q, want %q", i+1, h, want[i])
		}
	}
	if unsafe.StringData(a[5]) != unsafe.StringData(b[5]) || unsafe.StringData(a[2]) != unsafe.StringData(b[2]) {
		t.Error("a repeated header name or value was not reused")
	}
	if unsafe.StringData(got[0].URL) != unsafe.StringData(got[1].URL) {
		t.Error("a repeated URL was not reused")
	}
}

func TestSetHeaderBeyondInlineRoom(t *testing.T) {
	l, c, m := newMemServer(t, func(req *IncomingMessage, res *ServerResponse) {
		for i := 0; i < 6; i++ {
			res.SetHeader(fmt.Sprintf("X-H%d", i), fmt.Sprint(i))
		}
		res.SetHeader("x-h1", "one") // replaces, keeps its place
		res.RemoveHeader("X-H0")     // shifts the rest down
		res.SetHeader("X-H6", "six") // past the inline room
		res.SetHeaderValues("X-H3", []string{"a", "b"})
		if v, _ := res.GetHeader("x-h4"); v != "4" {
			t.Errorf("GetHeader(x-h4) = %q", v)
		}
		res.EndString("", nil)
	})
	c.feed([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	l.DrainTicks()
	out := string(m.out)
	want := "x-h1: one\r\nX-H2: 2\r\nX-H3: a\r\nX-H3: b\r\nX-H4: 4\r\nX-H5: 5\r\nX-H6: six\r\nDate: "
	if !strings.Contains(out, "HTTP/1.1 200 OK\r\n"+want) {
		t.Errorf("head:\n%s\nwant the headers\n%s", out, want)
	}
}

func TestInternName(t *testing.T) {
	for _, n := range []string{"Host", "host", "User-Agent", "x-forwarded-proto"} {
		got, ok := internName([]byte(n))
		if !ok || got != n {
			t.Errorf("internName(%q) = %q, %v", n, got, ok)
		}
	}
	if _, ok := internName([]byte("HOST")); ok {
		t.Error("an unusual spelling must keep its own bytes (Node keeps rawHeaders as sent)")
	}
}

func TestHeaderKey(t *testing.T) {
	for _, c := range []struct {
		name, lower string
		ok          bool
	}{
		{"Content-Type", "content-type", true},
		{"x-custom", "x-custom", true},
		{"X-Mixed-Case", "x-mixed-case", true},
		{"bad name", "", false},
		{"", "", false},
		{"colon:", "", false},
	} {
		lower, ok := headerKey(c.name)
		if lower != c.lower || ok != c.ok {
			t.Errorf("headerKey(%q) = %q, %v; want %q, %v", c.name, lower, ok, c.lower, c.ok)
		}
	}
}

func TestDateKeptWithinASecond(t *testing.T) {
	l, err := uv.New()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	s := NewServer(l, ServerOptions{}, nil)
	first := string(s.date())
	if _, err := time.Parse(stdhttp.TimeFormat, first); err != nil {
		t.Fatalf("Date %q: %v", first, err)
	}
	// the loop's time does not move: the value is kept, whatever the clock
	time.Sleep(1100 * time.Millisecond)
	if got := string(s.date()); got != first {
		t.Errorf("Date changed without the loop's time moving: %q -> %q", first, got)
	}
	l.UpdateTime()
	if got := string(s.date()); got == first {
		t.Errorf("Date still %q after a second", got)
	}
}

func TestHeaderLookup(t *testing.T) {
	m := &IncomingMessage{RawHeaders: []string{
		"Host", "x", "Content-Type", "text/plain", "X-Dup", "a", "x-dup", "b",
		"Cookie", "c=1", "cookie", "d=2", "Set-Cookie", "s=1", "set-cookie", "s=2", "Content-Type", "ignored",
	}}
	for name, want := range map[string]string{
		"content-type": "text/plain", // first wins for content-type
		"HOST":         "x",
		"x-dup":        "a, b",
		"cookie":       "c=1; d=2",
		"set-cookie":   "s=1, s=2",
		"missing":      "",
	} {
		if got := m.Header(name); got != want {
			t.Errorf("Header(%q) = %q, want %q", name, got, want)
		}
	}
	if a := testing.AllocsPerRun(100, func() { _ = m.Header("Host") }); a != 0 {
		t.Errorf("Header of a single line allocates %.0f times", a)
	}
}

// Headers on a reused request builds into the previous request's map and
// value array: a keep-alive client repeating its headers costs nothing.
func TestHeadersMapKeptByItsRequest(t *testing.T) {
	var h []map[string][]string
	var names int
	l, c, m := newMemServer(t, func(req *IncomingMessage, res *ServerResponse) {
		h = append(h, req.Headers())
		names = len(req.HeaderNames())
		res.EndString("ok", nil)
	})
	got := func(h map[string][]string) string {
		return h["x-dup"][0] + "|" + h["cookie"][0] + "|" + strings.Join(h["set-cookie"], ",") + "|" + h["host"][0] +
			"|" + fmt.Sprint(names, len(h))
	}
	req := []byte("GET / HTTP/1.1\r\nHost: x\r\nX-Dup: a\r\nx-dup: b\r\nCookie: c=1\r\nCookie: d=2\r\n" +
		"Set-Cookie: s=1\r\nSet-Cookie: s=2\r\nAccept: */*\r\nSec-Fetch-Site: none\r\n\r\n")
	single := []byte("GET / HTTP/1.1\r\nHost: y\r\nX-Dup: a\r\nCookie: c=1\r\nSet-Cookie: s=1\r\nSec-Fetch-Site: none\r\n\r\n")
	c.feed(req)
	l.DrainTicks()
	if want := "a, b|c=1; d=2|s=1,s=2|x|6 6"; got(h[0]) != want {
		t.Fatalf("headers %q, want %q", got(h[0]), want)
	}
	m.out = m.out[:0]
	for range 100 {
		c.feed(single)
		l.DrainTicks()
		m.out = m.out[:0]
	}
	if want := "a|c=1|s=1|y|5 5"; got(h[len(h)-1]) != want {
		t.Fatalf("headers %q, want %q", got(h[len(h)-1]), want)
	}
	// The first request's map is its own for good: the later requests'
	// state reuse never reaches it.
	names = 6
	if want := "a, b|c=1; d=2|s=1,s=2|x|6 6"; got(h[0]) != want {
		t.Fatalf("the first request's headers became %q, want %q", got(h[0]), want)
	}
}

// Headers (one pass) agrees with headerValues (Node's rules applied to one
// name, the reference Header uses) on names, order and values.
func TestHeadersAgreeWithHeaderValues(t *testing.T) {
	names := []string{"Host", "host", "Cookie", "cookie", "Set-Cookie", "SET-COOKIE", "Content-Type",
		"X-A", "x-a", "Accept", "Authorization", "Sec-Fetch-Mode", "etag", "X-Long-Custom-Name"}
	srv := NewServer(nil, ServerOptions{}, nil)
	seed := uint32(1)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for round := range 300 {
		var raw []string
		for range next(12) {
			raw = append(raw, names[next(len(names))], fmt.Sprint("v", next(5)))
		}
		m := &IncomingMessage{RawHeaders: raw, conn: &conn{srv: srv}}
		h := m.Headers()
		seen := map[string]bool{}
		var order []string
		for i := 0; i < len(raw); i += 2 {
			if l := strings.ToLower(raw[i]); !seen[l] {
				seen[l] = true
				order = append(order, l)
			}
		}
		if !slices.Equal(order, m.HeaderNames()) || len(h) != len(order) {
			t.Fatalf("round %d: names %q, want %q", round, m.HeaderNames(), order)
		}
		for _, n := range order {
			want, _ := m.headerValues(n)
			if !slices.Equal(h[n], want) {
				t.Fatalf("round %d: %s = %q, want %q (raw %q)", round, n, h[n], want, raw)
			}
		}
	}
}
