package difffuzz

import "testing"

// The classifier recognises exactly the documented differences.
func TestKnown(t *testing.T) {
	trailers := "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 5\r\n\r\n"
	noTrailers := "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 5\r\n\r\n"
	noHost := "GET /nope HTTP/1.1\r\nost: x\r\n\r\nGET /status/299 HTTP/1.1\r\nHost: x\r\n\r\n"
	r := func(raw string, closed bool) Result { return Result{Raw: raw, Closed: closed} }
	ok200 := "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
	bad := "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
	cases := []struct {
		d     Disagreement
		known bool
	}{
		{Disagreement{Data: trailers, Node: r(ok200+bad, true), UV: r(ok200, true)}, true},
		{Disagreement{Data: trailers, Node: r(ok200+bad, true), UV: r(bad, true)}, true},
		{Disagreement{Data: noTrailers, Node: r(ok200+bad, true), UV: r(bad, true)}, false},
		{Disagreement{Data: trailers, Node: r(ok200+bad, true), UV: r(ok200, false)}, false},
		// fixed: nothing is written after a response that ends the connection
		{Disagreement{Data: noHost, Node: r(bad, true), UV: r(bad+"HTTP/1.1 299 unknown\r\n\r\n", true)}, false},
		{Disagreement{Data: noHost, Node: r(bad, true), UV: r("HTTP/1.1 404 Not Found\r\n\r\n", true)}, false},
	}
	for i, c := range cases {
		if got := Known(c.d) != ""; got != c.known {
			t.Errorf("case %d: known=%v, want %v (%q)", i, got, c.known, c.d.Data)
		}
	}
}
