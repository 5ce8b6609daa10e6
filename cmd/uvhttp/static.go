package main

import (
	"fmt"
	"io"
	"mime"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/uvgo/uvgo/events"
	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/uv"
)

// Static files under /static/ (the -root flag). Disk work (stat, open,
// read) runs on a goroutine per request and posts its results to the loop,
// so the loop never blocks on disk. The body is streamed in chunks: the
// goroutine reads the next chunk only after the loop accepted the previous
// one below the response's high-water mark (or after 'drain'), so a slow
// reader keeps memory flat.

const staticPrefix = "/static/"

const fileChunk = 64 << 10

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

// resolve maps the URL path after /static/ to a file under root, or
// reports that it is outside (403) or malformed (404).
func (s *staticFiles) resolve(rel string) (string, int) {
	if strings.ContainsAny(rel, "\x00\\") {
		return "", 404
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == ".." {
			return "", 403
		}
	}
	clean := path.Clean("/" + rel)
	full := filepath.Join(s.root, filepath.FromSlash(clean))
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		return "", 404
	}
	if real != s.root && !strings.HasPrefix(real, s.root+string(filepath.Separator)) {
		return "", 403 // a symlink leading outside the root
	}
	return real, 0
}

func plainStatus(res *http.ServerResponse, code int, msg string) {
	res.StatusCode = code
	res.SetHeader("Content-Type", "text/plain")
	res.EndString(msg, nil)
}

type fileInfo struct {
	size  int64
	mtime time.Time
	dir   bool
}

func (s *staticFiles) serve(req *http.IncomingMessage, res *http.ServerResponse, urlPath string) {
	if req.Method != "GET" && req.Method != "HEAD" {
		res.SetHeader("Allow", "GET, HEAD")
		plainStatus(res, 405, "Method Not Allowed\n")
		return
	}
	full, code := s.resolve(strings.TrimPrefix(urlPath, staticPrefix))
	switch code {
	case 403:
		plainStatus(res, 403, "Forbidden\n")
		return
	case 404:
		plainStatus(res, 404, "Not Found\n")
		return
	}
	uv.Work(s.loop, func() (fileInfo, error) {
		st, err := os.Stat(full)
		if err != nil {
			return fileInfo{}, err
		}
		return fileInfo{size: st.Size(), mtime: st.ModTime(), dir: st.IsDir()}, nil
	}, func(fi fileInfo, err error) {
		if err != nil || fi.dir {
			plainStatus(res, 404, "Not Found\n")
			return
		}
		s.respond(req, res, full, fi)
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

// stream sends length bytes of the file from start: a goroutine reads a
// chunk, the loop writes it, and the next read waits until the write was
// accepted below the high-water mark or 'drain' came.
func (s *staticFiles) stream(res *http.ServerResponse, full string, start, length int64) {
	next := make(chan bool, 1) // true: read on; false: stop
	aborted := false
	res.OnClose(func() {
		if !res.WritableFinished() {
			aborted = true
			select {
			case next <- false:
			default:
			}
		}
	})
	go func() {
		f, err := os.Open(full)
		if err != nil {
			s.loop.Post(func() { res.Destroy(err) })
			return
		}
		defer f.Close()
		r := io.NewSectionReader(f, start, length)
		for {
			buf := make([]byte, fileChunk)
			n, err := io.ReadFull(r, buf)
			last := err != nil
			chunk := buf[:n]
			s.loop.Post(func() {
				if aborted {
					select {
					case next <- false:
					default:
					}
					return
				}
				if n > 0 && !res.Write(chunk, nil) && !last {
					events.Once0(&res.Emitter, events.Drain, func() { next <- true })
				} else if !last {
					next <- true
				}
				if last {
					res.End(nil)
				}
			})
			if last || !<-next {
				return
			}
		}
	}()
}
