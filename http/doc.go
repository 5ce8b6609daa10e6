// Package http is Node 20's HTTP/1.1 server and client on libuv and
// llhttp: a client cannot tell the server from Node by the bytes it
// receives, and the client (see "The client" below) sends Node's bytes
// with Node's events. The wire parity
// suites (tests/parity/wire_test.go, wire_conn_test.go and the corpus of
// wire_corpus_test.go) send raw requests to Node running
// tests/parity/wire/app.js and to uvhttp serving the same app, and compare
// the responses byte for byte (Date masked) and whether the server closed.
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
// everything that read produced.
//
// The connection runs on uvgo's one socket layer (internal/sock), the
// same Core a net.Socket drives, as Node's _http_server.js runs on
// net.Socket. A response at the head of the queue writes into the
// socket, corked for the rest of the tick as Node's res.write() corks it;
// the corked bytes leave in one uv_try_write at the end of the tick (what
// the kernel does not take is copied to C memory and queued), and a
// response's end() uncorks at once unless pipelined responses follow it in
// the same read. So a keep-alive request costs one crossing each way, and
// a read with 16 pipelined requests one each way too: a response's bytes
// join the socket's output as soon as every response before it is
// complete, while the responses still finish one after another, in order
// (TestHelloOverTCP counts the calls into C). Writes of 4 KiB or more go
// to the kernel at once from the caller's memory, with what is corked
// before them, but count as corked until the tick ends.
//
// # Backpressure and bounded memory
//
// The socket's length is Node's socket.writableLength: corked bytes plus
// every write libuv has not completed, counted whole. res.Write returns
// what the socket's write() returns under that cork (the head and the
// chunk framing count), so a handler that honours Write and 'drain' holds
// at most the high-water mark and one chunk, whatever the client's pace;
// 'drain' comes when the socket has written everything
// (tests/parity/http/res_write_64k). A response waiting behind a
// pipelined one has no socket yet: its writes return outputSize <
// highWaterMark, and when it gets the socket it writes what it holds and
// emits the 'drain' it owes (Node's assignSocket and _flushOutput;
// tests/parity/http/pipelined_write_waiting). Reading stops when a new
// request arrives while the socket needs drain or the waiting responses
// hold the high-water mark, and starts again once both have cleared.
// Nothing is written after a response that ends the connection: the
// requests behind it are answered by handlers whose bytes never go out,
// as in Node. tests/hostile_test.go proves the bounds against the built
// binary: a slow reader of a huge stream, 500 clients resetting
// mid-response, 200,000 pipelined requests from a client that never
// reads.
//
// # Node's rules, kept
//
// Keep-alive with "Keep-Alive: timeout=5" and the socket closed 1 s after
// keepAliveTimeout; headersTimeout and requestTimeout checked every
// connectionsCheckingInterval (408); maxHeaderSize counted over URL,
// names and values (431); the 16 KiB chunk-extension limit (413); Node's
// canned replies written only when no response has started on the
// connection; pipelining with responses in order and reading paused while
// the output cannot keep up (above); server.setTimeout and req/res
// setTimeout ('timeout' on the request, the response and the server, the
// connection destroyed when nobody listens); headersTimeout counted from
// a connection's arrival, so a client that sends nothing gets 408; Expect
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
// uvgo never turns a lenient flag on; a framing validator in C
// (internal/llhttp) restores 9.3's strictness, with its state kept across
// reads (below). llhttp 8.1 does not know the QUERY method, which Node 20
// accepts: where a message starts with "QUERY ", the filter hands llhttp
// "PATCH" (same length, same body rules) and reports QUERY.
//
// # Differences from Node
//
//   - req.headers is a Go map with a separate first-occurrence order
//     (HeaderNames). Node's plain object lists integer-like names first
//     and drops a "__proto__" header; uvgo keeps arrival order and every
//     name (a Go map has no prototype).
//   - 'connection', 'clientError', 'timeout', 'upgrade' and 'connect'
//     listeners get a *net.Socket over the connection's own socket layer,
//     made when a listener first needs it (an idle connection carries no
//     stream state). While the connection is HTTP, the parser consumes its
//     reads (as in Node, the socket emits no 'data'); its writes follow
//     the output corked so far; destroying either destroys both. After an
//     upgrade the Socket owns the connection.
//   - A response's end() inside the read that carried its request (and
//     with pipelined responses behind it) flushes at the end of the tick,
//     not at once: writableLength read right after such an end() counts
//     the corked bytes, where Node's reads 0. Nothing else is observable
//     (a parse error later in that read still sends exactly what Node's
//     end() had written).
//   - Reading resumes after a pause for the output only once the socket
//     has drained; Node resumes as soon as the waiting responses hold
//     less than the mark and pauses again at the next request, so a
//     client that pipelines without reading makes it parse one more read
//     per finished response.
//
// # Threading and lifetimes
//
// A server, its connections, requests and responses belong to the loop's
// goroutine. Body chunks delivered by a request are copies that the
// handler may keep.
//
// # Object reuse
//
// Every request gets a new IncomingMessage and ServerResponse (allocated
// together, one allocation; the header array is the second), so a request
// or response that user code keeps after its 'close' (a timer, an audit
// hook, a goroutine posting back) reads its own URL, method, headers and
// status for good. What is reused is the state behind them: once a
// request and its response both ended normally and emitted 'close', their
// stream state (buffers, emitter slots, the stream implementation, bound
// to a small cell that moves with it) goes to a later request of the same
// server, and the old objects are left pointing at a destroyed stream: a
// late write errors as a finished response's does in Node, and reaches no
// other response (TestHeldObjectsStayTheirs holds a pair across 1,000
// later requests). Listeners added late go to that destroyed stream and
// never fire. Serving a keep-alive or pipelined GET allocates those two
// objects and nothing else (TestHelloAllocations, TestHelloOverTCP);
// ServerOptions.NoReuse turns the state reuse off. Exchanges cut short
// (client gone, res.Destroy, errors) never give their state away.
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
//
// # The client (client.go, clientconn.go, agent.go)
//
// Node 20's http.request, ClientRequest, Agent and the response as an
// IncomingMessage, on the server's pieces: a client connection owns a
// socket layer (internal/sock.Core) and a response parser, llhttp in
// RESPONSE mode running as the handle's read filter with the same C-side
// recorder and framing validator as requests (one Go call per read).
//
//	req, err := http.Get(loop, http.RequestOptions{Host: "127.0.0.1", Port: 8080, Path: "/hello"},
//		func(res *http.IncomingMessage) {
//			res.OnData(func(p []byte) { ... })
//			res.OnEnd(func() { ... })
//		})
//
// What the parser decides in C, because llhttp needs it before Go sees
// the response (Node decides it in parserOnIncomingClient): the answer to
// HEAD, a 304 and every 1xx but 101 have no body; the answer to CONNECT
// and a 101 with Upgrade headers end HTTP (TUpgrade, with where the rest
// of the read starts). A body without Content-Length or chunked framing
// runs to the connection's close and completes at EOF. Strictness is the
// request validator's (CRLF line ends, no obs-fold, strict chunk syntax,
// Content-Length with Transfer-Encoding refused), and llhttp 8.1's "Invalid
// response status" is reported with 9.3's "Invalid status code". Every
// response of a corpus parses alike in one read, cut at every offset and
// in one-byte reads (llhttp's TestResponseSplitEverywhere, and
// FuzzResponseSplit).
//
// Requests are written as Node writes them: the options' headers in
// order, then Host (unless set or SetHost is false), Connection
// (keep-alive when the agent can reuse the connection), then
// Content-Length (End with data and nothing written before) or
// Transfer-Encoding: chunked (writes); GET, HEAD, DELETE, OPTIONS, TRACE
// and CONNECT get no framing header. The events and their order ('socket'
// on the tick after the agent assigned a connection, 'response',
// 'information', 'continue', 'upgrade'/'connect', 'timeout', 'error',
// 'finish', 'abort', 'close'; the response's 'aborted', 'end', 'close')
// and the errors (ECONNREFUSED and the other socket errors as *uv.Error,
// ECONNRESET "socket hang up" and "aborted", HPE_* parse errors as a
// *ClientError) are Node's, checked by the parity scenarios in
// tests/parity/client, which run the same client code under Node and in
// Go against a raw server and compare the traces and the bytes the server
// received.
//
// A response's body is a Readable with Node's backpressure: when a body
// piece does not fit under its high-water mark the socket stops being
// read, and reading resumes when the body is read from. The Agent keeps
// connections per "host:port:" (maxSockets with a queue in request order,
// maxFreeSockets, maxTotalSockets, lifo or fifo reuse, the idle timeout,
// which the server's Keep-Alive: timeout=N hint shortens to N-1 seconds
// as Node 20's does; a hint of one second means the connection is not
// kept). An idle
// connection stops holding the loop open (Node unrefs its free sockets),
// is dropped when the server closes it, and is closed when the loop has
// nothing else to do (a BeforeExit hook), so that Run returns with no
// handle open, as a Node process exits with its idle sockets.
//
// Differences from Node's client, with their reasons:
//   - RequestOptions.Headers is Node's options.headers object in order (a
//     name given twice sends two lines); Node's raw array form (no Host
//     added, the head fixed at once) is not offered: a Go slice cannot
//     tell the two apart, and the object form is what most code uses.
//   - 'information' hands an *IncomingMessage (status, version, headers,
//     no body) instead of Node's plain object with the same fields.
//   - Connection errors are *uv.Error (Name "ECONNREFUSED", Syscall
//     "connect"); the message is libuv's ("connect ECONNREFUSED:
//     connection refused") without Node's address and port.
//   - The *net.Socket of 'socket' is a view of the connection's socket
//     layer, as the server's is: the HTTP connection consumes the reads,
//     so the socket emits no 'data' while it carries HTTP, and its own
//     SetTimeout does not see them; use the request's SetTimeout (or the
//     agent's Timeout), which does. After 'upgrade' or 'connect' the
//     socket owns its reads.
//   - When a host name has several addresses and one refuses, the next
//     is tried on a new handle (a refused TCP handle cannot connect
//     again); a *net.Socket handed out before that keeps the first
//     handle, so its address methods report nothing (its reads, writes
//     and destroy still reach the connection).
//   - Bytes arriving on an idle kept-alive connection destroy it: Node
//     drops them unread (its parser is detached) and may later mistake
//     what follows for the next response.
//   - 'finish' comes once the request's last bytes are in the socket's
//     output (written at the end of the tick, as Node's corked socket),
//     not from the kernel's write callback.
//   - Not implemented: socketPath, localAddress, family, lookup,
//     createConnection, auth, signal, joinDuplicateHeaders,
//     uniqueHeaders, insecureHTTPParser, maxHeadersCount, agent events
//     and its sockets/freeSockets arrays (Sockets, FreeSockets and
//     Requests return the counts per key), https.
package http
