package http

import (
	"strconv"
	"strings"
)

// A client request's headers and its head, rendered as Node's
// OutgoingMessage._storeHeader renders a request's.

// SetHeader sets a header, replacing one of the same name in its place;
// ErrHeadersSent once the head was rendered.
func (r *ClientRequest) SetHeader(name, value string) error {
	return r.putHeader(name, r.oneValue(value), false)
}

// oneValue returns value as a one-element slice, from the request's own
// room while it lasts.
func (r *ClientRequest) oneValue(value string) []string {
	if i := r.nval; i < len(r.valBuf) {
		r.nval++
		r.valBuf[i] = value
		return r.valBuf[i : i+1 : i+1]
	}
	return []string{value}
}

// SetHeaderValues sets a header with several values (one line each).
func (r *ClientRequest) SetHeaderValues(name string, values []string) error {
	return r.putHeader(name, append([]string(nil), values...), false)
}

func (r *ClientRequest) putHeader(name string, values []string, add bool) error {
	if r.bits&crStored != 0 {
		return ErrHeadersSent
	}
	lower, ok := headerKey(name)
	if !ok {
		return headerError(ErrInvalidHeaderName, name)
	}
	for _, v := range values {
		if !validHeaderValue(v) {
			return headerError(ErrInvalidHeaderChar, name)
		}
	}
	for i := range r.headers {
		h := &r.headers[i]
		if h.lower != lower {
			continue
		}
		if add {
			h.values = append(h.values[:len(h.values):len(h.values)], values...)
		} else {
			h.name, h.values = name, values
		}
		return nil
	}
	r.headers = append(r.headers, header{name: name, lower: lower, values: values})
	return nil
}

// GetHeader returns a header's first value as set, and whether it is set.
func (r *ClientRequest) GetHeader(name string) (string, bool) {
	lower := lowerName(name)
	for _, h := range r.headers {
		if h.lower == lower && len(h.values) > 0 {
			return h.values[0], true
		}
	}
	return "", false
}

// RemoveHeader removes a header; ErrHeadersSent once the head was
// rendered. Removing Connection, Content-Length or Transfer-Encoding also
// keeps Node from adding its own.
func (r *ClientRequest) RemoveHeader(name string) error {
	if r.bits&crStored != 0 {
		return ErrHeadersSent
	}
	lower := lowerName(name)
	switch lower {
	case "connection":
		r.bits |= crRemovedConn
	case "content-length":
		r.bits |= crRemovedCL
	case "transfer-encoding":
		r.bits |= crRemovedTE
	}
	for i := range r.headers {
		if r.headers[i].lower == lower {
			r.headers = append(r.headers[:i], r.headers[i+1:]...)
			break
		}
	}
	return nil
}

// HeadersSent reports whether the head was rendered (Node's headersSent).
func (r *ClientRequest) HeadersSent() bool { return r.bits&crStored != 0 }

// storeHeader renders the head as Node's _storeHeader does for a request.
func (r *ClientRequest) storeHeader() {
	b := make([]byte, 0, 128)
	b = append(b, r.Method...)
	b = append(b, ' ')
	b = append(b, r.Path...)
	b = append(b, " HTTP/1.1\r\n"...)
	var conn, contLen, te, trailer bool
	for _, h := range r.headers {
		for _, v := range h.values {
			b = append(b, h.name...)
			b = append(b, ": "...)
			b = append(b, v...)
			b = append(b, "\r\n"...)
		}
		if len(h.values) == 0 {
			continue
		}
		switch h.lower {
		case "connection":
			conn = true
			r.bits &^= crRemovedConn
			if hasCloseToken(h.values[0]) {
				r.bits |= crLast
			} else {
				r.bits |= crKeepAlive
			}
		case "transfer-encoding":
			te = true
			r.bits &^= crRemovedTE
			if hasChunkedToken(h.values[len(h.values)-1]) {
				r.bits |= crChunked
			}
		case "content-length":
			contLen = true
			r.bits &^= crRemovedCL
			n, err := strconv.Atoi(strings.TrimSpace(h.values[0]))
			if err == nil {
				r.contentLen = n
			}
		case "trailer":
			trailer = true
		}
	}
	switch {
	case r.bits&crRemovedConn != 0:
		r.bits |= crLast
	case !conn:
		if r.bits&crKeepAlive != 0 && (contLen || r.bits&crChunkedOK != 0 || r.agent != nil) {
			b = append(b, "Connection: keep-alive\r\n"...)
		} else {
			r.bits |= crLast
			b = append(b, "Connection: close\r\n"...)
		}
	}
	if !contLen && !te {
		switch {
		case r.bits&crChunkedOK == 0:
			r.bits |= crLast
		case !trailer && r.bits&crRemovedCL == 0 && r.contentLen >= 0:
			b = append(b, "Content-Length: "...)
			b = strconv.AppendInt(b, int64(r.contentLen), 10)
			b = append(b, "\r\n"...)
		case r.bits&crRemovedTE == 0:
			b = append(b, "Transfer-Encoding: chunked\r\n"...)
			r.bits |= crChunked
		default:
			r.bits |= crLast
		}
	}
	b = append(b, "\r\n"...)
	r.head = b
	r.bits |= crStored
}
