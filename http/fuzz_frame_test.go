package http

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/uvgo/uvgo/net"
	"github.com/uvgo/uvgo/tests/parity/wirecorpus"
	"github.com/uvgo/uvgo/uv"
)

// corpusApp answers with the statuses tests/parity/wire/app.js (and
// cmd/uvhttp) gives for the same request, at once (no timers): enough to
// compare the sequence of statuses and whether the server closed.
func corpusApp(req *IncomingMessage, res *ServerResponse) {
	path := req.URL
	if q := strings.IndexByte(path, '?'); q >= 0 {
		path = path[:q]
	}
	switch {
	case path == "/echo":
		res.StatusCode = 200
		req.Pipe(res)
	case strings.HasPrefix(path, "/status/"):
		s := path[len("/status/"):]
		code, err := strconv.Atoi(s)
		if err == nil && s != "" && s[0] != '+' && s[0] != '-' && code >= 100 && code <= 999 {
			res.StatusCode = code
			res.End(nil)
			return
		}
		res.StatusCode = 404
		res.EndString("Not Found\n", nil)
	case path == "/hello", path == "/stream", path == "/headers", path == "/delay", path == "/big", path == "/info":
		res.EndString("ok\n", nil)
	default:
		res.StatusCode = 404
		res.EndString("Not Found\n", nil)
	}
}

// feedParts runs one in-memory connection of s over parts (each one read,
// no FIN) and returns what the server wrote and whether it closed.
func feedParts(l *uv.Loop, s *Server, parts ...[]byte) ([]byte, bool) {
	c, m := newTestConn(s)
	for _, p := range parts {
		if c.closed() || len(p) == 0 {
			continue
		}
		c.feed(append([]byte(nil), p...))
		for i := 0; i < 3; i++ {
			l.DrainTicks()
			l.RunMode(uv.RunNoWait)
		}
	}
	closed := c.closed()
	if !closed {
		c.destroy()
	}
	l.RunMode(uv.RunNoWait)
	return m.out, closed
}

// TestWireCorpusSplitEveryOffset checks every case of the wire corpus
// (Node 20's recorded answers, tests/parity/wire/corpus) in process, sent
// in one read and split into two reads at every byte offset: the
// statuses of the responses and whether the server closed must be Node's.
// The live wire suite compares the bytes; this covers every read boundary.
func TestWireCorpusSplitEveryOffset(t *testing.T) {
	dir, err := wirecorpus.Dir()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := wirecorpus.LoadCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	l, err := uv.New()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	s := NewServer(l, ServerOptions{}, corpusApp)
	n := 0
	for _, c := range cases {
		if !c.Recorded || strings.Contains(c.Send, "/delay") {
			continue
		}
		want := fmt.Sprint(wirecorpus.Statuses(c.Node), " closed=", c.Closed)
		data := []byte(c.Send)
		if c.Known != "" {
			// A difference listed in http/doc.go: it must still be one.
			out, closed := feedParts(l, s, data)
			if got := fmt.Sprint(wirecorpus.Statuses(string(out)), " closed=", closed); got == want {
				t.Errorf("%s: listed as a known difference (%s) but uvgo now answers as Node: remove the known line", c.Name, c.Known)
			}
			continue
		}
		for off := 0; off < len(data); off++ {
			out, closed := feedParts(l, s, data[:off], data[off:])
			got := fmt.Sprint(wirecorpus.Statuses(string(out)), " closed=", closed)
			if got != want {
				t.Errorf("%s (%s), split at %d: %q | %q\nnode:  %s\nuvgo:  %s", c.Name, c.File, off, data[:off], data[off:], want, got)
				break
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no corpus case checked")
	}
	t.Logf("%d cases, %d splits", len(cases), n)
}

// frameReq is one request of a framing fuzz case, as the handler must see it.
type frameReq struct {
	url  string
	body string
}

// buildFrames makes k requests from the fuzz input: Content-Length or
// chunked bodies (chunks of varying sizes, extensions and trailers).
func buildFrames(seed []byte, k int) ([]byte, []frameReq, []int) {
	var out []byte
	var reqs []frameReq
	var ends []int
	at := 0
	next := func() byte {
		if len(seed) == 0 {
			return 0
		}
		b := seed[at%len(seed)]
		at++
		return b
	}
	for i := 0; i < k; i++ {
		url := fmt.Sprintf("/r%d", i)
		blen := int(next() % 24)
		body := make([]byte, blen)
		for j := range body {
			body[j] = 'a' + next()%26
		}
		if next()%2 == 0 {
			out = append(out, fmt.Sprintf("POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", url, blen)...)
			out = append(out, body...)
		} else {
			out = append(out, fmt.Sprintf("POST %s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", url)...)
			rest := body
			for len(rest) > 0 {
				n := 1 + int(next())%len(rest)
				ext := ""
				if next()%3 == 0 {
					ext = ";e=\"v\""
				}
				out = append(out, fmt.Sprintf("%x%s\r\n", n, ext)...)
				out = append(out, rest[:n]...)
				out = append(out, "\r\n"...)
				rest = rest[n:]
			}
			out = append(out, "0\r\n"...)
			if next()%2 == 0 {
				out = append(out, "T: 1\r\n"...)
			}
			out = append(out, "\r\n"...)
		}
		reqs = append(reqs, frameReq{url, string(body)})
		ends = append(ends, len(out))
	}
	return out, reqs, ends
}

// FuzzFraming checks framing invariants, not only the absence of panics:
// intact pipelined requests reach the handler exactly as sent (URL and
// body bytes), in order; after a byte is inserted anywhere (CR, LF, SP,
// HTAB, NUL, DEL, form feed, or the fuzzer's), every request before the
// damaged one is still delivered exactly, and when the damaged request is
// rejected nothing behind it reaches a handler (no handler runs after
// 'clientError').
func FuzzFraming(f *testing.F) {
	f.Add([]byte("seed-one"), uint8(2), uint16(0), uint8(0), uint16(0))
	f.Add([]byte{1, 3, 5, 7, 11}, uint8(3), uint16(40), uint8('\r'), uint16(17))
	f.Add([]byte{2, 4, 6, 8}, uint8(2), uint16(70), uint8('\n'), uint16(64))
	f.Add([]byte{9, 1, 0, 1}, uint8(1), uint16(60), uint8(' '), uint16(3))
	f.Fuzz(func(t *testing.T, seed []byte, nreq uint8, mutPos uint16, mutByte uint8, split uint16) {
		k := 1 + int(nreq%4)
		data, reqs, ends := buildFrames(seed, k)
		mutated := mutPos != 0
		damaged := k // index of the request the mutation is in
		if mutated {
			p := int(mutPos) % (len(data) + 1)
			b := []byte{'\r', '\n', ' ', '\t', 0, 0x7f, 0x0c}[mutByte%8%7]
			if mutByte >= 8*7 {
				b = mutByte
			}
			data = append(data[:p:p], append([]byte{b}, data[p:]...)...)
			damaged = 0
			for damaged < k && ends[damaged] <= p {
				damaged++
			}
			if (b == '\r' || b == '\n') && (p == 0 || (damaged > 0 && p == ends[damaged-1])) {
				// CR or LF between messages is allowed (as in Node): nothing
				// is damaged.
				mutated, damaged = false, k
			}
		}
		var got []frameReq
		rejected := false
		l, err := uv.New()
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		s := NewServer(l, ServerOptions{}, func(req *IncomingMessage, res *ServerResponse) {
			if rejected {
				t.Fatalf("a request after a rejected one reached the handler: %q", req.URL)
			}
			got = append(got, frameReq{url: req.URL})
			idx := len(got) - 1
			req.OnData(func(b []byte) { got[idx].body += string(b) })
			req.OnEnd(func() { res.End(nil) })
		})
		s.OnClientError(func(err error, sock *net.Socket) {
			rejected = true
			sock.Destroy(nil)
		})
		sp := int(split) % (len(data) + 1)
		feedParts(l, s, data[:sp], data[sp:])
		if !mutated && len(got) != k {
			t.Fatalf("%d of %d intact requests delivered: %q", len(got), k, data)
		}
		// Every request before the damaged one arrives exactly as sent.
		if len(got) < damaged {
			t.Fatalf("only %d requests delivered before the damaged one (%d): %q", len(got), damaged, data)
		}
		for i := 0; i < damaged && i < len(got); i++ {
			if got[i] != reqs[i] {
				t.Fatalf("request %d delivered as %+v, sent %+v: %q", i, got[i], reqs[i], data)
			}
		}
		// A rejected request lets nothing behind it through: at most the
		// damaged request itself (its header section) reached a handler.
		if rejected && len(got) > damaged+1 {
			t.Fatalf("%d requests delivered, the damaged one is %d and was rejected: %q", len(got), damaged, data)
		}
	})
}
