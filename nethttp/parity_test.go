package nethttp_test

import (
	"encoding/json"
	"fmt"
	"io"
	stdnet "net"
	stdhttp "net/http"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/nethttp"
)

// parityMux is one net/http application: the parity test serves it with
// net/http and with uvgo through the bridge.
func parityMux() stdhttp.Handler {
	mod := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	files := fstest.MapFS{
		"index.html": {Data: []byte("<!doctype html><title>x</title>"), ModTime: mod},
		"data.bin":   {Data: []byte(strings.Repeat("0123456789", 1000)), ModTime: mod},
		"notes.txt":  {Data: []byte("plain notes\n"), ModTime: mod},
	}
	mux := stdhttp.NewServeMux()
	mux.Handle("/files/", stdhttp.StripPrefix("/files", stdhttp.FileServer(stdhttp.FS(files))))
	mux.HandleFunc("/hello", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		io.WriteString(w, "Hello, World!\n")
	})
	mux.HandleFunc("/html", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		io.WriteString(w, "<html><body>hi</body></html>")
	})
	mux.HandleFunc("/json", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"path": r.URL.Path, "q": r.URL.Query()["q"], "ua": r.UserAgent()})
	})
	mux.HandleFunc("/redirect", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		stdhttp.Redirect(w, r, "/hello?from=redirect", stdhttp.StatusFound)
	})
	mux.HandleFunc("/teapot", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		stdhttp.Error(w, "short and stout", stdhttp.StatusTeapot)
	})
	mux.HandleFunc("/cookies", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		stdhttp.SetCookie(w, &stdhttp.Cookie{Name: "a", Value: "1", Path: "/"})
		stdhttp.SetCookie(w, &stdhttp.Cookie{Name: "b", Value: "2", HttpOnly: true})
		w.Header().Add("X-Multi", "one")
		w.Header().Add("X-Multi", "two")
		w.Header().Set("X-Text", "caf\u00e9 \u2603")
		w.Header().Set("X-Fold", "a\r\n b ")
		c, err := r.Cookie("in")
		if err == nil {
			io.WriteString(w, c.Value)
		}
	})
	mux.HandleFunc("/nocontent", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("X-Kept", "yes")
		w.WriteHeader(stdhttp.StatusNoContent)
	})
	mux.HandleFunc("/empty", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {})
	mux.HandleFunc("/odd-status", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.WriteHeader(599)
		io.WriteString(w, "odd")
	})
	mux.HandleFunc("/big", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		for i := range 2000 {
			fmt.Fprintf(w, "line %d of a long text body\n", i)
		}
	})
	mux.HandleFunc("/stream", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for i := range 5 {
			fmt.Fprintf(w, "tick %d\n", i)
			w.(stdhttp.Flusher).Flush()
		}
	})
	mux.HandleFunc("POST /echo", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			stdhttp.Error(w, err.Error(), 400)
			return
		}
		w.Header().Set("Content-Type", r.Header.Get("Content-Type"))
		fmt.Fprintf(w, "%s %d %q %s", r.Method, r.ContentLength, r.TransferEncoding, b)
	})
	mux.HandleFunc("/trailers", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		w.Header().Set("Trailer", "X-Checksum")
		io.WriteString(w, "with trailers")
		w.Header().Set("X-Checksum", "abc")
	})
	mux.HandleFunc("/request", func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		// What the handler sees of the request (RemoteAddr's port and
		// Host's port differ between the two servers).
		host, _, _ := strings.Cut(r.Host, ":")
		keys := make([]string, 0, len(r.Header))
		for k := range r.Header {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		fmt.Fprintf(w, "%s %s %s %d.%d host=%s close=%t cl=%d te=%q uri=%s path=%s raw=%s\n",
			r.Method, r.URL, r.Proto, r.ProtoMajor, r.ProtoMinor, host, r.Close, r.ContentLength,
			r.TransferEncoding, r.RequestURI, r.URL.Path, r.URL.RawQuery)
		for _, k := range keys {
			fmt.Fprintf(w, "%s: %q\n", k, r.Header[k])
		}
	})
	return mux
}

type parityReq struct {
	method, path, body string
	header             map[string]string
	chunked            bool
}

var parityReqs = []parityReq{
	{method: "GET", path: "/hello"},
	{method: "HEAD", path: "/hello"},
	{method: "GET", path: "/html"},
	{method: "GET", path: "/json?q=1&q=two", header: map[string]string{"User-Agent": "parity"}},
	{method: "GET", path: "/redirect"},
	{method: "GET", path: "/teapot"},
	{method: "GET", path: "/cookies", header: map[string]string{"Cookie": "in=v; other=w"}},
	{method: "GET", path: "/nocontent"},
	{method: "GET", path: "/empty"},
	{method: "GET", path: "/odd-status"},
	{method: "GET", path: "/big"},
	{method: "GET", path: "/stream"},
	{method: "POST", path: "/echo", body: "hello body", header: map[string]string{"Content-Type": "text/x-test"}},
	{method: "POST", path: "/echo", body: strings.Repeat("z", 70000), chunked: true},
	{method: "PUT", path: "/echo"},
	{method: "GET", path: "/trailers"},
	{method: "GET", path: "/missing"},
	{method: "GET", path: "/files/"},
	{method: "GET", path: "/files/notes.txt"},
	{method: "GET", path: "/files/index.html"},
	{method: "GET", path: "/files/data.bin", header: map[string]string{"Range": "bytes=10-29"}},
	{method: "GET", path: "/files/data.bin", header: map[string]string{"Range": "bytes=0-1,5-6"}},
	{method: "GET", path: "/files/data.bin", header: map[string]string{"Range": "bytes=999999-"}},
	{method: "GET", path: "/files/notes.txt", header: map[string]string{"If-Modified-Since": "Wed, 01 May 2024 12:00:00 GMT"}},
	{method: "GET", path: "/files/nope.txt"},
	{method: "GET", path: "/request?a=1&b=%20x", header: map[string]string{"X-One": "1", "x-lower": "l", "Connection": "close"}},
	{method: "POST", path: "/request", body: "abc", chunked: true},
	{method: "GET", path: "/request", header: map[string]string{"X-Utf8": "caf\u00e9 \u2603", "X-Latin1": "\xe9t\xe9"}},
}

// framing names the headers that only frame the message: they differ by
// design (uvgo frames as Node does) and are left out of the comparison.
var framing = []string{"Date", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"}

type answer struct {
	status   string
	header   stdhttp.Header
	body     string
	trailers stdhttp.Header
}

func ask(t *testing.T, c *stdhttp.Client, addr string, pr parityReq) answer {
	var body io.Reader
	if pr.body != "" || pr.chunked {
		body = strings.NewReader(pr.body)
		if pr.chunked {
			body = io.MultiReader(body)
		}
	}
	req, err := stdhttp.NewRequest(pr.method, "http://"+addr+pr.path, body)
	require.NoError(t, err)
	for k, v := range pr.header {
		req.Header.Set(k, v)
	}
	if pr.header["Connection"] == "close" {
		req.Close = true
	}
	res, err := c.Do(req)
	require.NoError(t, err, "%s %s", pr.method, pr.path)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err, "%s %s", pr.method, pr.path)
	h := res.Header.Clone()
	for _, k := range framing {
		h.Del(k)
	}
	if len(res.Trailer) == 0 {
		res.Trailer = nil
	}
	a := answer{status: res.Status, header: h, body: string(b), trailers: res.Trailer}
	// A multipart answer's boundary is random: mask it.
	if ct := h.Get("Content-Type"); strings.Contains(ct, "boundary=") {
		_, boundary, _ := strings.Cut(ct, "boundary=")
		h.Set("Content-Type", strings.ReplaceAll(ct, boundary, "BOUNDARY"))
		a.body = strings.ReplaceAll(a.body, boundary, "BOUNDARY")
	}
	return a
}

// The same net/http handler served by net/http and by uvgo through the
// bridge gives the same answers: status line, headers (but framing and
// Date), body and trailers.
func TestParityWithNetHTTP(t *testing.T) {
	h := parityMux()
	ln, err := stdnet.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	std := &stdhttp.Server{Handler: h, ErrorLog: nil}
	go std.Serve(ln)
	t.Cleanup(func() { std.Close() })

	want := make([]answer, len(parityReqs))
	c := newClient(t)
	for i, pr := range parityReqs {
		want[i] = ask(t, c, ln.Addr().String(), pr)
	}
	serve(t, h, nethttp.Options{}, func(addr string) {
		c := newClient(t)
		for i, pr := range parityReqs {
			got := ask(t, c, addr, pr)
			assert.Equal(t, want[i], got, "%s %s", pr.method, pr.path)
		}
	})
}
