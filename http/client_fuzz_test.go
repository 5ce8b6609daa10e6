package http

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/uv"
)

// clientTrace sends one request (GET, or HEAD) on an in-memory
// connection, feeds data as the server's answer in reads cut at cuts
// (then EOF), and renders the request's and response's events, body
// pieces joined.
func clientTrace(tb testing.TB, data []byte, cuts []int, method string) string {
	l, a, c, _, done := openMemClient(tb)
	defer done()
	var b strings.Builder
	var body []byte
	flush := func() {
		if len(body) > 0 {
			fmt.Fprintf(&b, "body %q\n", body)
			body = body[:0]
		}
	}
	req, err := Request(l, RequestOptions{Host: "127.0.0.1", Port: 80, Agent: a, Method: method}, func(res *IncomingMessage) {
		fmt.Fprintf(&b, "response %d %q %s %q\n", res.StatusCode, res.StatusMessage, res.HTTPVersion, res.RawHeaders)
		res.OnData(func(p []byte) { body = append(body, p...) })
		res.OnEnd(func() { flush(); fmt.Fprintf(&b, "end %q\n", res.RawTrailers) })
		res.OnAborted(func() { flush(); b.WriteString("aborted\n") })
		res.OnError(func(err error) { fmt.Fprintf(&b, "res error %v\n", events.ErrorCode(err)) })
		res.OnClose(func() { flush(); b.WriteString("res close\n") })
	})
	if err != nil {
		tb.Fatal(err)
	}
	req.OnInformation(func(m *IncomingMessage) {
		if r := req.Res(); r == nil || !r.Complete { // see OnError
			fmt.Fprintf(&b, "information %d\n", m.StatusCode)
		}
	})
	req.OnError(func(err error) {
		if m := req.Res(); m != nil && m.Complete {
			// bytes after a complete response: whether they are parsed
			// (and fail) or land on a socket already closing or idle
			// depends on the reads, in Node too
			return
		}
		flush()
		code := events.ErrorCode(err)
		if ce, ok := err.(*ClientError); ok {
			code = ce.Code
		}
		fmt.Fprintf(&b, "error %s\n", code)
	})
	req.OnClose(func() { flush(); b.WriteString("close\n") })
	req.End(nil)
	l.DrainTicks()
	prev := 0
	for _, k := range append(append([]int(nil), cuts...), len(data)) {
		if k <= prev || c.closed() {
			continue
		}
		part := append([]byte(nil), data[prev:k]...)
		c.feedClient(part)
		l.DrainTicks()
		l.RunMode(uv.RunNoWait)
		prev = k
	}
	if !c.closed() {
		c.parser.Finish()
		c.SockRead(nil, nil)
		c.feedEOFClient()
	}
	for range 3 {
		l.DrainTicks()
		l.RunMode(uv.RunNoWait)
	}
	flush()
	return normalizeTrace(b.String())
}

// normalizeTrace joins the body pieces into one line and sorts the other
// events: when a body piece or 'end' is emitted relative to an error in
// the same read depends on where reads end (in Node too: 'data' and
// 'end' wait for a tick, 'error' does not), so only what happened is
// compared, not how it interleaved.
func normalizeTrace(s string) string {
	var body strings.Builder
	var other []string
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if q, ok := strings.CutPrefix(line, "body "); ok {
			u, err := strconv.Unquote(q)
			if err != nil {
				panic(err)
			}
			body.WriteString(u)
			continue
		}
		other = append(other, line)
	}
	sort.Strings(other)
	return fmt.Sprintf("body %q\n%s", body.String(), strings.Join(other, "\n"))
}

// feedEOFClient delivers the peer's FIN (the parser already finished).
func (c *clientConn) feedEOFClient() {
	for _, t := range c.ls.scratch.Tokens() {
		if c.closed() || !c.token(t, nil) {
			return
		}
	}
}

var clientSeeds = []string{
	"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n",
	"HTTP/1.1 200 OK\r\n\r\nuntil eof",
	"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
	"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
	"HTTP/1.1 abc\r\n\r\n",
	"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 200 OK\r\n\r\n",
	"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\nraw",
	"",
}

// TestClientSplitReads: what the client reports (events, body, errors)
// does not depend on where the response's reads are cut.
func TestClientSplitReads(t *testing.T) {
	for _, s := range clientSeeds {
		data := []byte(s)
		whole := clientTrace(t, data, nil, "GET")
		for k := 1; k < len(data); k++ {
			if got := clientTrace(t, data, []int{k}, "GET"); got != whole {
				t.Fatalf("%q cut at %d:\n%s\nwhole:\n%s", s, k, got, whole)
			}
		}
	}
}

// FuzzClientResponse: any bytes as a response never panic the client,
// and it reports the same in one read and cut in two.
func FuzzClientResponse(f *testing.F) {
	for _, s := range clientSeeds {
		f.Add([]byte(s), uint16(len(s)/2), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, cut uint16, head bool) {
		if len(data) > 2048 {
			data = data[:2048]
		}
		method := "GET"
		if head {
			method = "HEAD"
		}
		whole := clientTrace(t, data, nil, method)
		if len(data) < 2 {
			return
		}
		k := 1 + int(cut)%(len(data)-1)
		if got := clientTrace(t, data, []int{k}, method); got != whole {
			t.Fatalf("cut at %d:\n%s\nwhole:\n%s", k, got, whole)
		}
	})
}
