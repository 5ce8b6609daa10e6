package http

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/uvgo/uvgo/uv"
)

// states returns the pooled state behind a request and its response.
func states(req *IncomingMessage) [2]any { return [2]any{req.cell, req.res.cell} }

// serveTwice serves two requests, one read each, on one connection of a
// server with options o, and returns the objects each handler got and
// the pooled state behind them then.
func serveTwice(t *testing.T, o ServerOptions, first, second string, h Handler) (reqs []*IncomingMessage, ress []*ServerResponse, st [][2]any) {
	l, err := uv.New()
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(l, o, func(req *IncomingMessage, res *ServerResponse) {
		reqs = append(reqs, req)
		ress = append(ress, res)
		st = append(st, states(req))
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
	return reqs, ress, st
}

const getReq = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"

// The state behind a finished exchange is reused by the next one; the
// objects are new for every request, so the old ones keep their values.
func TestStateReusedAfterClose(t *testing.T) {
	end := func(req *IncomingMessage, res *ServerResponse) { res.EndString("ok", nil) }
	reqs, ress, st := serveTwice(t, ServerOptions{}, getReq, "GET /second HTTP/1.1\r\nHost: x\r\n\r\n", end)
	if st[0] != st[1] {
		t.Error("the state of a finished request and response was not reused")
	}
	if reqs[0] == reqs[1] || ress[0] == ress[1] {
		t.Error("the objects handed to handlers were reused")
	}
	if reqs[0].URL != "/" || reqs[1].URL != "/second" || !reqs[0].Destroyed() || reqs[0].cell != nil {
		t.Errorf("the first request: URL %q, destroyed %v", reqs[0].URL, reqs[0].Destroyed())
	}

	_, _, st = serveTwice(t, ServerOptions{NoReuse: true}, getReq, getReq, end)
	if st[0] == st[1] {
		t.Error("NoReuse: state reused")
	}

	// A body not read to the end by the time the response finished is
	// dumped; the request closes after it, and its state is reused once
	// it has.
	post := "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
	_, _, st = serveTwice(t, ServerOptions{}, post, getReq, end)
	if st[0] != st[1] {
		t.Error("the state of a request whose body was dumped was not reused")
	}
}

func TestObjectsNotReusedWhenCutShort(t *testing.T) {
	// The response ends before the request's body has arrived: the
	// request is still being parsed, so neither is reused, and the body's
	// end still reaches the first request.
	var ended int
	_, _, st := serveTwice(t, ServerOptions{}, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na",
		"bc"+getReq, func(req *IncomingMessage, res *ServerResponse) {
			req.OnEnd(func() { ended++ })
			res.EndString("ok", nil)
		})
	if st[0] == st[1] {
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

// A request and response that a handler keeps past their 'close' (a
// timer, an audit hook, a goroutine posting back) keep their own values
// across 1,000 later requests whose state reuses theirs, and a late write
// to the response errors as Node's finished response does: its bytes
// reach no other response.
func TestHeldObjectsStayTheirs(t *testing.T) {
	var heldReq *IncomingMessage
	var heldRes *ServerResponse
	l, c, m := newMemServer(t, func(req *IncomingMessage, res *ServerResponse) {
		if heldReq == nil {
			heldReq, heldRes = req, res
			res.StatusCode = 201
			res.SetHeader("X-First", "yes")
		}
		res.EndString("ok "+req.URL, nil)
	})
	c.feed([]byte("POST /first?a=1 HTTP/1.1\r\nHost: first.test\r\nX-Tag: one\r\nContent-Length: 0\r\n\r\n"))
	l.DrainTicks()
	for i := range 1000 {
		c.feed([]byte(fmt.Sprintf("GET /later/%d HTTP/1.1\r\nHost: later.test\r\nX-Tag: %d\r\n\r\n", i, i)))
		l.DrainTicks()
		l.RunMode(uv.RunNoWait)
	}
	if n := strings.Count(string(m.out), "\r\n\r\nok /later/"); n != 1000 {
		t.Fatalf("%d of 1000 later requests answered", n)
	}
	if got := fmt.Sprint(heldReq.Method, " ", heldReq.URL, " ", heldReq.Header("host"), " ", heldReq.Header("x-tag"), " ", heldReq.RawHeaders); got != "POST /first?a=1 first.test one [Host first.test X-Tag one Content-Length 0]" {
		t.Errorf("the held request reads %q", got)
	}
	if v, _ := heldRes.GetHeader("x-first"); heldRes.StatusCode != 201 || v != "yes" {
		t.Errorf("the held response reads status %d, X-First %q", heldRes.StatusCode, v)
	}
	m.out = m.out[:0]
	var lateErr error
	ok := heldRes.WriteString("LATE", func(err error) { lateErr = err })
	heldRes.EndString("LATER", nil)
	heldRes.WriteContinue()
	c.feed([]byte("GET /last HTTP/1.1\r\nHost: x\r\n\r\n"))
	l.DrainTicks()
	l.RunMode(uv.RunNoWait)
	if ok || lateErr == nil {
		t.Errorf("a late write returned %v with error %v, want false and an error", ok, lateErr)
	}
	if strings.Contains(string(m.out), "LATE") || strings.Contains(string(m.out), "100 Continue") {
		t.Errorf("a late write reached the wire: %q", m.out)
	}
	if !strings.Contains(string(m.out), "ok /last") {
		t.Errorf("the next request was not answered: %q", m.out)
	}
	if heldReq.SetTimeout(time.Second, nil); c.slow != nil && c.slow.timer != nil {
		t.Error("a held request set the live connection's timeout")
	}
}
