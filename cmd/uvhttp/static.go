package main

import (
	"fmt"
	"mime"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/uvgo/uvgo/fs"
	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/uv"
)

// Static files under /static/ (the -root flag), on package fs: the path
// is resolved (realpath) and stat'ed on libuv's threadpool, and the body
// is fs.CreateReadStream(...).Pipe(res), Node's backpressure example: the
// file is read 64 KiB at a time, each read started only when the response
// has room, so a slow reader keeps memory flat. The loop never blocks on
// disk.

const staticPrefix = "/static/"

type staticFiles struct {
	loop *uv.Loop
	root string // absolute, symlinks resolved
}

func newStaticFiles(loop *uv.Loop, root string) (*staticFiles, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if abs, err = filepath.EvalSymlinks(abs); err != nil {
		return nil, err
	}
	return &staticFiles{loop: loop, root: abs}, nil
}

// resolve maps the URL path after /static/ to a file under root and calls
// cb with it, or with 400 (a malformed percent escape), 403 (outside the
// root, by ".." or by a symbolic link) or 404 (missing, or a name no file
// can have). The path is percent-decoded first (my%20file.txt is
// "my file.txt"), so an encoded ".." (%2e%2e) is refused like a plain one;
// an encoded separator (%2f, %5c) or NUL names no file: 404. The symbolic
// links are resolved on the threadpool (fs.Realpath).
func (s *staticFiles) resolve(raw string, cb func(real string, code int)) {
	lower := strings.ToLower(raw)
	if strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") || strings.Contains(raw, "%00") {
		cb("", 404)
		return
	}
	rel, err := url.PathUnescape(raw)
	if err != nil {
		cb("", 400)
		return
	}
	if strings.ContainsAny(rel, "\x00\\") {
		cb("", 404)
		return
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == ".." {
			cb("", 403)
			return
		}
	}
	clean := path.Clean("/" + rel)
	full := filepath.Join(s.root, filepath.FromSlash(clean))
	fs.Realpath(s.loop, full, func(real string, err error) {
		switch {
		case err != nil:
			cb("", 404)
		case real != s.root && !strings.HasPrefix(real, s.root+string(filepath.Separator)):
			cb("", 403) // a symlink leading outside the root
		default:
			cb(real, 0)
		}
	})
}

func plainStatus(res *http.ServerResponse, code int, msg string) {
	res.StatusCode = code
	res.SetHeader("Content-Type", "text/plain")
	res.EndString(msg, nil)
}

type fileInfo struct {
	size  int64
	mtime time.Time
}

func (s *staticFiles) serve(req *http.IncomingMessage, res *http.ServerResponse, urlPath string) {
	if req.Method != "GET" && req.Method != "HEAD" {
		res.SetHeader("Allow", "GET, HEAD")
		plainStatus(res, 405, "Method Not Allowed\n")
		return
	}
	s.resolve(strings.TrimPrefix(urlPath, staticPrefix), func(full string, code int) {
		switch code {
		case 400:
			plainStatus(res, 400, "Bad Request\n")
			return
		case 403:
			plainStatus(res, 403, "Forbidden\n")
			return
		case 404:
			plainStatus(res, 404, "Not Found\n")
			return
		}
		fs.Stat(s.loop, full, func(st *fs.Stats, err error) {
			if err != nil || st.IsDirectory() {
				plainStatus(res, 404, "Not Found\n")
				return
			}
			s.respond(req, res, full, fileInfo{size: st.Size, mtime: st.Mtime})
		})
	})
}

// etagOf is a strong validator: the size and the modification time to the
// nanosecond, as nginx's (to the second) is strong. Strong, so that
// If-Range can use it (RFC 9110 13.1.5 allows no weak tag there).
func etagOf(fi fileInfo) string {
	return fmt.Sprintf(`"%x-%x"`, fi.size, fi.mtime.UnixNano())
}

// httpDate formats t as an IMF-fixdate (Last-Modified, Date).
func httpDate(t time.Time) string {
	return t.UTC().Format("Mon, 02 Jan 2006 15:04:05") + " GMT"
}

func (s *staticFiles) respond(req *http.IncomingMessage, res *http.ServerResponse, full string, fi fileInfo) {
	etag := etagOf(fi)
	lastMod := httpDate(fi.mtime)
	ctype := mime.TypeByExtension(filepath.Ext(full))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	res.SetHeader("Content-Type", ctype)
	res.SetHeader("ETag", etag)
	res.SetHeader("Last-Modified", lastMod)
	res.SetHeader("Accept-Ranges", "bytes")
	if notModified(req, etag, fi.mtime) {
		res.StatusCode = 304
		res.End(nil)
		return
	}
	rng := req.Header("range")
	if rng != "" && !ifRangeMatches(req.Header("if-range"), etag, lastMod, fi.mtime) {
		rng = "" // a stale validator: the whole, current file
	}
	start, end, code := parseRange(rng, fi.size)
	if code == 416 {
		res.StatusCode = 416
		res.SetHeader("Content-Range", "bytes */"+strconv.FormatInt(fi.size, 10))
		res.SetHeader("Content-Type", "text/plain")
		res.EndString("Range Not Satisfiable\n", nil)
		return
	}
	if code == 206 {
		res.StatusCode = 206
		res.SetHeader("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end-1, fi.size))
	}
	length := end - start
	res.SetHeader("Content-Length", strconv.FormatInt(length, 10))
	if req.Method == "HEAD" || length == 0 {
		res.End(nil)
		return
	}
	s.stream(res, full, start, length)
}

// notModified applies If-None-Match (which wins) and If-Modified-Since.
func notModified(req *http.IncomingMessage, etag string, mtime time.Time) bool {
	if inm := req.Header("if-none-match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
				return true
			}
		}
		return false
	}
	if ims := req.Header("if-modified-since"); ims != "" {
		if t, err := time.Parse(time.RFC1123, ims); err == nil {
			return !mtime.Truncate(time.Second).After(t)
		}
	}
	return false
}

// ifRangeMatches applies If-Range (RFC 9110 13.1.5): with no If-Range the
// Range applies; an entity tag must equal the current one by the strong
// comparison (a weak tag never matches); a date must equal Last-Modified
// exactly, and Last-Modified must itself be strong (the file unchanged for
// at least a second, so two writes within that second cannot share it).
// When it does not match, the Range is ignored and the whole file is sent
// with 200: the client's partial copy is of another version.
func ifRangeMatches(ifRange, etag, lastMod string, mtime time.Time) bool {
	ifRange = strings.TrimSpace(ifRange)
	switch {
	case ifRange == "":
		return true
	case strings.HasPrefix(ifRange, "W/"):
		return false
	case strings.HasPrefix(ifRange, `"`):
		return ifRange == etag
	}
	t, err := time.Parse(time.RFC1123, ifRange)
	if err != nil {
		return false
	}
	return httpDate(t) == lastMod && time.Since(mtime) >= time.Second
}

// parseRange reads a single "bytes=" range: the span to send and 200,
// 206, or 416 when it cannot be satisfied. Several ranges, or a malformed
// header, are ignored (the whole file, 200).
func parseRange(h string, size int64) (start, end int64, code int) {
	spec, ok := strings.CutPrefix(h, "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return 0, size, 200
	}
	a, b, ok := strings.Cut(strings.TrimSpace(spec), "-")
	if !ok {
		return 0, size, 200
	}
	switch {
	case a == "" && b == "":
		return 0, size, 200
	case a == "": // suffix: the last b bytes
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 0 {
			return 0, size, 200
		}
		if n == 0 || size == 0 {
			return 0, 0, 416
		}
		if n > size {
			n = size
		}
		return size - n, size, 206
	}
	first, err := strconv.ParseInt(a, 10, 64)
	if err != nil || first < 0 {
		return 0, size, 200
	}
	if first >= size {
		return 0, 0, 416
	}
	last := size - 1
	if b != "" {
		l, err := strconv.ParseInt(b, 10, 64)
		if err != nil || l < first {
			return 0, size, 200
		}
		if l < last {
			last = l
		}
	}
	return first, last + 1, 206
}

// stream sends length bytes of the file from start: a read stream piped
// into the response. A response closed before it finished (the client
// went away) destroys the read stream, which closes the file; a read
// error destroys the response.
func (s *staticFiles) stream(res *http.ServerResponse, full string, start, length int64) {
	last := start + length - 1
	rs := fs.CreateReadStream(s.loop, full, fs.ReadStreamOptions{Start: &start, End: &last})
	rs.OnError(func(err error) { res.Destroy(err) })
	res.OnClose(func() {
		if !res.WritableFinished() {
			rs.Destroy(nil)
		}
	})
	rs.Pipe(res)
}
