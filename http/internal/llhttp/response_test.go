package llhttp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/http/internal/llhttp"
)

// responseTrace parses data as responses delivered in reads cut at the
// given offsets (then EOF when eof is set), answering a request expecting
// expect, and renders what the tokens say in a form that does not depend
// on the cuts: spans are joined, errors and the upgrade point are given as
// offsets into data. Parsing stops at an error or an upgrade, as the
// client does.
func responseTrace(data []byte, cuts []int, expect int, eof bool) string {
	s := llhttp.NewScratch()
	defer s.Free()
	p := llhttp.NewResponseParser(s, 16384)
	defer p.Free()
	p.SetExpect(expect)
	var b strings.Builder
	var status, field, value, body []byte
	pending := ""
	flush := func() {
		if len(body) > 0 {
			fmt.Fprintf(&b, "body %q\n", body)
			body = body[:0]
		}
	}
	stopped := false
	handle := func(buf []byte, base int) {
		for _, t := range s.Tokens() {
			if stopped {
				return
			}
			sp := func() []byte { return buf[t.Off : t.Off+t.Len] }
			switch t.Kind {
			case llhttp.TBegin:
				flush()
				b.WriteString("begin\n")
				status = status[:0]
			case llhttp.TStatus:
				status = append(status, sp()...)
			case llhttp.TField:
				flush()
				if pending == "value" {
					fmt.Fprintf(&b, "header %q %q\n", field, value)
					field, value = field[:0], value[:0]
				}
				pending = "field"
				field = append(field, sp()...)
			case llhttp.TValue:
				pending = "value"
				value = append(value, sp()...)
			case llhttp.TValueDone:
				flush()
				fmt.Fprintf(&b, "header %q %q\n", field, value)
				field, value = field[:0], value[:0]
				pending = ""
			case llhttp.THeadersDone:
				h := t.Headers()
				fmt.Fprintf(&b, "headers %d %q %d.%d keep=%v upgrade=%v\n", h.Status, status, h.Major, h.Minor, h.KeepAlive, h.Upgrade)
			case llhttp.TBody:
				body = append(body, sp()...)
			case llhttp.TMessageDone:
				flush()
				fmt.Fprintf(&b, "done keep=%v\n", t.Val == 1)
			case llhttp.TUpgrade:
				flush()
				fmt.Fprintf(&b, "upgrade at %d\n", base+int(t.Off))
				stopped = true
			case llhttp.TError:
				flush()
				fmt.Fprintf(&b, "error %s %q\n", llhttp.ErrnoName(t.Val), p.ErrorReason())
				stopped = true
			case llhttp.TEOF:
				flush()
				fmt.Fprintf(&b, "eof %s\n", llhttp.ErrnoName(t.Val))
			}
		}
	}
	prev := 0
	for _, c := range append(append([]int(nil), cuts...), len(data)) {
		if stopped {
			break
		}
		if c <= prev {
			continue
		}
		part := append([]byte(nil), data[prev:c]...)
		p.Execute(part)
		handle(part, prev)
		prev = c
	}
	if eof && !stopped {
		p.Finish()
		handle(nil, len(data))
	}
	flush()
	return b.String()
}

type respCase struct {
	name   string
	data   string
	expect int
	want   []string // lines the whole-read trace must contain, in order
}

var responseCorpus = []respCase{
	{"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello", llhttp.ExpectNormal,
		[]string{`headers 200 "OK" 1.1 keep=true`, `body "hello"`, "done keep=true"}},
	{"keep-alive pair", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", llhttp.ExpectNormal,
		[]string{`body "a"`, `headers 201 "Created"`}},
	{"chunked with extensions and trailers", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b\r\nabc\r\n2;q=\"x y\"\r\nde\r\n0\r\nX-Sum: 1\r\n\r\n", llhttp.ExpectNormal,
		[]string{`body "abcde"`, `header "X-Sum" "1"`, "done keep=true"}},
	{"close-delimited", "HTTP/1.1 200 OK\r\nX: y\r\n\r\nall\r\n\nof it", llhttp.ExpectNormal,
		[]string{"keep=false", `body "all\r\n\nof it"`, "done keep=false", "eof HPE_OK"}},
	{"te not chunked is close-delimited", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz", llhttp.ExpectNormal,
		[]string{`body "zz"`, "done keep=false"}},
	{"head", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", llhttp.ExpectHead,
		[]string{`headers 200 "OK"`, "done keep=true", `headers 204`}},
	{"204", "HTTP/1.1 204 No Content\r\n\r\n", llhttp.ExpectNormal, []string{"done keep=true"}},
	{"304 with length", "HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n", llhttp.ExpectNormal, []string{"done keep=true"}},
	{"1xx then final", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", llhttp.ExpectNormal,
		[]string{`headers 100 "Continue"`, `headers 103 "Early Hints"`, `body "ok"`}},
	{"101 upgrade", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x00raw", llhttp.ExpectNormal,
		[]string{"upgrade=true", "upgrade at 77"}},
	{"connect", "HTTP/1.1 200 Connection established\r\n\r\ntunnel bytes", llhttp.ExpectConnect,
		[]string{"upgrade=true", "upgrade at 39"}},
	{"http/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", llhttp.ExpectNormal, []string{"1.0 keep=false", "done keep=false"}},
	{"no reason phrase", "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", llhttp.ExpectNormal, []string{`headers 200 ""`}},
	{"data after close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\naJUNK", llhttp.ExpectNormal,
		[]string{"done keep=false", "error HPE_CLOSED_CONNECTION"}},
	{"bad status", "HTTP/1.1 abc\r\n\r\n", llhttp.ExpectNormal, []string{"error HPE_INVALID_STATUS \"Invalid status code\""}},
	{"bad version", "HTTP/2.x 200 OK\r\n\r\n", llhttp.ExpectNormal, []string{"error HPE_"}},
	{"not http", "FTP/1.1 200 OK\r\n\r\n", llhttp.ExpectNormal, []string{"error HPE_INVALID_CONSTANT"}},
	{"bare LF after status", "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", llhttp.ExpectNormal, []string{"error HPE_"}},
	{"bare LF in headers", "HTTP/1.1 200 OK\r\nA: b\nContent-Length: 0\r\n\r\n", llhttp.ExpectNormal, []string{"error HPE_CR_EXPECTED"}},
	{"obs-fold", "HTTP/1.1 200 OK\r\nA: b\r\n c\r\nContent-Length: 0\r\n\r\n", llhttp.ExpectNormal, []string{"error HPE_INVALID_HEADER_TOKEN"}},
	{"cl and te", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", llhttp.ExpectNormal, []string{"error HPE_INVALID_TRANSFER_ENCODING"}},
	{"duplicate cl", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", llhttp.ExpectNormal, []string{"error HPE_UNEXPECTED_CONTENT_LENGTH"}},
	{"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", llhttp.ExpectNormal, []string{"error HPE_INVALID_CHUNK_SIZE"}},
	{"chunk without crlf", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n0\r\n\r\n", llhttp.ExpectNormal, []string{`body "ab"`, "error HPE_STRICT"}},
	{"eof in body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", llhttp.ExpectNormal, []string{`body "abc"`, "eof HPE_INVALID_EOF_STATE"}},
	{"eof in headers", "HTTP/1.1 200 OK\r\nContent-Le", llhttp.ExpectNormal, []string{"eof HPE_INVALID_EOF_STATE"}},
	{"space in header name", "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", llhttp.ExpectNormal, []string{"error HPE_INVALID_HEADER_TOKEN"}},
}

// TestResponseCorpus: each response parses to what it should in one read.
func TestResponseCorpus(t *testing.T) {
	for _, tc := range responseCorpus {
		t.Run(tc.name, func(t *testing.T) {
			got := responseTrace([]byte(tc.data), nil, tc.expect, true)
			at := 0
			for _, w := range tc.want {
				i := strings.Index(got[at:], w)
				require.GreaterOrEqual(t, i, 0, "want %q after offset %d in:\n%s", w, at, got)
				at += i + len(w)
			}
		})
	}
}

// TestResponseSplitEverywhere: cut at every offset into two reads, and
// into one-byte reads, the corpus parses exactly as in one read.
func TestResponseSplitEverywhere(t *testing.T) {
	for _, tc := range responseCorpus {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.data)
			whole := responseTrace(data, nil, tc.expect, true)
			for k := 1; k < len(data); k++ {
				assert.Equal(t, whole, responseTrace(data, []int{k}, tc.expect, true), "cut at %d", k)
			}
			bytewise := make([]int, len(data))
			for i := range bytewise {
				bytewise[i] = i + 1
			}
			assert.Equal(t, whole, responseTrace(data, bytewise, tc.expect, true), "one-byte reads")
		})
	}
}

// FuzzResponseSplit: any bytes, in one read, cut in two and cut in three,
// never panic and parse alike.
func FuzzResponseSplit(f *testing.F) {
	for _, tc := range responseCorpus {
		f.Add([]byte(tc.data), uint16(len(tc.data)/2), uint16(len(tc.data)/3), uint8(tc.expect))
	}
	f.Fuzz(func(t *testing.T, data []byte, a, b uint16, expect uint8) {
		if len(data) > 4096 {
			data = data[:4096]
		}
		e := int(expect % 3)
		whole := responseTrace(data, nil, e, true)
		if len(data) < 2 {
			return
		}
		x, y := 1+int(a)%(len(data)-1), 1+int(b)%(len(data)-1)
		if x > y {
			x, y = y, x
		}
		if got := responseTrace(data, []int{x}, e, true); got != whole {
			t.Fatalf("cut at %d:\n%s\nwhole:\n%s", x, got, whole)
		}
		if got := responseTrace(data, []int{x, y}, e, true); got != whole {
			t.Fatalf("cut at %d, %d:\n%s\nwhole:\n%s", x, y, got, whole)
		}
	})
}
