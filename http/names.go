package http

import "strings"

// knownName is a common header name as one spelling of it, and its
// lowercase form.
type knownName struct{ name, lower string }

// knownNames holds the common header names, each in its usual spelling
// and in lowercase, so that a request's usual names and SetHeader's
// lowercasing allocate nothing.
var knownNames = func() map[string]knownName {
	m := map[string]knownName{}
	for _, n := range []string{
		"Accept", "Accept-Encoding", "Accept-Language", "Accept-Ranges", "Age",
		"Allow", "Authorization", "Cache-Control", "Connection",
		"Content-Disposition", "Content-Encoding", "Content-Language",
		"Content-Length", "Content-Range", "Content-Type", "Cookie", "Date",
		"ETag", "Expect", "Expires", "Host", "If-Match", "If-Modified-Since",
		"If-None-Match", "If-Range", "Keep-Alive", "Last-Modified", "Location",
		"Origin", "Pragma", "Range", "Referer", "Server", "Set-Cookie", "TE",
		"Trailer", "Transfer-Encoding", "Upgrade", "Upgrade-Insecure-Requests",
		"User-Agent", "Vary", "Via", "WWW-Authenticate", "X-Forwarded-For",
		"X-Forwarded-Proto", "X-Powered-By", "X-Real-IP", "X-Request-Id",
		"Access-Control-Allow-Origin",
	} {
		l := strings.ToLower(n)
		m[n] = knownName{n, l}
		m[l] = knownName{l, l}
	}
	return m
}()

// internName returns the shared string for a common header name as
// received (no allocation for the lookup).
func internName(b []byte) (string, bool) {
	k, ok := knownNames[string(b)]
	return k.name, ok
}

// lowerName is strings.ToLower for header names, without allocating for
// the common names.
func lowerName(name string) string {
	if k, ok := knownNames[name]; ok {
		return k.lower
	}
	return strings.ToLower(name)
}

// headerKey returns the lowercase form of a header name set by the app,
// and whether the name is a valid token (a common name is, without a
// check).
func headerKey(name string) (string, bool) {
	if k, ok := knownNames[name]; ok {
		return k.lower, true
	}
	if !validToken(name) {
		return "", false
	}
	return strings.ToLower(name), true
}

// keyCache remembers the lowercase forms of header names: the ones an app
// sets on every response and the ones its clients send. One per server:
// a server belongs to one loop's goroutine.
type keyCache [64]keyEntry

// keyEntry is a name, its lowercase form, and whether it is a token.
type keyEntry struct {
	name, lower string
	valid       bool
}

func (k *keyCache) slot(name string) *keyEntry {
	h := len(name)
	if h > 0 {
		h = h*31 + int(name[0])*7 + int(name[len(name)-1])
	}
	return &k[h&63]
}

// headerKey is the package's headerKey (lowercase form and validity of a
// name the app sets) through the server's cache.
func (s *Server) headerKey(name string) (string, bool) {
	e := s.keys.slot(name)
	if e.name == name && e.valid {
		return e.lower, true
	}
	lower, ok := headerKey(name)
	if ok {
		*e = keyEntry{name, lower, true}
	}
	return lower, ok
}

// lowerKey is lowerName through the server's cache, for received names
// (llhttp has checked they are tokens).
func (s *Server) lowerKey(name string) string {
	e := s.keys.slot(name)
	if e.name == name && name != "" {
		return e.lower
	}
	lower := lowerName(name)
	*e = keyEntry{name, lower, validToken(name)}
	return lower
}
