package llhttp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvgo/uvgo/http/internal/llhttp"
)

type ev struct {
	kind uint32
	text string
}

func parse(t *testing.T, p *llhttp.Parser, s *llhttp.Scratch, data string) ([]ev, []llhttp.Token) {
	t.Helper()
	p.Execute([]byte(data))
	toks := append([]llhttp.Token(nil), s.Tokens()...)
	out := make([]ev, len(toks))
	for i, tk := range toks {
		out[i] = ev{tk.Kind, data[tk.Off : tk.Off+tk.Len]}
	}
	return out, toks
}

func TestPipelinedRequests(t *testing.T) {
	s := llhttp.NewScratch()
	defer s.Free()
	p := llhttp.NewParser(s, 16384)
	defer p.Free()
	data := "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc"
	evs, toks := parse(t, p, s, data)
	kinds := []uint32{}
	for _, e := range evs {
		kinds = append(kinds, e.kind)
	}
	assert.Equal(t, []uint32{
		llhttp.TBegin, llhttp.TURL, llhttp.TField, llhttp.TFieldDone, llhttp.TValue, llhttp.TValueDone, llhttp.THeadersDone, llhttp.TMessageDone,
		llhttp.TBegin, llhttp.TURL, llhttp.TField, llhttp.TFieldDone, llhttp.TValue, llhttp.TValueDone, llhttp.THeadersDone, llhttp.TBody, llhttp.TMessageDone,
	}, kinds)
	assert.Equal(t, "/a", evs[1].text)
	assert.Equal(t, "Host", evs[2].text)
	assert.Equal(t, "x", evs[4].text)
	h := toks[6].Headers()
	assert.Equal(t, "GET", llhttp.MethodName(h.Method))
	assert.Equal(t, uint8(1), h.Minor)
	assert.True(t, h.KeepAlive)
	h2 := toks[14].Headers()
	assert.Equal(t, "POST", llhttp.MethodName(h2.Method))
	assert.False(t, h2.KeepAlive, "HTTP/1.0 without keep-alive")
	assert.NotZero(t, h2.Flags&llhttp.FContentLength)
	assert.Equal(t, "abc", evs[15].text)
}

func TestRequestSplitAcrossReads(t *testing.T) {
	s := llhttp.NewScratch()
	defer s.Free()
	p := llhttp.NewParser(s, 16384)
	defer p.Free()
	evs, _ := parse(t, p, s, "GET /lo")
	assert.Equal(t, []ev{{llhttp.TBegin, ""}, {llhttp.TURL, "/lo"}}, evs)
	evs, _ = parse(t, p, s, "ng HTTP/1.1\r\n\r\n")
	assert.Equal(t, llhttp.TURL, evs[0].kind)
	assert.Equal(t, "ng", evs[0].text)
	assert.Equal(t, llhttp.TMessageDone, evs[len(evs)-1].kind)
}

func TestErrors(t *testing.T) {
	cases := []struct {
		data string
		want string
	}{
		{"FOO / HTTP/1.1\r\n\r\n", "HPE_INVALID_METHOD"},
		{"GET / HTTP/1.2\r\n\r\n", "HPE_INVALID_VERSION"},
		{"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", "HPE_UNEXPECTED_CONTENT_LENGTH"},
		{"GET /" + strings.Repeat("a", 16383) + " HTTP/1.1\r\n\r\n", "HPE_HEADER_OVERFLOW"},
		{"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;" + strings.Repeat("x", 17000) + "\r\n", "HPE_CHUNK_EXTENSIONS_OVERFLOW"},
	}
	for _, c := range cases {
		s := llhttp.NewScratch()
		p := llhttp.NewParser(s, 16384)
		_, toks := parse(t, p, s, c.data)
		require.NotEmpty(t, toks)
		last := toks[len(toks)-1]
		require.Equal(t, llhttp.TError, last.Kind, c.data[:10])
		assert.Equal(t, c.want, llhttp.ErrnoName(last.Val))
		p.Free()
		s.Free()
	}
}

func TestHeaderLimitCountsURLNamesValues(t *testing.T) {
	s := llhttp.NewScratch()
	defer s.Free()
	// URL (1) + "X" (1) + value: 16383 in total is accepted, 16384 is not.
	for _, n := range []int{16381, 16382} {
		p := llhttp.NewParser(s, 16384)
		_, toks := parse(t, p, s, "GET / HTTP/1.1\r\nX: "+strings.Repeat("v", n)+"\r\n\r\n")
		last := toks[len(toks)-1]
		if n == 16381 {
			assert.Equal(t, llhttp.TMessageDone, last.Kind)
		} else {
			assert.Equal(t, "HPE_HEADER_OVERFLOW", llhttp.ErrnoName(last.Val))
		}
		p.Free()
	}
}

func TestEOFMidMessage(t *testing.T) {
	s := llhttp.NewScratch()
	defer s.Free()
	p := llhttp.NewParser(s, 16384)
	defer p.Free()
	parse(t, p, s, "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
	p.Finish()
	toks := s.Tokens()
	require.Len(t, toks, 1)
	assert.Equal(t, llhttp.TEOF, toks[0].Kind)
	assert.Equal(t, "HPE_INVALID_EOF_STATE", llhttp.ErrnoName(toks[0].Val))
}

func FuzzParser(f *testing.F) {
	for _, seed := range []string{
		"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
		"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: x\r\n\r\n",
		"GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /y HTTP/1.1\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		s := llhttp.NewScratch()
		defer s.Free()
		p := llhttp.NewParser(s, 16384)
		defer p.Free()
		p.Execute(data)
		for _, tk := range s.Tokens() {
			if int(tk.Off)+int(tk.Len) > len(data) {
				t.Fatalf("span %d+%d outside %d bytes", tk.Off, tk.Len, len(data))
			}
		}
		p.Finish()
	})
}

// events of a parse, with URL/field/value/body spans merged across reads.
func splitEvents(p *llhttp.Parser, s *llhttp.Scratch, parts ...string) []string {
	var out []string
	for _, part := range parts {
		if part == "" {
			continue
		}
		b := []byte(part)
		p.Execute(b)
		for _, tk := range s.Tokens() {
			text := string(b[tk.Off : tk.Off+tk.Len])
			if tk.Kind == llhttp.TError {
				out = append(out, "error "+llhttp.ErrnoName(tk.Val)+": "+p.ErrorReason())
				return out
			}
			if n := len(out); n > 0 && (tk.Kind == llhttp.TURL || tk.Kind == llhttp.TField || tk.Kind == llhttp.TValue || tk.Kind == llhttp.TBody) &&
				strings.HasPrefix(out[n-1], fmt.Sprint(tk.Kind, ":")) {
				out[n-1] += text
				continue
			}
			if tk.Kind == llhttp.TChunkHeader {
				text = fmt.Sprint(tk.Val)
			}
			if tk.Kind == llhttp.THeadersDone {
				text = llhttp.MethodName(tk.Headers().Method)
			}
			out = append(out, fmt.Sprint(tk.Kind, ":")+text)
		}
	}
	return out
}

// framing drops the header-section spans of a message an error cut short
// (the part that arrived in an earlier read was recorded then; no request
// is delivered either way).
func framing(evs []string) []string {
	if len(evs) == 0 || !strings.HasPrefix(evs[len(evs)-1], "error ") {
		return evs
	}
	var out []string
	for _, e := range evs {
		k, _, _ := strings.Cut(e, ":")
		switch k {
		case fmt.Sprint(llhttp.TURL), fmt.Sprint(llhttp.TField), fmt.Sprint(llhttp.TValue), fmt.Sprint(llhttp.TFieldDone), fmt.Sprint(llhttp.TValueDone):
			continue
		}
		out = append(out, e)
	}
	return out
}

// Splitting a read anywhere changes nothing: the same events, the same
// spans, the same error (the validator's state survives reads).
func TestSplitAtEveryOffset(t *testing.T) {
	for _, data := range []string{
		"POST /e HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b;c\r\nhello\r\n3;a=\"b\\\"c\"\r\nabc\r\n0\r\nX-T: 1\r\n\r\nGET /n HTTP/1.1\r\n\r\n",
		"QUERY /q HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi\nQUERY /r HTTP/1.1\r\n\r\n",
		"GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n",
		"POST / HTTP/1.1\r\nTransfer-Encoding:\r\n chunked\r\n\r\n",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\rX\r\nGET /smuggled HTTP/1.1\r\n\r\n",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\nGET /smuggled HTTP/1.1\r\n\r\n",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;a=\"b\x7f\"\r\nabc\r\n0\r\n\r\n",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 5\r\n\r\n",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTransfer-Encoding:\r\n\r\n",
		"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding:\r\n\r\nx",
		"GET /a\fb HTTP/1.1\r\n\r\n",
		"\nGET / HTTP/1.1\r\n\r\n\r\n\nGET / HTTP/1.1\r\n\r\n",
	} {
		s := llhttp.NewScratch()
		p := llhttp.NewParser(s, 16384)
		want := splitEvents(p, s, data)
		p.Free()
		for off := 1; off < len(data); off++ {
			p := llhttp.NewParser(s, 16384)
			got := splitEvents(p, s, data[:off], data[off:])
			p.Free()
			require.Equal(t, framing(want), framing(got), "%q split at %d", data, off)
		}
		s.Free()
		t.Logf("%q: %s", data, want[len(want)-1])
	}
}
