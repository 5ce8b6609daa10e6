package http

import (
	"strconv"
	"strings"
	"time"

	"github.com/uvgo/uvgo/uv"
)

// AgentOptions configure an Agent (Node's new http.Agent(options)).
// Every field's zero value is Node's default.
type AgentOptions struct {
	// KeepAlive keeps connections open between requests for reuse
	// (Connection: keep-alive), with TCP keep-alive probes after
	// KeepAliveMsecs.
	KeepAlive bool
	// KeepAliveMsecs is the TCP keep-alive initial delay (1 s when 0).
	//lint:ignore ST1011 Node's name (keepAliveMsecs), fixed by the client API contract
	KeepAliveMsecs time.Duration
	// MaxSockets bounds the connections per host:port; requests beyond it
	// wait in order (0: unlimited, Node's Infinity).
	MaxSockets int
	// MaxFreeSockets bounds the idle connections kept per host:port (256
	// when 0).
	MaxFreeSockets int
	// MaxTotalSockets bounds the connections over all hosts (0:
	// unlimited).
	MaxTotalSockets int
	// Timeout is the idle timeout of the agent's connections, idle ones
	// included (0: none): an idle one is closed when it fires.
	Timeout time.Duration
	// Scheduling picks the idle connection to reuse: "lifo" (the most
	// recently used, Node 20's default) or "fifo".
	Scheduling string
}

// Agent is Node 20's http.Agent: it owns the client connections per
// host:port (Node's key "host:port:"), reuses kept-alive ones, and queues
// requests beyond MaxSockets. Loop thread only.
type Agent struct {
	loop  *uv.Loop
	opts  AgentOptions
	total int
	// active connections (serving a request or connecting), idle ones,
	// and the requests waiting for a connection, per key
	sockets  map[string][]*clientConn
	free     map[string][]*clientConn
	requests map[string][]*ClientRequest
	reqNames []string // the keys of requests, in the order their queues began (Node's key order)
	// the last key made, for the next request to the same place
	lastHost string
	lastPort int
	lastName string
	// and the last Host header made
	lastHHost   string
	lastHPort   int
	lastHostHdr string
}

// NewAgent returns an agent on loop. It panics, naming the fix, on an
// invalid Scheduling.
func NewAgent(loop *uv.Loop, o AgentOptions) *Agent {
	if o.KeepAliveMsecs <= 0 {
		o.KeepAliveMsecs = time.Second
	}
	if o.MaxFreeSockets <= 0 {
		o.MaxFreeSockets = 256
	}
	switch o.Scheduling {
	case "":
		o.Scheduling = "lifo"
	case "lifo", "fifo":
	default:
		panic(`http.NewAgent: AgentOptions.Scheduling must be "lifo" or "fifo", not ` + strconv.Quote(o.Scheduling))
	}
	return &Agent{
		loop:     loop,
		opts:     o,
		sockets:  map[string][]*clientConn{},
		free:     map[string][]*clientConn{},
		requests: map[string][]*ClientRequest{},
	}
}

// GlobalAgent returns the loop's default agent, made on first use: Node
// 20's http.globalAgent (KeepAlive, lifo, Timeout 5 s). Loop thread only.
func GlobalAgent(loop *uv.Loop) *Agent {
	s := stateOf(loop)
	if s.global == nil {
		s.global = NewAgent(loop, AgentOptions{KeepAlive: true, Scheduling: "lifo", Timeout: 5 * time.Second})
	}
	return s.global
}

func (a *Agent) defaultPort() int { return 80 }

// hostHeader is Node's Host value for host and port (an IPv6 address in
// brackets, the port unless it is the default one), cached for the next
// request to the same place.
func (a *Agent) hostHeader(host string, port int) string {
	if host == a.lastHHost && port == a.lastHPort && a.lastHostHdr != "" {
		return a.lastHostHdr
	}
	h := host
	if strings.Count(h, ":") >= 2 && h[0] != '[' {
		h = "[" + h + "]"
	}
	if port != a.defaultPort() {
		h += ":" + strconv.Itoa(port)
	}
	a.lastHHost, a.lastHPort, a.lastHostHdr = host, port, h
	return h
}

// Name returns the agent's key for a host and port ("host:port:").
func (a *Agent) Name(host string, port int) string {
	if host == a.lastHost && port == a.lastPort && a.lastName != "" {
		return a.lastName
	}
	a.lastHost, a.lastPort = host, port
	a.lastName = host + ":" + strconv.Itoa(port) + ":"
	return a.lastName
}

// Sockets returns the number of connections in use per key.
func (a *Agent) Sockets() map[string]int { return counts(a.sockets) }

// FreeSockets returns the number of idle connections per key.
func (a *Agent) FreeSockets() map[string]int { return counts(a.free) }

// Requests returns the number of waiting requests per key.
func (a *Agent) Requests() map[string]int {
	m := map[string]int{}
	for k, v := range a.requests {
		if len(v) > 0 {
			m[k] = len(v)
		}
	}
	return m
}

func counts(m map[string][]*clientConn) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		if len(v) > 0 {
			out[k] = len(v)
		}
	}
	return out
}

// addRequest is Node's Agent.addRequest: an idle connection, a new one,
// or the queue.
func (a *Agent) addRequest(r *ClientRequest) {
	name := a.Name(r.Host, r.port)
	r.name = name
	free := a.free[name]
	for len(free) > 0 && free[0].closed() {
		free = free[1:]
	}
	var c *clientConn
	if len(free) > 0 {
		if a.opts.Scheduling == "fifo" {
			c, free = free[0], free[1:]
		} else {
			c, free = free[len(free)-1], free[:len(free)-1]
		}
	}
	a.setFree(name, free)
	switch {
	case c != nil:
		c.bits &^= ccFree
		c.ls.setIdle(a.loop, c, false)
		c.bits |= ccReused
		r.ReusedSocket = true
		if c.h != nil {
			c.h.Ref()
		}
		a.sockets[name] = append(a.sockets[name], c)
		a.setRequestSocket(r, c)
	case a.below(name):
		c = a.createConn(r, name)
		a.setRequestSocket(r, c)
	default:
		if len(a.requests[name]) == 0 {
			a.reqNames = append(a.reqNames, name)
		}
		a.requests[name] = append(a.requests[name], r)
	}
}

// below reports whether another connection may be made for name.
func (a *Agent) below(name string) bool {
	n := len(a.free[name]) + len(a.sockets[name])
	return (a.opts.MaxSockets <= 0 || n < a.opts.MaxSockets) &&
		(a.opts.MaxTotalSockets <= 0 || a.total < a.opts.MaxTotalSockets)
}

func (a *Agent) setFree(name string, free []*clientConn) {
	a.free[name] = free // kept when empty: the next idle connection reuses its array
}

// createConn is Node's createSocket.
func (a *Agent) createConn(r *ClientRequest, name string) *clientConn {
	c := newClientConn(a, name, r.Host, r.port, r.maxHeader)
	a.sockets[name] = append(a.sockets[name], c)
	a.total++
	if a.opts.Timeout > 0 {
		c.timeoutDur = a.opts.Timeout
	}
	return c
}

// setRequestSocket is Node's setRequestSocket.
func (a *Agent) setRequestSocket(r *ClientRequest, c *clientConn) {
	c.assign(r)
}

// onFree is Node's agent 'free' listener: the connection serves the next
// waiting request, or is kept idle, or is closed.
func (a *Agent) onFree(c *clientConn, r *ClientRequest) {
	if c.closed() || c.core.Ended() {
		c.destroyWith(nil)
		return
	}
	name := c.name
	if next := a.shiftRequest(name); next != nil {
		a.setRequestSocket(next, c)
		return
	}
	if r == nil || r.bits&crKeepAlive == 0 || !a.opts.KeepAlive {
		c.destroyWith(nil)
		return
	}
	free := a.free[name]
	count := len(free) + len(a.sockets[name])
	if (a.opts.MaxTotalSockets > 0 && a.total > a.opts.MaxTotalSockets) ||
		(a.opts.MaxSockets > 0 && count > a.opts.MaxSockets) ||
		len(free) >= a.opts.MaxFreeSockets || !a.keepSocketAlive(c, r) {
		c.destroyWith(nil)
		return
	}
	a.removeFrom(a.sockets, name, c)
	c.bits |= ccFree
	c.ls.setIdle(a.loop, c, true)
	a.free[name] = append(free, c)
}

// keepSocketAlive is Node 20's keepSocketAlive: the connection stops
// holding the loop open, and its idle timeout is the agent's, shortened
// to the server's Keep-Alive: timeout=N hint less a second (a hint of
// one second or less: not kept).
func (a *Agent) keepSocketAlive(c *clientConn, r *ClientRequest) bool {
	if c.h != nil {
		c.tcpKeepAlive()
		c.h.Unref()
	}
	timeout := a.opts.Timeout
	if m := r.res; m != nil {
		if hint := m.Header("keep-alive"); strings.HasPrefix(hint, "timeout=") {
			digits := hint[len("timeout="):]
			n := 0
			for n < len(digits) && digits[n] >= '0' && digits[n] <= '9' {
				n++
			}
			if v, err := strconv.Atoi(digits[:n]); err == nil && n > 0 {
				server := time.Duration(v)*time.Second - time.Second
				if server <= 0 {
					return false
				}
				if server < timeout {
					timeout = server
				}
			}
		}
	}
	if timeout != c.timeoutDur || c.timer == nil {
		c.setTimeout(timeout)
	}
	return true
}

// socketClosed is the agent's onClose: the connection is forgotten, and
// a waiting request gets a new one.
func (a *Agent) socketClosed(c *clientConn) {
	if c.bits&ccLeft != 0 {
		return
	}
	a.total--
	a.removeSocket(c)
}

// removeConn forgets a connection handed to an 'upgrade' or 'connect'
// listener (Node's 'agentRemove').
func (a *Agent) removeConn(c *clientConn) {
	a.total--
	a.removeSocket(c)
}

// removeSocket is Node's removeSocket.
func (a *Agent) removeSocket(c *clientConn) {
	name := c.name
	a.removeFrom(a.sockets, name, c)
	a.removeFrom(a.free, name, c)
	if len(a.requests[name]) == 0 {
		// Node: a request waiting for another origin that has no
		// connection (it waited for maxTotalSockets) gets one
		// (only the first origin in Node's key order is looked at)
		if len(a.reqNames) == 0 || len(a.sockets[a.reqNames[0]]) > 0 {
			return
		}
		name = a.reqNames[0]
	}
	if !a.below(name) {
		return
	}
	if next := a.shiftRequest(name); next != nil {
		a.setRequestSocket(next, a.createConn(next, name))
	}
}

// shiftRequest takes the first request waiting for name, or nil.
func (a *Agent) shiftRequest(name string) *ClientRequest {
	q := a.requests[name]
	if len(q) == 0 {
		return nil
	}
	next := q[0]
	q[0] = nil
	q = q[1:]
	if len(q) > 0 {
		a.requests[name] = q
		return next
	}
	delete(a.requests, name)
	for i, n := range a.reqNames {
		if n == name {
			a.reqNames = append(a.reqNames[:i], a.reqNames[i+1:]...)
			break
		}
	}
	return next
}

func (a *Agent) removeFrom(m map[string][]*clientConn, name string, c *clientConn) {
	list, ok := m[name]
	if !ok {
		return
	}
	for i, x := range list {
		if x == c {
			copy(list[i:], list[i+1:])
			list[len(list)-1] = nil
			list = list[:len(list)-1]
			break
		}
	}
	m[name] = list
}

// Destroy closes every connection of the agent, idle or in use (Node's
// agent.destroy()). Loop thread only.
func (a *Agent) Destroy() {
	a.loop.CheckOnLoop("Agent.Destroy")
	var all []*clientConn
	for _, l := range a.free {
		all = append(all, l...)
	}
	for _, l := range a.sockets {
		all = append(all, l...)
	}
	for _, c := range all {
		c.destroyWith(nil)
	}
}
