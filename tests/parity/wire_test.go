package parity

import (
	"bytes"
	"fmt"
	stdnet "net"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uvgo/uvgo/internal/testutil"
)

// A wire case: raw bytes sent over a fresh connection, to Node running
// wire/app.js and to uvhttp; the responses must match byte for byte,
// except the Date value, and so must whether the server closed.
type wireCase struct {
	name string
	// parts are written in order, with a pause between them (split reads).
	parts []string
	// halfClose sends FIN after the last part.
	halfClose bool
	// wait is how long to wait for more bytes before concluding the server
	// keeps the connection open (default 300 ms).
	wait time.Duration
}

type wireResult struct {
	data   string
	closed bool
}

var dateRE = regexp.MustCompile(`Date: [^\r\n]*`)

func maskDate(s string) string { return dateRE.ReplaceAllString(s, "Date: <date>") }

// exchange runs one case against addr.
func exchange(addr string, c wireCase) (wireResult, error) {
	conn, err := stdnet.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return wireResult{}, err
	}
	defer conn.Close()
	wait := c.wait
	if wait == 0 {
		wait = 300 * time.Millisecond
	}
	var out bytes.Buffer
	var mu sync.Mutex
	done := make(chan bool, 1)
	go func() {
		buf := make([]byte, 64<<10)
		for {
			conn.SetReadDeadline(time.Now().Add(wait))
			n, err := conn.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				ne, ok := err.(stdnet.Error)
				done <- !(ok && ne.Timeout())
				return
			}
		}
	}()
	for i, p := range c.parts {
		if i > 0 {
			time.Sleep(50 * time.Millisecond)
		}
		if _, err := conn.Write([]byte(p)); err != nil {
			break
		}
	}
	if c.halfClose {
		conn.(*stdnet.TCPConn).CloseWrite()
	}
	closed := <-done
	mu.Lock()
	defer mu.Unlock()
	return wireResult{data: maskDate(out.String()), closed: closed}, nil
}

type server struct {
	addr string
}

func startServer(t *testing.T, name string, args ...string) *server {
	t.Helper()
	return &server{addr: testutil.StartServer(t, name, args...)}
}

func buildUVHTTP(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "uvhttp")
	out, err := exec.Command("go", "build", "-o", bin, "../../cmd/uvhttp").CombinedOutput()
	if err != nil {
		t.Fatalf("build uvhttp: %v\n%s", err, out)
	}
	return bin
}

// TestWireParity sends every case to Node and to uvhttp and compares.
func TestWireParity(t *testing.T) {
	runWireCases(t, wireCases, 24, nil)
}

// runWireCases sends each case to Node running wire/app.js and to uvhttp
// and compares the answers, one subtest per case; check, if not nil, adds
// a check of Node's answer (that the case tests what it says). The
// exchanges wait for silence, so they run concurrently, at most par at a
// time.
func runWireCases(t *testing.T, cases []wireCase, par int, check func(t *testing.T, node wireResult)) {
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("duplicate case %q", c.name)
		}
		seen[c.name] = true
	}
	node := startServer(t, nodePath(t), "wire/app.js", "0")
	uvh := startServer(t, buildUVHTTP(t), "-listen", "127.0.0.1:0", "-quiet")
	type pair struct {
		want, got wireResult
		err       error
	}
	results := make([]pair, len(cases))
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	for i, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var p pair
			if p.want, p.err = exchange(node.addr, c); p.err == nil {
				p.got, p.err = exchange(uvh.addr, c)
			}
			results[i] = p
		}()
	}
	wg.Wait()
	for i, c := range cases {
		r := results[i]
		t.Run(c.name, func(t *testing.T) {
			if r.err != nil {
				t.Fatal(r.err)
			}
			if check != nil {
				check(t, r.want)
			}
			if r.want != r.got {
				t.Errorf("request %q\nnode   (closed=%v): %q\nuvhttp (closed=%v): %q", strings.Join(c.parts, "|"), r.want.closed, r.want.data, r.got.closed, r.got.data)
			}
		})
	}
}

func req(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n\r\n" }

func get(path string, headers ...string) string {
	return req(append([]string{"GET " + path + " HTTP/1.1", "Host: x"}, headers...)...)
}

func post(path, body string, headers ...string) string {
	h := append([]string{"POST " + path + " HTTP/1.1", "Host: x", fmt.Sprintf("Content-Length: %d", len(body))}, headers...)
	return req(h...) + body
}

func chunked(path string, chunks ...string) string {
	return req("POST "+path+" HTTP/1.1", "Host: x", "Transfer-Encoding: chunked") + strings.Join(chunks, "")
}

func one(name, raw string) wireCase { return wireCase{name: name, parts: []string{raw}} }

var wireCases = []wireCase{
	// Routes.
	one("hello", get("/hello")),
	one("hello query", get("/hello?x=1")),
	one("hello post", post("/hello", "ignored")),
	one("not found", get("/nope")),
	one("root", get("/")),
	one("hello trailing slash", get("/hello/")),
	one("info", get("/info?a=b")),
	one("info percent", get("/info/%41%20b")),
	one("headers", get("/headers", "User-Agent: t", "Accept: */*")),
	one("big default", get("/big")),
	one("big 10", get("/big?bytes=10")),
	one("big 0", get("/big?bytes=0")),
	one("big bad", get("/big?bytes=x")),
	one("stream default", get("/stream")),
	one("stream 3x5", get("/stream?chunks=3&size=5")),
	one("stream zero chunks", get("/stream?chunks=0")),
	one("stream big", get("/stream?chunks=2&size=20000")),
	one("status 200", get("/status/200")),
	one("status 201", get("/status/201")),
	one("status 204", get("/status/204")),
	one("status 205", get("/status/205")),
	one("status 304", get("/status/304")),
	one("status 404", get("/status/404")),
	one("status 500", get("/status/500")),
	one("status 306", get("/status/306")),
	one("status 418", get("/status/418")),
	one("status 425", get("/status/425")),
	one("status 999", get("/status/999")),
	one("status 100", get("/status/100")),
	one("status 101", get("/status/101")),
	one("status 99", get("/status/99")),
	one("status 1000", get("/status/1000")),
	one("status abc", get("/status/abc")),
	{name: "delay", parts: []string{get("/delay?ms=50")}},
	one("echo empty", post("/echo", "")),
	one("echo body", post("/echo", "hello body")),
	one("echo content type", post("/echo", "{}", "Content-Type: application/json")),
	{name: "echo split body", parts: []string{post("/echo", "0123456789")[:len(post("/echo", "0123456789"))-5], "56789"}},
	one("echo chunked", chunked("/echo", "5\r\nhello\r\n", "6\r\n world\r\n", "0\r\n\r\n")),
	one("echo chunk extension", chunked("/echo", "3;a=b\r\nabc\r\n", "0\r\n\r\n")),
	one("echo trailers", chunked("/echo", "3\r\nabc\r\n", "0\r\nX-T: 1\r\n\r\n")),
	one("echo uppercase hex", chunked("/echo", "A\r\n0123456789\r\n", "0\r\n\r\n")),

	// HEAD.
	one("head hello", req("HEAD /hello HTTP/1.1", "Host: x")),
	one("head big", req("HEAD /big?bytes=5 HTTP/1.1", "Host: x")),
	one("head stream", req("HEAD /stream HTTP/1.1", "Host: x")),
	one("head not found", req("HEAD /nope HTTP/1.1", "Host: x")),

	// HTTP/1.0, 0.9, 2.0.
	one("http10 hello", req("GET /hello HTTP/1.0")),
	one("http10 keep-alive hello", req("GET /hello HTTP/1.0", "Connection: keep-alive")),
	one("http10 keep-alive big", req("GET /big?bytes=3 HTTP/1.0", "Connection: keep-alive")),
	one("http10 keep-alive 204", req("GET /status/204 HTTP/1.0", "Connection: keep-alive")),
	one("http10 te chunked stream", req("GET /stream HTTP/1.0", "Connection: keep-alive", "TE: chunked")),
	one("http10 stream", req("GET /stream HTTP/1.0")),
	one("http10 info", req("GET /info HTTP/1.0")),
	one("http09", "GET /info\r\n\r\n"),
	one("http20", req("GET /info HTTP/2.0", "Host: x")),
	one("http12", req("GET /info HTTP/1.2", "Host: x")),
	one("http10 expect ignored", req("GET /hello HTTP/1.0", "Expect: 100-continue")),

	// Keep-alive and close tokens.
	one("connection close", get("/hello", "Connection: close")),
	one("connection Close", get("/hello", "Connection: Close")),
	one("connection keep-alive, close", get("/hello", "Connection: keep-alive, close")),
	one("connection closed token", get("/hello", "Connection: closed")),
	one("proxy-connection close", get("/hello", "Proxy-Connection: close")),
	one("two connection headers", get("/hello", "Connection: keep-alive", "Connection: close")),
	one("connection upgrade no upgrade", get("/hello", "Connection: upgrade")),

	// Pipelining.
	one("pipeline two", get("/hello")+get("/info")),
	one("pipeline three", get("/hello")+get("/nope")+get("/big?bytes=2")),
	one("pipeline delay first", get("/delay?ms=50")+get("/hello")),
	{name: "pipeline split", parts: []string{get("/hello") + "GET /in", "fo HTTP/1.1\r\nHost: x\r\n\r\n"}},
	one("pipeline with crlf", get("/hello")+"\r\n"+get("/info")),
	one("pipeline close middle", get("/hello", "Connection: close")+get("/info")),
	one("pipeline close delayed", get("/delay?ms=30", "Connection: close")+get("/info")),
	one("garbage after request", get("/hello")+"garbage\r\n\r\n"),
	one("garbage after delayed", get("/delay?ms=30")+"garbage\r\n\r\n"),
	one("pipeline post", post("/echo", "ab")+get("/hello")),

	// Expect.
	one("expect 100", post("/echo", "xy", "Expect: 100-continue")),
	one("expect 100 uppercase", post("/echo", "xy", "Expect: 100-Continue")),
	one("expect 100 close", post("/echo", "xy", "Expect: 100-continue", "Connection: close")),
	one("expect other", get("/hello", "Expect: foo")),

	// Status framing: covered by /status routes above; 1xx as final.

	// Limits.
	one("url just under limit", get("/"+strings.Repeat("a", 16360))),
	one("url over limit", get("/"+strings.Repeat("a", 16400))),
	one("header over limit", get("/hello", "X: "+strings.Repeat("v", 16400))),
	one("many headers", get("/headers", strings.TrimSuffix(strings.Repeat("X-A: 1\r\n", 30), "\r\n"))),
	one("chunk extension over limit", chunked("/echo", "1;"+strings.Repeat("e", 17000)+"\r\nx\r\n", "0\r\n\r\n")),

	// Request line and header syntax.
	one("lowercase method", "get / HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("unknown method", "FOO / HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("lowercase version", "GET / http/1.1\r\nHost: x\r\n\r\n"),
	one("space after version", "GET / HTTP/1.1 \r\nHost: x\r\n\r\n"),
	one("double spaces", "GET  /hello  HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("no leading slash", "GET hello HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("asterisk", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("absolute form", "GET http://x/hello HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("fragment", get("/info#frag")),
	one("odd url chars", get("/info|{}^\"<>")),
	one("space in header name", "GET / HTTP/1.1\r\nHo st: x\r\n\r\n"),
	one("empty header name", "GET / HTTP/1.1\r\n: x\r\n\r\n"),
	one("no colon", "GET / HTTP/1.1\r\nHost\r\n\r\n"),
	one("leading space first header", "GET / HTTP/1.1\r\n Host: x\r\n\r\n"),
	one("nul in value", "GET / HTTP/1.1\r\nHost: x\x00y\r\n\r\n"),
	one("htab in value", "GET /headers HTTP/1.1\r\nHost: x\r\nX: a\tb\r\n\r\n"),
	one("obs text value", "GET /headers HTTP/1.1\r\nHost: x\r\nX: caf\xe9\r\n\r\n"),
	one("tchar names", "GET /headers HTTP/1.1\r\nHost: x\r\nX!#$%&'*+-.^_`|~: 1\r\n\r\n"),
	one("missing host", "GET /hello HTTP/1.1\r\n\r\n"),
	one("empty host", "GET /hello HTTP/1.1\r\nHost:\r\n\r\n"),
	one("pri preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
	one("propfind", "PROPFIND /info HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("query method", "QUERY /info HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("query with body", "QUERY /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"),
	one("query pipelined", get("/hello")+"QUERY /info HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("query lowercase", "query /info HTTP/1.1\r\nHost: x\r\n\r\n"),

	// Content-Length / Transfer-Encoding.
	one("cl and te", req("POST /echo HTTP/1.1", "Host: x", "Content-Length: 3", "Transfer-Encoding: chunked")+"3\r\nabc\r\n0\r\n\r\n"),
	one("te and cl", req("POST /echo HTTP/1.1", "Host: x", "Transfer-Encoding: chunked", "Content-Length: 3")+"3\r\nabc\r\n0\r\n\r\n"),
	one("duplicate cl", req("POST /echo HTTP/1.1", "Host: x", "Content-Length: 3", "Content-Length: 3")+"abc"),
	one("cl plus", req("POST /echo HTTP/1.1", "Host: x", "Content-Length: +3")+"abc"),
	one("cl negative", req("POST /echo HTTP/1.1", "Host: x", "Content-Length: -1")),
	one("cl list", req("POST /echo HTTP/1.1", "Host: x", "Content-Length: 3, 3")+"abc"),
	one("cl text", req("POST /echo HTTP/1.1", "Host: x", "Content-Length: abc")),
	one("cl spaces", req("POST /echo HTTP/1.1", "Host: x", "Content-Length:  3  ")+"abc"),
	one("te chunked identity", req("POST /echo HTTP/1.1", "Host: x", "Transfer-Encoding: chunked, identity")+"0\r\n\r\n"),
	one("te identity chunked", req("POST /echo HTTP/1.1", "Host: x", "Transfer-Encoding: identity, chunked")+"3\r\nabc\r\n0\r\n\r\n"),
	one("te CHUNKED", req("POST /echo HTTP/1.1", "Host: x", "Transfer-Encoding: CHUNKED")+"3\r\nabc\r\n0\r\n\r\n"),
	one("te twice", req("POST /echo HTTP/1.1", "Host: x", "Transfer-Encoding: chunked", "Transfer-Encoding: chunked")+"0\r\n\r\n"),
	one("te xchunked hello", req("POST /hello HTTP/1.1", "Host: x", "Transfer-Encoding: xchunked")+"abc"),
	one("te xchunked echo", req("POST /echo HTTP/1.1", "Host: x", "Transfer-Encoding: xchunked")+"abc"),
	one("bad chunk size", chunked("/echo", "zz\r\nabc\r\n")),
	one("chunk data without crlf", chunked("/echo", "3\r\nabcX")),
	one("body then next request", post("/echo", "abc")+get("/info")),

	// req.headers rules.
	one("headers lowercased order", get("/headers", "B: 2", "A: 1", "b: 3")),
	one("headers cookie join", get("/headers", "Cookie: a=1", "Cookie: b=2")),
	one("headers cookie empty", get("/headers", "Cookie: a=1", "Cookie:", "Cookie: b=2")),
	one("headers set-cookie list", get("/headers", "Set-Cookie: a", "Set-Cookie: b")),
	one("headers first wins", get("/headers", "Content-Type: a", "content-type: b", "User-Agent: u1", "User-Agent: u2")),
	one("headers joined", get("/headers", "X-Y: 1", "X-Y: 2")),
	one("headers trimmed", get("/headers", "X-Z:   padded value  ")),

	// Upgrade and CONNECT without listeners.
	one("upgrade no listener", get("/hello", "Connection: Upgrade", "Upgrade: websocket")),
	one("upgrade then pipelined", get("/hello", "Connection: Upgrade", "Upgrade: websocket")+get("/info")),
	one("connect no listener", "CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n"),

	// Bare LF, obs-fold and target bytes (llhttp 8.1 accepts them; checks of
	// our own give Node 20's 400).
	one("bare lf request line", "GET /hello HTTP/1.1\nHost: x\r\n\r\n"),
	one("bare lf header line", "GET /hello HTTP/1.1\r\nHost: x\nX: 1\r\n\r\n"),
	one("bare lf final line", "GET /hello HTTP/1.1\r\nHost: x\r\n\n"),
	one("bare lf everywhere", "GET /hello HTTP/1.1\nHost: x\n\n"),
	one("bare lf after chunk size", chunked("/echo", "3\nabc\r\n0\r\n\r\n")),
	one("obs fold", "GET /headers HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n"),
	one("obs fold tab", "GET /headers HTTP/1.1\r\nHost: x\r\nX: a\r\n\tb\r\n\r\n"),
	one("obs fold te", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
	one("space before colon", "GET /headers HTTP/1.1\r\nHost: x\r\nX : 1\r\n\r\n"),
	one("te space before colon", req("POST /echo HTTP/1.1", "Host: x", "Transfer-Encoding : chunked")+"3\r\nabc\r\n0\r\n\r\n"),
	one("tab in target", "GET /in\tfo HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("utf8 in target", "GET /caf\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("nul in target", "GET /a\x00b HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("space in target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n"),
	one("bare cr in value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n"),
	one("del in value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\x7fb\r\n\r\n"),
	one("vt in value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\x0bb\r\n\r\n"),
	one("separator in name", "GET / HTTP/1.1\r\nHost: x\r\nX(y): 1\r\n\r\n"),
	one("method alone", "GET\r\n\r\n"),
	one("hello method", "HELLO / HTTP/1.1\r\nHost: x\r\n\r\n"),

	// More Transfer-Encoding and Content-Length forms.
	one("te comma chunked", req("POST /echo HTTP/1.1", "Host: x", "Transfer-Encoding: , chunked")+"3\r\nabc\r\n0\r\n\r\n"),
	one("te tab value", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\tchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
	one("te trailing spaces", req("POST /echo HTTP/1.1", "Host: x", "Transfer-Encoding: chunked   ")+"3\r\nabc\r\n0\r\n\r\n"),
	one("te vt chunked", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \x0bchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
	one("te chunked chunked list", req("POST /echo HTTP/1.1", "Host: x", "Transfer-Encoding: chunked, chunked")+"0\r\n\r\n"),
	one("cl huge", req("POST /echo HTTP/1.1", "Host: x", "Content-Length: 99999999999999999999999")),
	one("cl and te on http10", req("POST /echo HTTP/1.0", "Content-Length: 3", "Transfer-Encoding: chunked")+"3\r\nabc\r\n0\r\n\r\n"),
	one("chunk size overflow", chunked("/echo", "fffffffffffffffffff\r\nabc\r\n")),
	one("space after chunk size", chunked("/echo", "3 \r\nabc\r\n0\r\n\r\n")),
	one("chunked body then request", chunked("/echo", "3\r\nabc\r\n", "0\r\n\r\n")+get("/info")),
	one("trailer overflow", chunked("/echo", "3\r\nabc\r\n", "0\r\nX: "+strings.Repeat("t", 16400)+"\r\n\r\n")),
	one("headers 1100", get("/headers", strings.TrimSuffix(strings.Repeat("X-Many: 1\r\n", 1100), "\r\n"))),

	// HTTP/1.0 keep-alive, as ab sends it.
	one("http10 keep-alive twice", req("GET /big?bytes=4 HTTP/1.0", "Connection: keep-alive")+req("GET /big?bytes=2 HTTP/1.0", "Connection: keep-alive")),
	one("http10 keep-alive then hello", req("GET /big?bytes=4 HTTP/1.0", "Connection: Keep-Alive", "Host: x")+req("GET /hello HTTP/1.0", "Connection: keep-alive")),
	one("http10 head", req("HEAD /hello HTTP/1.0")),
	one("http10 post echo", req("POST /echo HTTP/1.0", "Content-Length: 3")+"abc"),

	// Methods and bodies.
	one("put echo", req("PUT /echo HTTP/1.1", "Host: x", "Content-Length: 2")+"hi"),
	one("delete info", req("DELETE /info HTTP/1.1", "Host: x")),
	one("options star info", req("OPTIONS * HTTP/1.1", "Host: x")),
	one("get with body", req("GET /echo HTTP/1.1", "Host: x", "Content-Length: 4")+"body"),
	one("stream head 1.0 keepalive", req("HEAD /stream HTTP/1.0", "Connection: keep-alive")),
	one("status 204 head", req("HEAD /status/204 HTTP/1.1", "Host: x")),
	one("big with close", get("/big?bytes=3", "Connection: close")),
	one("stream with close", get("/stream?chunks=2&size=3", "Connection: close")),
	one("stream size zero", get("/stream?chunks=3&size=0")),
	{name: "split header", parts: []string{"GET /headers HTTP/1.1\r\nHost: x\r\nX-Spl", "it: yes\r\n\r\n"}},
	{name: "split request line", parts: []string{"GE", "T /info HTTP/1.1\r\nHost: x\r\n\r\n"}},
	{name: "split chunked body", parts: []string{chunked("/echo", "5\r\nhel"), "lo\r\n0\r\n\r\n"}},
	{name: "split chunk crlf", parts: []string{chunked("/echo", "3\r\nabc\r"), "\n0\r\n\r\n"}},
	{name: "split chunk bad crlf", parts: []string{chunked("/echo", "3\r\nabc"), "XY0\r\n\r\n"}},

	// Half-close and early EOF.
	{name: "fin after request", parts: []string{get("/hello")}, halfClose: true},
	{name: "fin before delayed response", parts: []string{get("/delay?ms=50")}, halfClose: true},
	{name: "eof in headers", parts: []string{"GET /hello HTTP/1.1\r\nHost: x\r\n"}, halfClose: true},
	{name: "eof in request line", parts: []string{"GET /hel"}, halfClose: true},
	{name: "eof in body", parts: []string{req("POST /echo HTTP/1.1", "Host: x", "Content-Length: 10") + "abc"}, halfClose: true},
}
