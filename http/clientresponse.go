package http

import (
	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http/internal/llhttp"
	"github.com/uvgo/uvgo/internal/sock"
	"github.com/uvgo/uvgo/stream"
	"github.com/uvgo/uvgo/uv"
)

// The response side of a client connection: the parser's tokens become
// the response (an IncomingMessage), its body, its end, or the end of
// HTTP on the connection (upgrade, CONNECT, errors).

// token handles one parser event; false stops the processing of a read.
func (c *clientConn) token(t llhttp.Token, data []byte) bool {
	switch t.Kind {
	case llhttp.TBegin:
		c.begin()
	case llhttp.TStatus:
		c.status = append(c.status, span(t, data)...)
	case llhttp.TField:
		c.bits &^= ccInValue
		c.field = append(c.field, span(t, data)...)
	case llhttp.TValue:
		c.bits |= ccInValue
		c.value = append(c.value, span(t, data)...)
	case llhttp.TValueDone:
		c.addHeader()
	case llhttp.THeadersDone:
		return c.headersComplete(t.Headers(), data, t)
	case llhttp.TBody:
		if m := c.cur; m != nil && c.bits&ccInfo == 0 {
			// a copy, pooled and lent when the body goes to a pipe only
			// (a proxy's upstream response piped into its response)
			if !sock.Push(&m.Readable, c.loop, span(t, data)) {
				c.bits |= ccBodyPaused
				c.core.ReadStop()
			}
		}
	case llhttp.TMessageDone:
		c.messageComplete()
	case llhttp.TUpgrade:
		return c.upgrade(data[t.Off:])
	case llhttp.TError:
		c.parseError(newParseError(c.parser, t.Val, data, t.Off))
		return false
	case llhttp.TEOF:
		c.onEOF()
		return false
	case llhttp.TReadError:
		c.destroyWith(&uv.Error{Code: int(int64(t.Val)), Syscall: "read"})
		return false
	}
	return true
}

// begin starts a message: a response, or unexpected bytes on a free
// connection (Node's parser is gone then: the connection is dropped).
func (c *clientConn) begin() {
	if c.req == nil || c.bits&ccTicked == 0 {
		c.destroyWith(nil)
		return
	}
	m := &IncomingMessage{cli: &clientSide{loop: c.loop, conn: c, req: c.req}}
	stream.InitReadable(&m.Readable, c.loop, stream.ReadableOptions{
		Read:    m.clientRead,
		Destroy: m.clientDestroy,
	}, "IncomingMessage")
	c.cur = m
	c.status = c.status[:0]
	c.field = c.field[:0]
	c.value = c.value[:0]
	c.bits &^= ccTrailer | ccInValue | ccInfo
}

// reusedHeader returns the previous response's RawHeaders[i] when it
// holds the same ASCII bytes as b (i < 0: never).
func (c *clientConn) reusedHeader(i int, b []byte) (string, bool) {
	if i >= 0 && i < len(c.prevRaw) && c.prevRaw[i] == string(b) && isASCII(b) {
		return c.prevRaw[i], true
	}
	return "", false
}

func (c *clientConn) addHeader() {
	m := c.cur
	if m == nil {
		return
	}
	trailer := c.bits&ccTrailer != 0
	k := len(m.RawHeaders)
	if trailer {
		k = -1
	}
	name, ok := c.reusedHeader(k, c.field)
	if !ok {
		if name, ok = internName(c.field); !ok {
			name = latin1(c.field)
		}
	}
	v := trimOWS(c.value)
	value, ok := c.reusedHeader(k+1, v)
	if !ok {
		value = latin1(v)
	}
	if trailer {
		m.RawTrailers = append(m.RawTrailers, name, value)
	} else if len(m.RawHeaders) < 2*maxHeaderPairs {
		if m.RawHeaders == nil && len(c.prevRaw) > 0 {
			m.RawHeaders = make([]string, 0, len(c.prevRaw))
		}
		m.RawHeaders = append(m.RawHeaders, name, value)
	}
	c.field = c.field[:0]
	c.value = c.value[:0]
	c.bits &^= ccInValue
}

// headersComplete is Node's parserOnHeadersComplete with
// parserOnIncomingClient (the body and upgrade decisions were made in C).
func (c *clientConn) headersComplete(h llhttp.HeadersInfo, data []byte, t llhttp.Token) bool {
	m := c.cur
	r := c.req
	if m == nil || r == nil {
		return false
	}
	c.bits |= ccTrailer
	m.StatusCode = int(h.Status)
	if c.prevStatus == string(c.status) && isASCII(c.status) {
		m.StatusMessage = c.prevStatus
	} else {
		m.StatusMessage = latin1(c.status)
		c.prevStatus = m.StatusMessage
	}
	if len(m.RawHeaders) <= 2*maxReusedHeaders {
		c.prevRaw = m.RawHeaders
	}
	m.major, m.minor = h.Major, h.Minor
	m.HTTPVersion = versionString(h.Major, h.Minor)
	if h.Upgrade {
		m.upgrade = true
		c.upgrading = m
		return true // TUpgrade follows
	}
	if m.StatusCode >= 100 && m.StatusCode < 200 {
		c.bits |= ccInfo
		if m.StatusCode == 100 {
			events.Emit0(&r.Emitter, EventContinue)
		}
		events.Emit1(&r.Emitter, EventInformation, m)
		return !c.closed()
	}
	if r.res != nil {
		// a second response to one request: Node destroys the socket
		c.destroyWith(nil)
		return false
	}
	if r.bits&crKeepAlive != 0 && !h.KeepAlive && r.bits&crUpgraded == 0 {
		r.bits &^= crKeepAlive
	}
	r.res = m
	m.OnEnd(m.responseOnEnd)
	events.On0(&r.Emitter, events.Finish, r.requestOnFinish)
	if r.bits&crAborted != 0 || !events.Emit1(&r.Emitter, EventResponse, m) {
		m.dump()
	}
	if m.StatusCode == 304 || r.Method == "HEAD" {
		m.Complete = true
	}
	return !c.closed()
}

// messageComplete is Node's parserOnMessageComplete.
func (c *clientConn) messageComplete() {
	m := c.cur
	c.cur = nil
	if m == nil {
		return
	}
	if c.bits&ccInfo != 0 || m.upgrade {
		c.bits &^= ccInfo
		return
	}
	m.Complete = true
	m.PushEOF()
	if c.bits&ccBodyPaused != 0 {
		// the next message is read whatever the body's buffer holds
		c.bits &^= ccBodyPaused
		c.core.ReadStart()
	}
}

// clientRead is the response's Read: the socket is read again.
func (m *IncomingMessage) clientRead(*stream.Readable, int) {
	c := m.cli.conn
	if c == nil || c.closed() || c.bits&ccBodyPaused == 0 || c.cur != m {
		return
	}
	c.bits &^= ccBodyPaused
	c.core.ReadStart()
}

// clientDestroy is Node 20's IncomingMessage._destroy for a response: an
// unfinished response is aborted and destroys its socket.
func (m *IncomingMessage) clientDestroy(err error, cb func(error)) {
	if !m.ReadableEnded() || !m.Complete {
		m.Aborted = true
		events.Emit0(&m.Emitter, EventAborted)
	}
	if c := m.cli.conn; c != nil && !c.closed() && m.Aborted {
		c.core.WhenClosed(func() { m.destroyLater(err, cb) })
		c.destroyWith(err)
		return
	}
	m.destroyLater(err, cb)
}

// dump is Node's res._dump: the body is read into the void.
func (m *IncomingMessage) dump() {
	if m.cli == nil || m.cli.dumped {
		return
	}
	m.cli.dumped = true
	m.RemoveAllListeners(events.Data)
	m.Resume()
}

// responseOnEnd is Node's responseOnEnd: the connection is kept (once the
// request finished too) or closed.
func (m *IncomingMessage) responseOnEnd() {
	r := m.cli.req
	c := r.conn
	r.bits |= crEnded
	if c == nil || c.req != r {
		return
	}
	if r.bits&crKeepAlive == 0 {
		c.endSoon()
		return
	}
	if r.Writable.WritableFinished() && !m.Aborted {
		c.keepAlive(r)
	}
}

// requestOnFinish is Node's requestOnFinish.
func (r *ClientRequest) requestOnFinish() {
	if r.bits&(crKeepAlive|crEnded) == crKeepAlive|crEnded {
		if c := r.conn; c != nil && c.req == r {
			c.keepAlive(r)
		}
	}
}

// upgrade is the end of HTTP on the connection: a 101 answer to an
// upgrade, or the answer to a CONNECT. With a listener the socket is
// handed over with the bytes that followed; otherwise it is destroyed.
func (c *clientConn) upgrade(head []byte) bool {
	m, r := c.upgrading, c.req
	c.cur, c.upgrading = nil, nil
	if m == nil || r == nil || c.h == nil {
		c.destroyWith(nil)
		return false
	}
	r.res = m
	name := EventUpgrade
	if r.Method == "CONNECT" {
		name = events.Connect
	}
	if r.ListenerCount(name) == 0 {
		c.destroyWith(nil)
		return false
	}
	r.bits |= crUpgraded
	c.bits |= ccLeft
	c.stopTimer()
	c.h.SetReadFilter(nil, nil)
	s := c.netSocket()
	sock.Adopt(s)
	c.core.WhenClosed(func() { c.parser.Free() })
	c.agent.removeConn(c)
	m.Complete = true
	events.Emit3(&r.Emitter, name, m, s, append([]byte(nil), head...))
	r.bits |= crDestroyed
	r.emitClose()
	return false
}

// parseError is Node's socketOnData with a parser error: the socket is
// destroyed and the request gets the error.
func (c *clientConn) parseError(err *ClientError) {
	c.hadError = true
	c.core.Destroy()
	if r := c.req; r != nil && r.bits&crHadError == 0 {
		r.emitError(err)
	}
}

// onEOF is Node's socketOnEnd.
func (c *clientConn) onEOF() {
	if r := c.req; r != nil && r.res == nil && !c.hadError {
		c.hadError = true
		r.emitError(ErrSocketHangUp)
	}
	c.destroyWith(nil)
}

// Trailers returns the trailers by lowercase name, with the duplicate
// rules of Headers (Node's message.trailers); empty until the message is
// complete.
func (m *IncomingMessage) Trailers() map[string][]string {
	t := map[string][]string{}
	for i := 0; i+1 < len(m.RawTrailers); i += 2 {
		lower := lowerName(m.RawTrailers[i])
		v := m.RawTrailers[i+1]
		have, ok := t[lower]
		switch {
		case !ok:
			t[lower] = []string{v}
		case lower == "set-cookie":
			t[lower] = append(have, v)
		case lower == "cookie":
			have[0] += "; " + v
		case firstWins[lower]:
		default:
			have[0] += ", " + v
		}
	}
	return t
}
