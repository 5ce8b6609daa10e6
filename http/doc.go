// Package http is Node 20's HTTP/1.1 server on libuv and llhttp: a client
// cannot tell it from Node by the bytes it receives. The wire parity
// suite (tests/parity/wire_test.go) sends 191 raw requests to Node
// running tests/parity/wire/app.js and to uvhttp serving the same app, and
// compares the responses byte for byte (Date masked) and whether the
// server closed.
//
//	srv := http.CreateServer(loop, func(req *http.IncomingMessage, res *http.ServerResponse) {
//		res.SetHeader("Content-Type", "text/plain")
//		res.EndString("Hello, World!\n", nil)
//	})
//	err := srv.Listen(8080, "127.0.0.1", nil)
//
// # How a request travels
//
// llhttp runs in C inside libuv's read callback (a uv read filter): its
// per-token callbacks record spans of the read buffer in a token array
// shared by the loop's connections, and Go is called once per read with
// everything that read produced. Responses are framed into one buffer per
// connection and flushed once per tick with uv_try_write (the rest copied
// to C memory), so a keep-alive request costs one crossing each way, and a
// read with 16 pipelined requests one each way too: a response's bytes
// join the buffer as soon as every response before it is complete, while
// the responses still finish one after another, in order
// (TestHelloOverTCP counts the calls into C).
//
// # Node's rules, kept
//
// Keep-alive with "Keep-Alive: timeout=5" and the socket closed 1 s after
// keepAliveTimeout; headersTimeout and requestTimeout checked every
// connectionsCheckingInterval (408); maxHeaderSize counted over URL,
// names and values (431); the 16 KiB chunk-extension limit (413); Node's
// canned replies written only when no response has started on the
// connection; pipelining with responses in order and reading paused while
// the bytes queued for the socket reach its high-water mark; Expect
// (100-continue, 417); missing Host on HTTP/1.1 (400); Upgrade without an
// 'upgrade' listener served as a normal request (the rest of that read
// dropped) and CONNECT without a 'connect' listener destroyed;
// httpAllowHalfOpen false (a client FIN ends the server's side). Header
// framing is Node's _storeHeader, including HTTP/1.0 (close-delimited
// unless Content-Length was set or TE: chunked asked for chunked), HEAD,
// 204, 304 and 1xx. Ticks drain after each body piece, as they do between
// the callbacks of Node's C++ parser.
//
// # llhttp 8.1 versus Node 20's llhttp 9.3
//
// Debian ships llhttp 8.1; Node 20.20.2 embeds 9.3.1, which is stricter.
// uvgo never turns a lenient flag on; instead the C recorder adds checks
// of its own, each giving Node 20's bare 400: whitespace in or before a
// header name and an empty name, obs-fold continuation lines (also on
// Transfer-Encoding), a bare LF ending the request line, a header line or
// the header section, a TAB or a byte >= 0x80 in the request target,
// chunk data not followed by CRLF, and any byte but CR/LF after a
// Connection: close request. llhttp 8.1 does not know the QUERY method,
// which Node 20 accepts: where a message starts with "QUERY ", the filter
// hands llhttp "PATCH" (same length, same body rules) and reports QUERY.
//
// # Differences from Node
//
//   - req.headers is a Go map with a separate first-occurrence order
//     (HeaderNames). Node's plain object lists integer-like names first
//     and drops a "__proto__" header; uvgo keeps arrival order and every
//     name (a Go map has no prototype).
//   - The 'connection' and 'clientError' events carry a *Socket, a small
//     view of the connection (address, Write, End, Destroy), not a full
//     net.Socket: connections are driven directly on their TCP handle.
//   - Requests and responses are reused (see Object reuse below).
//
// # Threading and lifetimes
//
// A server, its connections, requests and responses belong to the loop's
// goroutine. Body chunks delivered by a request are copies that the
// handler may keep.
//
// # Object reuse
//
// A request and its response that both ended normally (the response
// finished, the request was received whole and read or dumped, neither was
// destroyed or aborted, no upgrade) are reused for a later request of the
// same server once both have emitted 'close' and that tick has run. This
// is what makes a keep-alive or pipelined GET allocate nothing
// (TestHelloZeroAllocations, TestHelloOverTCP). The rule for
// handlers: do not use req or res, their RawHeaders, Headers map or
// header slices after their 'close' listeners have run. 'finish' and 'close' listeners
// themselves are fine; work deferred past them (a timer, an immediate, a
// goroutine posting back) must copy what it needs first. Node has no such
// rule, as its objects are garbage collected; set ServerOptions.NoReuse to
// get new objects for every request. Objects cut short (client gone,
// res.Destroy, errors) are never reused, so a late write to them reaches
// a destroyed stream, as in Node.
//
// The spares are kept per server, at most 64, not per connection: an idle
// keep-alive connection holds no request objects (the 2 KiB per idle
// connection budget of DESIGN.md), and objects move to whichever
// connection needs them next.
//
// # Request parsing strictness (differences from Node, issue 11)
//
// Requests are framed with Node 20's strictness (llhttp 9.3.1) although
// the parser is Debian's llhttp 8.1: a framing validator in
// internal/llhttp (see its package doc) checks line endings, obs-fold,
// chunk-size lines, chunk extensions and trailers across read boundaries.
// This is checked against Node three ways: the wire corpus
// (tests/parity/wire/corpus: the cases and llhttp's own request
// tests, as written and with Host, with Node's recorded answers) live in
// one and two writes and in process at every split offset
// (TestWireCorpusSplitEveryOffset), and the differential fuzzer
// (tests/difffuzz; make fuzz-diff). The 'clientError' code and reason
// of every corpus case are Node's too (TestClientErrorCorpus). A corpus case where uvgo must differ
// carries a "known:" line naming one of the differences below, and the
// tests check that it still differs (so the line goes when it is fixed). 'clientError' gets Node's code, reason
// text ("Parse Error: Invalid method encountered"), bytesParsed and
// rawPacket.
//
// Known differences, each outside the parser:
//   - A chunked request with trailers, then a pipelined request rejected
//     later in the same read (its body or trailers are bad), the first
//     response streaming through a pipe: Node ends the first request and
//     finishes its response before it parses the next request (measured:
//     'end' and 'finish' of the first come before 'request' of the second
//     only when the first had trailers), then writes the 400. uvgo parses
//     on, so at the error the first response is unfinished: it only
//     closes (or, with an empty body, answers 400 alone). Without trailers
//     both behave alike. When ticks run between parser events is the read
//     loop of conn.go; the fuzzer classifies this case as known.
//   - 'clientError' for bytes behind a request without Host: Node answers
//     that request 400 and goes on parsing, so it may still emit
//     'clientError' for a later error in the same read; uvgo stops at the
//     400 (conn.go's request path).
//   - rawPacket of a QUERY request shows PATCH: llhttp 8.1 does not know
//     QUERY, so the method is rewritten in the read buffer before parsing.
//   - bytesParsed is where llhttp 8.1 or the validator stopped in the
//     read; it differs from Node's (9.3) by a few bytes for about a fifth
//     of the corpus errors (llhttp versions report positions differently;
//     for the header-size limit Node reports the end of the read).
package http
