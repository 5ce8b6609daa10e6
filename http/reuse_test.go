package http

import (
	"fmt"
	"strings"
	"testing"

	"github.com/uvgo/uvgo/uv"
)

// serveTwice serves two requests, one read each, on one connection of a
// server with options o, and returns the objects each handler got.
func serveTwice(t *testing.T, o ServerOptions, first, second string, h Handler) (reqs []*IncomingMessage, ress []*ServerResponse) {
	l, err := uv.New()
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(l, o, func(req *IncomingMessage, res *ServerResponse) {
		reqs = append(reqs, req)
		ress = append(ress, res)
		h(req, res)
	})
	c, _ := newTestConn(s)
	t.Cleanup(func() { c.destroy(); l.RunMode(uv.RunNoWait); l.Close() })
	c.feed([]byte(first))
	l.DrainTicks()
	c.feed([]byte(second))
	l.DrainTicks()
	if len(reqs) != 2 {
		t.Fatalf("%d requests handled, want 2", len(reqs))
	}
	return reqs, ress
}

const getReq = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"

func TestObjectsReusedAfterClose(t *testing.T) {
	end := func(req *IncomingMessage, res *ServerResponse) { res.EndString("ok", nil) }
	reqs, ress := serveTwice(t, ServerOptions{}, getReq, getReq, end)
	if reqs[0] != reqs[1] || ress[0] != ress[1] {
		t.Error("a finished request and response were not reused")
	}

	reqs, ress = serveTwice(t, ServerOptions{NoReuse: true}, getReq, getReq, end)
	if reqs[0] == reqs[1] || ress[0] == ress[1] {
		t.Error("NoReuse: objects reused")
	}

	// A body not read to the end by the time the response finished is
	// dumped; the request closes after it, and is reused once it has.
	post := "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
	reqs, _ = serveTwice(t, ServerOptions{}, post, getReq, end)
	if reqs[0] != reqs[1] {
		t.Error("a request whose body was dumped was not reused")
	}
}

func TestObjectsNotReusedWhenCutShort(t *testing.T) {
	// The response ends before the request's body has arrived: the
	// request is still being parsed, so neither is reused, and the body's
	// end still reaches the first request.
	var ended int
	reqs, _ := serveTwice(t, ServerOptions{}, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na",
		"bc"+getReq, func(req *IncomingMessage, res *ServerResponse) {
			req.OnEnd(func() { ended++ })
			res.EndString("ok", nil)
		})
	if reqs[0] == reqs[1] {
		t.Error("a request still receiving its body was reused")
	}
	if ended != 2 {
		t.Errorf("%d 'end' events, want 2", ended)
	}

	// A destroyed response (and its request) is never reused.
	l, err := uv.New()
	if err != nil {
		t.Fatal(err)
	}
	var got []*ServerResponse
	s := NewServer(l, ServerOptions{}, func(req *IncomingMessage, res *ServerResponse) {
		got = append(got, res)
		res.Destroy(nil)
	})
	for range 2 {
		c, _ := newTestConn(s)
		c.feed([]byte(getReq))
		l.DrainTicks()
	}
	l.RunMode(uv.RunNoWait)
	l.Close()
	if len(got) != 2 || got[0] == got[1] || len(s.spare) != 0 {
		t.Errorf("destroyed responses reused or kept: %d handled, %d spare", len(got), len(s.spare))
	}
}

// A read of 16 pipelined requests is answered in one write, although
// the responses finish one after another, in order.
func TestPipelinedBatchWrites(t *testing.T) {
	l, c, m := newMemServer(t, func(req *IncomingMessage, res *ServerResponse) { res.EndString(req.URL, nil) })
	var batch []byte
	for i := range 16 {
		batch = append(batch, fmt.Sprintf("GET /%d HTTP/1.1\r\nHost: x\r\n\r\n", i)...)
	}
	for range 3 {
		m.writes, m.out = 0, m.out[:0]
		c.feed(batch)
		l.DrainTicks()
		if n := strings.Count(string(m.out), "HTTP/1.1 200 OK"); n != 16 {
			t.Fatalf("%d responses, want 16", n)
		}
		for i := range 16 {
			if !strings.Contains(string(m.out), fmt.Sprintf("\r\n\r\n/%d", i)) || (i > 0 && strings.Index(string(m.out), fmt.Sprintf("\r\n\r\n/%d", i)) < strings.Index(string(m.out), fmt.Sprintf("\r\n\r\n/%d", i-1))) {
				t.Fatalf("response %d missing or out of order", i)
			}
		}
		if m.writes != 1 {
			t.Errorf("16 pipelined responses took %d writes, want 1", m.writes)
		}
	}
}
