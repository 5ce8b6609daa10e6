package main

import (
	"fmt"
	neturl "net/url"
	"strconv"
	"strings"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/uv"
)

// The reverse proxy (-upstream http://HOST:PORT, issue 14): Node's
// classic backpressure demonstration, in the few lines Node's docs teach
// (bench/proxy.js is the same proxy in Node 20, the one the benchmark and
// the tests compare it with):
//
//	upstream request  = http.Request(loop, {method, path, headers, agent}, ...)
//	req.Pipe(upstream request)           the body, as it arrives
//	upstream response.Pipe(res)          status, headers, then the body
//
// Both pipes stop reading their source while the destination is above its
// high-water mark, so a slow client slows the upstream down (and a slow
// upstream the client) with no more than the marks buffered in between.
// The upstream connections come from one keep-alive Agent per loop, so
// they are reused from request to request.
//
// Headers: the hop-by-hop ones (Connection and the names it lists,
// Keep-Alive, Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade,
// Proxy-Authorization, Proxy-Authenticate; RFC 9110 7.6.1) describe one
// connection and are dropped in both directions; each hop frames its own
// body (a chunked request body stays chunked upstream, a chunked upstream
// response is chunked again to the client, Content-Length passes). The
// rest keep their order; in the response, the lines of a repeated name
// (Set-Cookie) go out together at the place of its first, in their order.
// That differs from Node's proxy, whose writeHead with the raw header
// array sends the lines exactly as received: ServerResponse keeps one
// entry per name (AppendHeader), and its WriteHead replaces a repeated
// name instead of adding to it. HTTP gives no meaning to the order of
// different names, so nothing a client can act on changes. Host passes unchanged (the upstream sees the name
// the client asked for, as Node's http-proxy and nginx with
// "proxy_set_header Host $host" do; a request without one gets the
// upstream's HOST:PORT); X-Forwarded-For gets the client's
// address appended, X-Forwarded-Proto (http) and X-Forwarded-Host (the
// client's Host) are added unless a proxy in front already set them.
// Expect is dropped too: uvhttp's server has already answered
// "100-continue" to the client.
//
// Errors: an upstream that cannot be reached, resets, or closes before
// its response head is a 502 Bad Gateway. After the head has gone out
// there is no honest way to tell the client, so its connection is
// destroyed (it sees the body cut short, never a complete-looking
// response). A client that goes away ('close' of the response before it
// finished) destroys the upstream request, which closes that upstream
// connection instead of returning it to the agent.
//
// Not proxied: protocol upgrades and CONNECT (uvhttp has no 'upgrade' or
// 'connect' listener), trailers (dropped with the chunked framing), 1xx
// informational responses other than the server's own 100 Continue, and
// https upstreams (no TLS in uvgo). No upstream timeout: a request waits
// for the upstream as long as the client does, as with Node's proxy.

// upstreamAddr is where -upstream points.
type upstreamAddr struct {
	host string
	port int
}

// parseUpstream reads -upstream: http://HOST[:PORT] (port 80 by default),
// optionally with a trailing "/"; anything else (another scheme, a path,
// a query, user info) is refused with the form it wants.
func parseUpstream(s string) (upstreamAddr, error) {
	u, err := neturl.Parse(s)
	if err != nil {
		return upstreamAddr{}, fmt.Errorf("want http://HOST:PORT: %v", err)
	}
	switch {
	case u.Scheme == "https":
		return upstreamAddr{}, fmt.Errorf("https upstreams are not supported (uvgo has no TLS): want http://HOST:PORT")
	case u.Scheme != "http" || u.Host == "":
		return upstreamAddr{}, fmt.Errorf("want http://HOST:PORT")
	case u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		return upstreamAddr{}, fmt.Errorf("want http://HOST:PORT with no path, query or user: the request's own path is sent")
	}
	port := 80
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return upstreamAddr{}, fmt.Errorf("port %q: want 1-65535", p)
		}
		port = n
	}
	return upstreamAddr{host: u.Hostname(), port: port}, nil
}

// proxy forwards a loop's requests to the upstream.
type proxy struct {
	loop  *uv.Loop
	to    upstreamAddr
	agent *http.Agent
}

// newProxy returns the proxy of one loop, with its keep-alive agent
// (Node's new http.Agent({keepAlive: true}): unlimited sockets, 256 kept
// free).
func newProxy(loop *uv.Loop, to upstreamAddr) *proxy {
	return &proxy{loop: loop, to: to, agent: http.NewAgent(loop, http.AgentOptions{KeepAlive: true})}
}

// serve proxies one request.
func (p *proxy) serve(req *http.IncomingMessage, res *http.ServerResponse) {
	headers, body := forwardHeaders(req.RawHeaders, req.RemoteAddr().Addr().Unmap().String())
	up, err := http.Request(p.loop, http.RequestOptions{
		Host:    p.to.host,
		Port:    p.to.port,
		Method:  req.Method,
		Path:    req.URL,
		Headers: headers,
		Agent:   p.agent, // Host: the client's, or the upstream's when it sent none
	}, nil)
	if err != nil {
		// Options the client refuses (a method or path it will not
		// send): the upstream cannot be asked.
		badGateway(res)
		return
	}
	up.OnResponse(func(ures *http.IncomingMessage) { p.respond(res, ures) })
	up.OnError(func(error) {
		switch {
		case res.Destroyed() || res.WritableEnded():
			// the client left (we destroyed up), or the answer is done
		case res.HeadersSent():
			res.Destroy(nil)
		default:
			badGateway(res)
		}
	})
	res.OnClose(func() {
		if !res.WritableFinished() {
			up.Destroy(nil)
		}
	})
	if body {
		req.Pipe(up)
	} else {
		// Nothing to stream: a pipe would only end up, at the cost of
		// setting up and removing its listeners on both streams (6% of
		// a proxied GET's CPU time in a profile).
		up.End(nil)
	}
}

// respond forwards the upstream's response: the head at once, then the
// body through a pipe. An upstream response that ends short (its
// connection closed mid-body) destroys the client's connection.
func (p *proxy) respond(res *http.ServerResponse, ures *http.IncomingMessage) {
	if res.Destroyed() {
		ures.Destroy(nil)
		return
	}
	res.StatusCode = ures.StatusCode
	res.StatusMessage = ures.StatusMessage
	endToEnd(ures.RawHeaders, func(name, value string) {
		// A name or value the server would refuse cannot be forwarded:
		// it is left out rather than failing the whole response.
		_ = res.AppendHeader(name, value)
	})
	if err := res.WriteHead(res.StatusCode); err != nil {
		// a status outside 100-999 (the client's parser allows none)
		ures.Destroy(nil)
		badGateway(res)
		return
	}
	ures.OnClose(func() {
		if !ures.ReadableEnded() && !res.Destroyed() {
			res.Destroy(nil)
		}
	})
	ures.OnError(func(error) {
		if !res.Destroyed() {
			res.Destroy(nil)
		}
	})
	ures.Pipe(res)
}

// badGateway answers 502 when nothing of the upstream's response has
// been sent.
func badGateway(res *http.ServerResponse) {
	res.StatusCode = 502
	res.StatusMessage = ""
	for _, name := range res.GetHeaderNames() {
		res.RemoveHeader(name)
	}
	res.SendDate = true
	res.SetHeader("Content-Type", "text/plain")
	res.EndString("Bad Gateway\n", nil)
}

// isHopByHop reports whether name (any case) is a hop-by-hop header.
func isHopByHop(name string) bool {
	switch len(name) {
	case 2:
		return strings.EqualFold(name, "te")
	case 7:
		return strings.EqualFold(name, "trailer") || strings.EqualFold(name, "upgrade")
	case 10:
		return strings.EqualFold(name, "connection") || strings.EqualFold(name, "keep-alive")
	case 16:
		return strings.EqualFold(name, "proxy-connection")
	case 17:
		return strings.EqualFold(name, "transfer-encoding")
	case 18:
		return strings.EqualFold(name, "proxy-authenticate")
	case 19:
		return strings.EqualFold(name, "proxy-authorization")
	}
	return false
}

// endToEnd calls fn, in order, with each header of raw (name, value
// pairs) that is not hop-by-hop: neither one of the fixed list nor a name
// a Connection header lists.
func endToEnd(raw []string, fn func(name, value string)) {
	var named []string // names the Connection headers list
	for i := 0; i+1 < len(raw); i += 2 {
		if strings.EqualFold(raw[i], "connection") {
			for _, tok := range strings.Split(raw[i+1], ",") {
				if tok = strings.Trim(tok, " \t"); tok != "" {
					named = append(named, tok)
				}
			}
		}
	}
next:
	for i := 0; i+1 < len(raw); i += 2 {
		name := raw[i]
		if isHopByHop(name) {
			continue
		}
		for _, n := range named {
			if strings.EqualFold(n, name) {
				continue next
			}
		}
		fn(name, raw[i+1])
	}
}

// forwardHeaders returns the headers of the upstream request, as name,
// value pairs, from the client's raw headers and address: its end-to-end
// headers in order (its X-Forwarded-For lines folded into one, at the
// place of the first), with the client's address appended to
// X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host added when
// absent, and Transfer-Encoding: chunked when the body came chunked.
// body reports whether the request has a body (chunked, or a
// Content-Length other than 0; without either a request has none).
func forwardHeaders(raw []string, client string) (headers []string, body bool) {
	out := make([]string, 0, len(raw)+8)
	var xff []string
	xffAt := -1
	var host string
	hasProto, hasFwdHost, hasCL, hasTE := false, false, false, false
	for i := 0; i+1 < len(raw); i += 2 {
		switch name := raw[i]; {
		case strings.EqualFold(name, "transfer-encoding"):
			hasTE = true
		case strings.EqualFold(name, "content-length"):
			hasCL = true
			body = body || strings.TrimSpace(raw[i+1]) != "0"
		}
	}
	endToEnd(raw, func(name, value string) {
		switch {
		case strings.EqualFold(name, "x-forwarded-for"):
			if xffAt < 0 {
				xffAt = len(out)
				out = append(out, name, "")
			}
			xff = append(xff, value)
			return
		case strings.EqualFold(name, "expect"):
			return
		case strings.EqualFold(name, "host"):
			if host == "" {
				host = value
			}
		case strings.EqualFold(name, "x-forwarded-proto"):
			hasProto = true
		case strings.EqualFold(name, "x-forwarded-host"):
			hasFwdHost = true
		}
		out = append(out, name, value)
	})
	if xffAt >= 0 {
		out[xffAt+1] = strings.Join(append(xff, client), ", ")
	} else {
		out = append(out, "X-Forwarded-For", client)
	}
	if !hasProto {
		out = append(out, "X-Forwarded-Proto", "http")
	}
	if !hasFwdHost && host != "" {
		out = append(out, "X-Forwarded-Host", host)
	}
	if hasTE && !hasCL {
		out = append(out, "Transfer-Encoding", "chunked")
	}
	return out, body || hasTE
}
