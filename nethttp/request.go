package nethttp

import (
	"context"
	"errors"
	"io"
	stdhttp "net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// newRequest builds the net/http request of x.req, on the loop: every
// field is copied, so the goroutine never reads the IncomingMessage.
func newRequest(ctx context.Context, x *exchange) (*stdhttp.Request, error) {
	m := x.req
	r := &stdhttp.Request{
		Method:     m.Method,
		RequestURI: m.URL,
		Proto:      "HTTP/" + m.HTTPVersion,
		ProtoMajor: m.HTTPVersionMajor(),
		ProtoMinor: m.HTTPVersionMinor(),
		Header:     make(stdhttp.Header, len(m.RawHeaders)/2),
		RemoteAddr: m.RemoteAddr().String(),
	}
	for i := 0; i+1 < len(m.RawHeaders); i += 2 {
		k := textproto.CanonicalMIMEHeaderKey(m.RawHeaders[i])
		r.Header[k] = append(r.Header[k], rawText(m.RawHeaders[i+1]))
	}
	var err error
	if m.Method == stdhttp.MethodConnect && !strings.HasPrefix(m.URL, "/") {
		r.URL = &url.URL{Host: m.URL}
	} else if r.URL, err = url.ParseRequestURI(m.URL); err != nil {
		return nil, errors.New("malformed request URI")
	}
	r.Host = r.URL.Host
	if r.Host == "" {
		r.Host = r.Header.Get("Host")
	}
	delete(r.Header, "Host")
	r.Close = shouldClose(r)

	r.ContentLength = 0
	chunked := false
	for _, te := range r.Header["Transfer-Encoding"] {
		if strings.Contains(strings.ToLower(te), "chunked") {
			chunked = true
		}
	}
	if chunked {
		r.ContentLength = -1
		r.TransferEncoding = []string{"chunked"}
		delete(r.Header, "Transfer-Encoding")
	} else if cl := r.Header.Get("Content-Length"); cl != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(cl), 10, 64)
		if err != nil || n < 0 {
			return nil, errors.New("bad Content-Length")
		}
		r.ContentLength = n
	}
	if r.ContentLength == 0 {
		r.Body = stdhttp.NoBody
	} else {
		b := newBody(x)
		b.start()
		r.Body = b
	}
	return r.WithContext(ctx), nil
}

// rawText undoes the Latin-1 decoding uvgo's request applies to header
// text (Node's rule: each byte one character), so a handler sees the
// bytes the client sent, as net/http gives them.
func rawText(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			b := make([]byte, 0, len(s))
			for _, r := range s {
				b = append(b, byte(r))
			}
			return string(b)
		}
	}
	return s
}

// shouldClose is net/http's rule for Request.Close.
func shouldClose(r *stdhttp.Request) bool {
	conn := strings.ToLower(strings.Join(r.Header["Connection"], ","))
	if r.ProtoMajor < 1 || (r.ProtoMajor == 1 && r.ProtoMinor == 0) {
		return !strings.Contains(conn, "keep-alive")
	}
	return strings.Contains(conn, "close")
}

// body is a request's Body: the IncomingMessage's data, read with
// backpressure. The request flows from the start (a data listener, set
// on the loop before the handler runs, so a small body is there when the
// handler first reads, without a round trip to the loop); the chunks wait
// in q until Read takes them, and once q holds BodyHighWaterMark bytes
// the request is paused until Read brings it under half of that.
type body struct {
	x *exchange

	mu     sync.Mutex
	q      [][]byte
	qn     int
	err    error // io.EOF after 'end'; io.ErrUnexpectedEOF if cut short
	paused bool  // the loop paused the request; Read resumes it
	closed bool  // Close was called, or the handler returned
	ready  chan struct{}
}

func newBody(x *exchange) *body {
	return &body{x: x, ready: make(chan struct{}, 1)}
}

// testHookQueued, when set (by tests), sees the bytes waiting for Read
// after each chunk, on the loop.
var testHookQueued func(int)

var errBodyClosed = errors.New("http: invalid Read on closed Body")

// signal wakes a Read that waits (on the loop).
func (b *body) signal() {
	select {
	case b.ready <- struct{}{}:
	default:
	}
}

// start registers the listeners, on the loop.
func (b *body) start() {
	x := b.x
	if x.reqGone {
		b.fail(io.ErrUnexpectedEOF)
		return
	}
	m := x.req
	hwm := x.o.BodyHighWaterMark
	m.OnData(func(p []byte) {
		if len(p) == 0 {
			return
		}
		b.mu.Lock()
		if b.closed || b.err != nil {
			b.mu.Unlock()
			return
		}
		// p is a copy the request hands over (http's doc): keep it.
		b.q = append(b.q, p)
		b.qn += len(p)
		if testHookQueued != nil {
			testHookQueued(b.qn)
		}
		pause := b.qn >= hwm && !b.paused
		if pause {
			b.paused = true
		}
		b.mu.Unlock()
		if pause {
			m.Pause()
		}
		b.signal()
	})
	m.OnEnd(func() { b.fail(io.EOF) })
	m.OnAborted(func() { b.fail(io.ErrUnexpectedEOF) })
	m.OnClose(func() { b.fail(io.ErrUnexpectedEOF) })
}

// fail ends the body with err (the first one stays).
func (b *body) fail(err error) {
	b.mu.Lock()
	if b.err == nil {
		b.err = err
	}
	b.mu.Unlock()
	b.signal()
}

// Read implements io.Reader: it blocks until the request has data, has
// ended (io.EOF) or was cut short (io.ErrUnexpectedEOF).
func (b *body) Read(p []byte) (int, error) {
	return b.take(func(q [][]byte) (int, [][]byte) {
		n := 0
		for n < len(p) && len(q) > 0 {
			c := copy(p[n:], q[0])
			n += c
			if c == len(q[0]) {
				q[0] = nil
				q = q[1:]
			} else {
				q[0] = q[0][c:]
			}
		}
		return n, q
	})
}

// WriteTo implements io.WriterTo, which io.Copy prefers: the chunks the
// request delivered are written to dst as they are, without a copy
// buffer.
func (b *body) WriteTo(dst io.Writer) (int64, error) {
	var total int64
	for {
		var chunk []byte
		_, err := b.take(func(q [][]byte) (int, [][]byte) {
			chunk = q[0]
			q[0] = nil
			return len(chunk), q[1:]
		})
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
		n, err := dst.Write(chunk)
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
}

// take waits until the queue has bytes (or the body an error), then lets
// pop take some of them, and resumes the request when the queue has gone
// under half the mark.
func (b *body) take(pop func(q [][]byte) (int, [][]byte)) (int, error) {
	for {
		b.mu.Lock()
		if b.closed {
			b.mu.Unlock()
			return 0, errBodyClosed
		}
		if b.qn > 0 {
			var n int
			n, b.q = pop(b.q)
			b.qn -= n
			resume := b.paused && b.qn < b.x.o.BodyHighWaterMark/2
			if resume {
				b.paused = false
			}
			b.mu.Unlock()
			if resume {
				b.resume()
			}
			return n, nil
		}
		err := b.err
		b.mu.Unlock()
		if err != nil {
			return 0, err
		}
		select {
		case <-b.ready:
		case <-b.x.loop.Done():
			b.fail(ErrLoopStopped)
		}
	}
}

// resume lets a paused request flow again.
func (b *body) resume() {
	x := b.x
	_ = x.post(func() {
		if !x.reqGone {
			x.req.Resume()
		}
	})
}

// Close stops reading: the rest of the body is discarded as it arrives
// (the server drains a request whose response has finished, as Node
// does). Later Reads fail.
func (b *body) Close() error {
	b.release()
	return nil
}

// release drops what the body holds and resumes a paused request, so
// that the rest is discarded.
func (b *body) release() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	b.q, b.qn = nil, 0
	resume := b.paused
	b.paused = false
	b.mu.Unlock()
	if resume {
		b.resume()
	}
	b.signal()
}
