package http

import (
	"net/netip"
	"strings"
	"time"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/internal/nodeerr"
	"github.com/uvgo/uvgo/stream"
)

// ErrAborted is the error a request is destroyed with when its connection
// closes before its response finished (Node's connResetException
// ('aborted'): code ECONNRESET, message "aborted"). It is emitted as
// 'error' only when the request has an 'error' listener.
var ErrAborted = nodeerr.New("ECONNRESET", "aborted")

// IncomingMessage is Node 20's http.IncomingMessage: on the server side
// a request (its request line), on the client side a response (its status
// line, StatusCode and StatusMessage), with the headers and the body as a
// stream.Readable. Loop thread only.
//
// Header names in Headers are lowercased and kept in first-occurrence
// order; duplicates follow Node's rules (cookie joined with "; ",
// set-cookie kept as a list, a few names keep their first value, others
// are joined with ", "). RawHeaders keeps names and values as received.
type IncomingMessage struct {
	stream.Readable
	conn *conn

	Method string
	URL    string
	// StatusCode and StatusMessage are a response's status (client side).
	StatusCode    int
	StatusMessage string
	// cli links a client response to its request and connection (nil
	// on the server side).
	cli         *clientSide
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
	vals    []string // holds the map's values
	built   bool     // headers is this request's

	// res answers the request (the other half of its exchange).
	res *ServerResponse
	// spare is the finished response whose state res takes over, when
	// the request took over a finished request's (newIncoming).
	spare *ServerResponse
	// cell holds the stream's implementation, bound to the cell rather
	// than to this object, so it moves with the pooled stream state; nil
	// once that state moved on to a later request.
	cell *reqCell
	// the destroy under way, finished on a tick (incomingDestroyed)
	destroyErr error
	destroyCb  func(error)
}

// exchange is a request and its response, allocated together: the one
// allocation a request costs besides its header array. The objects are
// new for every request, so one that user code keeps after its 'close'
// keeps its own values and acts as Node's finished objects do; what is
// reused is the state behind them (stream state, emitter slots, buffers),
// moved from a finished exchange (newIncoming, newResponse).
type exchange struct {
	req IncomingMessage
	res ServerResponse
}

// reqCell binds a request's stream implementation to whichever request
// currently owns the pooled stream state.
type reqCell struct {
	m         *IncomingMessage
	readFn    func(*stream.Readable, int)
	destroyFn func(error, func(error))
}

func (k *reqCell) read(*stream.Readable, int)        { k.m.conn.resumeBody(k.m) }
func (k *reqCell) destroy(err error, cb func(error)) { k.m.destroyImpl(err, cb) }
func (k *reqCell) options() stream.ReadableOptions {
	return stream.ReadableOptions{Read: k.readFn, Destroy: k.destroyFn}
}

// newIncoming returns the request object for a new request on c, with
// its response object beside it. Its stream state is a finished
// request's, moved from it (the old object stays, destroyed), when the
// server has one; a new one otherwise.
func newIncoming(c *conn) *IncomingMessage {
	x := new(exchange)
	m := &x.req
	m.conn, m.res = c, &x.res
	s := c.srv
	if old := s.takeSpare(); old != nil && old.cell != nil &&
		stream.MoveReadable(&m.Readable, &old.Readable, s.deadReq(), old.cell.options()) == nil {
		m.cell, old.cell = old.cell, nil
		m.cell.m = m
		m.spare = old.res
		return m
	}
	m.cell = &reqCell{m: m}
	m.cell.readFn, m.cell.destroyFn = m.cell.read, m.cell.destroy
	stream.InitReadable(&m.Readable, s.loop, m.cell.options(), "IncomingMessage")
	return m
}

// destroyImpl is Node 20's IncomingMessage._destroy: a request destroyed
// before it was read to the end is aborted ('aborted'), and an aborted
// request on a live connection destroys the connection and finishes
// destroying once it has closed. Either way the stream learns it on a
// later tick (Node's process.nextTick(onError)), so 'close' comes two
// ticks after 'end'; the error reaches 'error' only when someone listens
// for it then.
func (m *IncomingMessage) destroyImpl(err error, cb func(error)) {
	if !m.ReadableEnded() || !m.Complete {
		m.Aborted = true
		events.Emit0(&m.Emitter, EventAborted)
	}
	if c := m.conn; m.Aborted && !c.closed() && c.bits&connLeft == 0 {
		c.whenClosed(func() { m.destroyLater(err, cb) })
		c.destroy()
		return
	}
	m.destroyLater(err, cb)
}

func (m *IncomingMessage) destroyLater(err error, cb func(error)) {
	m.destroyErr, m.destroyCb = err, cb
	if m.cli != nil {
		m.cli.loop.NextTickArg(incomingDestroyed, m)
		return
	}
	m.conn.srv.loop.NextTickArg(incomingDestroyed, m)
}

func incomingDestroyed(a any) {
	m := a.(*IncomingMessage)
	err, cb := m.destroyErr, m.destroyCb
	m.destroyErr, m.destroyCb = nil, nil
	if m.ListenerCount(events.ErrorEvent) == 0 {
		err = nil
	}
	cb(err)
}

// HTTPVersionMajor and HTTPVersionMinor return the request's version.
func (m *IncomingMessage) HTTPVersionMajor() int { return int(m.major) }

// HTTPVersionMinor returns the request's minor version.
func (m *IncomingMessage) HTTPVersionMinor() int { return int(m.minor) }

// SetTimeout sets the connection's idle timeout (Node's req.setTimeout:
// its socket's setTimeout); cb, if not nil, is added as a 'timeout'
// listener of the request. 0 turns the timeout off.
func (m *IncomingMessage) SetTimeout(d time.Duration, cb func()) {
	if cb != nil {
		events.On0(&m.Emitter, events.Timeout, cb)
	}
	if m.cli != nil {
		m.cli.setTimeout(d)
		return
	}
	if m.conn != nil && !m.Destroyed() {
		m.conn.setTimeout(d)
	}
}

// RemoteAddr returns the client's address and port (Node's
// req.socket.remoteAddress and remotePort).
func (m *IncomingMessage) RemoteAddr() netip.AddrPort {
	if m.cli != nil {
		return m.cli.remote()
	}
	return m.conn.remote
}

// Upgrade reports whether the request asked to switch protocols (and the
// server has an 'upgrade' listener) or is a CONNECT.
func (m *IncomingMessage) Upgrade() bool { return m.upgrade }

// Header returns the value Headers()[name] would have, as one string
// (set-cookie values joined with ", "), without building the map.
func (m *IncomingMessage) Header(name string) string {
	first := -1
	for i := 0; i+1 < len(m.RawHeaders); i += 2 {
		if !strings.EqualFold(m.RawHeaders[i], name) {
			continue
		}
		if first >= 0 {
			// a repeated name: Node's rules for duplicates
			vals, _ := m.headerValues(lowerName(name))
			return strings.Join(vals, ", ")
		}
		first = i
	}
	if first < 0 {
		return ""
	}
	return m.RawHeaders[first+1] // one line: no allocation
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
	if !m.built {
		m.buildHeaders()
	}
	return m.headers
}

// HeaderNames returns the lowercase header names in first-occurrence order.
func (m *IncomingMessage) HeaderNames() []string {
	if !m.built {
		m.buildHeaders()
	}
	return m.order
}

// buildHeaders makes Headers' map in one pass over RawHeaders with Node's
// duplicate rules. On a reused request the map and the array holding the
// values are the previous request's, emptied: no allocation unless a
// name repeats (joined values) or the request has more headers.
func (m *IncomingMessage) buildHeaders() {
	if m.headers == nil {
		m.headers = make(map[string][]string, len(m.RawHeaders)/2)
	} else {
		clear(m.headers)
	}
	m.built = true
	m.order = m.order[:0]
	vals := m.vals[:0]
	for i := 0; i+1 < len(m.RawHeaders); i += 2 {
		var lower string
		if m.conn != nil {
			lower = m.conn.srv.lowerKey(m.RawHeaders[i])
		} else {
			lower = lowerName(m.RawHeaders[i])
		}
		v := m.RawHeaders[i+1]
		have, ok := m.headers[lower]
		switch {
		case !ok:
			vals = append(vals, v)
			m.headers[lower] = vals[len(vals)-1 : len(vals) : len(vals)]
			m.order = append(m.order, lower)
		case lower == "set-cookie":
			m.headers[lower] = append(have, v)
		case lower == "cookie":
			have[0] += "; " + v
		case firstWins[lower]:
		default:
			have[0] += ", " + v
		}
	}
	m.vals = vals
}

// OnAborted registers fn for 'aborted'.
func (m *IncomingMessage) OnAborted(fn func()) *events.Listener {
	return events.On0(&m.Emitter, EventAborted, fn)
}
