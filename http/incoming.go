package http

import (
	"strings"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/stream"
)

// IncomingMessage is Node 20's http.IncomingMessage on the server side: the
// request line, the headers, and the body as a stream.Readable. Loop
// thread only.
//
// Header names in Headers are lowercased and kept in first-occurrence
// order; duplicates follow Node's rules (cookie joined with "; ",
// set-cookie kept as a list, a few names keep their first value, others
// are joined with ", "). RawHeaders keeps names and values as received.
type IncomingMessage struct {
	stream.Readable
	conn *conn

	Method      string
	URL         string
	HTTPVersion string
	major       uint8
	minor       uint8
	// RawHeaders alternates names and values, as received.
	RawHeaders []string
	// RawTrailers alternates trailer names and values.
	RawTrailers []string
	// Complete becomes true when the whole message has been received.
	Complete bool
	// Aborted is Node 20's aborted flag: the connection ended before the
	// message was complete.
	Aborted bool
	upgrade bool

	headers map[string][]string // built on first use
	order   []string
}

func newIncoming(c *conn) *IncomingMessage {
	m := &IncomingMessage{conn: c}
	stream.InitReadable(&m.Readable, c.srv.loop, stream.ReadableOptions{
		Read: func(*stream.Readable, int) { c.resumeBody(m) },
	}, "IncomingMessage")
	return m
}

// HTTPVersionMajor and HTTPVersionMinor return the request's version.
func (m *IncomingMessage) HTTPVersionMajor() int { return int(m.major) }

// HTTPVersionMinor returns the request's minor version.
func (m *IncomingMessage) HTTPVersionMinor() int { return int(m.minor) }

// Upgrade reports whether the request asked to switch protocols (and the
// server has an 'upgrade' listener) or is a CONNECT.
func (m *IncomingMessage) Upgrade() bool { return m.upgrade }

// Header returns the value Headers()[name] would have, as one string
// (set-cookie values joined with ", "), without building the map.
func (m *IncomingMessage) Header(name string) string {
	vals, ok := m.headerValues(lowerName(name))
	if !ok {
		return ""
	}
	return strings.Join(vals, ", ")
}

// headerValues applies Node's duplicate rules for one lowercase name.
func (m *IncomingMessage) headerValues(lower string) ([]string, bool) {
	var vals []string
	found := false
	for i := 0; i+1 < len(m.RawHeaders); i += 2 {
		if !strings.EqualFold(m.RawHeaders[i], lower) {
			continue
		}
		v := m.RawHeaders[i+1]
		switch {
		case !found:
			vals = []string{v}
			found = true
		case lower == "set-cookie":
			vals = append(vals, v)
		case lower == "cookie":
			vals[0] += "; " + v
		case firstWins[lower]:
		default:
			vals[0] += ", " + v
		}
	}
	return vals, found
}

// firstWins are the names for which Node keeps the first value.
var firstWins = map[string]bool{
	"host": true, "content-type": true, "user-agent": true, "authorization": true, "referer": true,
	"age": true, "etag": true, "from": true, "max-forwards": true, "content-length": true,
	"proxy-authorization": true, "if-modified-since": true, "if-unmodified-since": true,
	"last-modified": true, "location": true, "expires": true, "retry-after": true, "server": true,
}

// Headers returns the request headers by lowercase name, with Node's
// duplicate rules; set-cookie has one element per header line, every other
// name one element. The map is built on first use.
func (m *IncomingMessage) Headers() map[string][]string {
	if m.headers == nil {
		m.buildHeaders()
	}
	return m.headers
}

// HeaderNames returns the lowercase header names in first-occurrence order.
func (m *IncomingMessage) HeaderNames() []string {
	if m.headers == nil {
		m.buildHeaders()
	}
	return m.order
}

func (m *IncomingMessage) buildHeaders() {
	m.headers = map[string][]string{}
	m.order = m.order[:0]
	for i := 0; i+1 < len(m.RawHeaders); i += 2 {
		lower := lowerName(m.RawHeaders[i])
		if _, ok := m.headers[lower]; ok {
			continue
		}
		vals, _ := m.headerValues(lower)
		m.headers[lower] = vals
		m.order = append(m.order, lower)
	}
}

// OnAborted registers fn for 'aborted'.
func (m *IncomingMessage) OnAborted(fn func()) *events.Listener {
	return events.On0(&m.Emitter, events.Aborted, fn)
}
