package http

import "strings"

// commonLower maps the usual spellings of common header names to their
// lowercase form, so lowering them allocates nothing.
var commonLower = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{
		"Accept", "Accept-Encoding", "Accept-Language", "Accept-Ranges", "Age",
		"Allow", "Authorization", "Cache-Control", "Connection",
		"Content-Disposition", "Content-Encoding", "Content-Language",
		"Content-Length", "Content-Range", "Content-Type", "Cookie", "Date",
		"ETag", "Expect", "Expires", "Host", "If-Match", "If-Modified-Since",
		"If-None-Match", "If-Range", "Keep-Alive", "Last-Modified", "Location",
		"Origin", "Pragma", "Range", "Referer", "Server", "Set-Cookie",
		"Trailer", "Transfer-Encoding", "Upgrade", "User-Agent", "Vary",
		"Via", "WWW-Authenticate", "X-Forwarded-For", "X-Powered-By",
		"X-Request-Id", "Access-Control-Allow-Origin",
	} {
		m[n] = strings.ToLower(n)
	}
	return m
}()

// lowerName is strings.ToLower for header names, without allocating for
// names already lowercase or spelled as in commonLower.
func lowerName(name string) string {
	if l, ok := commonLower[name]; ok {
		return l
	}
	return strings.ToLower(name)
}
