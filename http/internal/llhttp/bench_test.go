package llhttp_test

import (
	"strings"
	"testing"

	"github.com/uvgo/uvgo/http/internal/llhttp"
)

const helloReq = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n"

// The parse cost of a read (one C call, as the read filter runs): one
// keep-alive /hello request, 16 pipelined ones, and a chunked body.
func benchParse(b *testing.B, data string) {
	s := llhttp.NewScratch()
	defer s.Free()
	p := llhttp.NewParser(s, 16384)
	defer p.Free()
	buf := []byte(data)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.Execute(buf)
	}
	if n := len(s.Tokens()); n == 0 || s.Tokens()[n-1].Kind != llhttp.TMessageDone {
		b.Fatalf("last token %+v", s.Tokens()[n-1])
	}
}

func BenchmarkParseHello(b *testing.B)       { benchParse(b, helloReq) }
func BenchmarkParsePipelined16(b *testing.B) { benchParse(b, strings.Repeat(helloReq, 16)) }
func BenchmarkParseChunked(b *testing.B) {
	benchParse(b, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"+strings.Repeat("400\r\n"+strings.Repeat("d", 1024)+"\r\n", 8)+"0\r\n\r\n")
}
