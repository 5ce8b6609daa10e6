package main

import (
	"fmt"
	"mime"
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
// cb with it, or with 403 (outside the root, by ".." or by a symbolic
// link) or 404 (malformed or missing). The symbolic links are resolved on
// the threadpool (fs.Realpath).
func (s *staticFiles) resolve(rel string, cb func(real string, code int)) {
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

func etagOf(fi fileInfo) string {
	return fmt.Sprintf(`W/"%x-%x"`, fi.size, fi.mtime.UnixMilli())
}

func (s *staticFiles) respond(req *http.IncomingMessage, res *http.ServerResponse, full string, fi fileInfo) {
	etag := etagOf(fi)
	lastMod := fi.mtime.UTC().Format(time.RFC1123)
	lastMod = strings.Replace(lastMod, "UTC", "GMT", 1)
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
	start, end, code := parseRange(req.Header("range"), fi.size)
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
