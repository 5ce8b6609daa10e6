// Package difffuzz is a differential fuzzer of HTTP/1.1 request framing:
// it generates and mutates requests, sends each over fresh loopback
// connections to Node 20 running tests/parity/wire/app.js and to a uvhttp
// binary (./cmd/uvhttp), in one write and split in two writes at a random
// offset, and compares the sequence of response status lines and whether
// the server closed. A seeded run is part of `make test`
// (TestDiffFuzzSeeded); `make fuzz-diff DURATION=10m SEED=n` runs it as
// long as asked and writes every disagreement as a wire corpus case
// (tests/parity/wire/corpus/fuzz-*.case), which the wire suite then runs.
package difffuzz

import (
	"bytes"
	"fmt"
	"math/rand"
	"net"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Gen generates requests from a seeded source.
type Gen struct{ r *rand.Rand }

// NewGen returns a generator for seed.
func NewGen(seed int64) *Gen { return &Gen{r: rand.New(rand.NewSource(seed))} }

func (g *Gen) pick(xs ...string) string { return xs[g.r.Intn(len(xs))] }

// base builds one well-formed request (or a nearly well-formed one).
func (g *Gen) base() string {
	host := "Host: x\r\n"
	switch g.r.Intn(6) {
	case 0:
		return "GET " + g.pick("/hello", "/status/201", "/info?a=b", "/nope") + " HTTP/1.1\r\n" + host + "\r\n"
	case 1, 2:
		body := strings.Repeat(g.pick("a", "bc", "xyz"), g.r.Intn(6))
		h := "POST /echo HTTP/1.1\r\n" + host
		switch g.r.Intn(8) {
		case 0:
			h += fmt.Sprintf("Content-Length: %d\r\nContent-Length: %d\r\n", len(body), len(body)+g.r.Intn(2))
		case 1:
			h += fmt.Sprintf("Content-Length: %d\r\nTransfer-Encoding: %s\r\n", len(body), g.pick("", " ", "chunked", "identity"))
		case 2:
			h += fmt.Sprintf("Transfer-Encoding: %s\r\nContent-Length: %d\r\n", g.pick("", " ", "chunked"), len(body))
		default:
			h += fmt.Sprintf("Content-Length: %d\r\n", len(body))
		}
		return h + "\r\n" + body
	default:
		var b strings.Builder
		b.WriteString("POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: " + g.pick("chunked", "chunked", "CHUNKED", "identity, chunked", "chunked, identity") + "\r\n\r\n")
		for n := g.r.Intn(3); n > 0; n-- {
			size := 1 + g.r.Intn(12)
			b.WriteString(g.pick("", "0", "00") + fmt.Sprintf(g.pick("%x", "%X"), size))
			b.WriteString(g.pick("", "", ";a", ";a=b", ";a=b;c", `;a="b\"c"`, ";a=\"b\x7f\"", "; a=b", ";a=", ";"))
			b.WriteString("\r\n" + strings.Repeat("d", size) + "\r\n")
		}
		b.WriteString("0" + g.pick("", "", ";z") + "\r\n")
		b.WriteString(g.pick("", "", "X-T: 1\r\n", "Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n", "A: b\r\n c\r\n"))
		b.WriteString("\r\n")
		return b.String()
	}
}

var inserts = []string{"\r", "\n", " ", "\t", "\x00", "\x7f", "\x0c", "\r\n ", "\r\n\t", "\r\r", "\n\n"}

// boundaries are the offsets of token boundaries in s: around SP, HTAB,
// CR, LF, ':', ';', '=' and '"'.
func boundaries(s string) []int {
	var out []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n', ':', ';', '=', '"':
			out = append(out, i, i+1)
		}
	}
	return append(out, 0, len(s))
}

// mutate applies one framing mutation to s.
func (g *Gen) mutate(s string) string {
	switch g.r.Intn(5) {
	case 0, 1, 2: // insert a byte sequence at a token boundary
		bs := boundaries(s)
		p := bs[g.r.Intn(len(bs))]
		return s[:p] + inserts[g.r.Intn(len(inserts))] + s[p:]
	case 3: // a CRLF made a bare LF or a bare CR
		idx := []int{}
		for i := 0; i+1 < len(s); i++ {
			if s[i] == '\r' && s[i+1] == '\n' {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return s
		}
		i := idx[g.r.Intn(len(idx))]
		if g.r.Intn(2) == 0 {
			return s[:i] + s[i+1:]
		}
		return s[:i+1] + g.pick("X", "", "\r") + s[i+2:]
	default: // delete one byte at a boundary
		bs := boundaries(s)
		p := bs[g.r.Intn(len(bs))]
		if p >= len(s) {
			return s
		}
		return s[:p] + s[p+1:]
	}
}

// Case generates one fuzz case: a mutated request, maybe followed by
// pipelined requests, and the split offset for the two-write variant.
func (g *Gen) Case() (data string, split int) {
	s := g.base()
	for n := g.r.Intn(3); n > 0; n-- {
		s = g.mutate(s)
	}
	switch g.r.Intn(3) {
	case 0:
		s += "GET /status/299 HTTP/1.1\r\nHost: x\r\n\r\n"
	case 1:
		s += g.base()
	}
	return s, 1 + g.r.Intn(max(len(s)-1, 1))
}

// Result is a server's answer: the raw bytes and whether it closed.
type Result struct {
	Raw    string
	Closed bool
}

var statusRE = regexp.MustCompile(`(?:^|\r\n)HTTP/1\.[01] (\d{3}) `)
var dateRE = regexp.MustCompile(`Date: [^\r\n]*`)

// Verdict is what is compared: the status codes in order, and the close.
func (r Result) Verdict() string {
	var codes []string
	for _, m := range statusRE.FindAllStringSubmatch(r.Raw, -1) {
		codes = append(codes, m[1])
	}
	return fmt.Sprintf("%v closed=%v", codes, r.Closed)
}

// Exchange sends parts over a fresh connection to addr (a pause between
// parts makes them separate reads) and collects the answer until the
// server closes or stays quiet for quiet.
func Exchange(addr string, quiet time.Duration, parts ...string) (Result, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return Result{}, err
	}
	defer c.Close()
	var out bytes.Buffer
	var mu sync.Mutex
	done := make(chan bool, 1)
	go func() {
		buf := make([]byte, 16<<10)
		for {
			c.SetReadDeadline(time.Now().Add(quiet))
			n, err := c.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				ne, ok := err.(net.Error)
				done <- !(ok && ne.Timeout())
				return
			}
		}
	}()
	for i, p := range parts {
		if i > 0 {
			time.Sleep(20 * time.Millisecond)
		}
		if _, err := c.Write([]byte(p)); err != nil {
			break
		}
	}
	closed := <-done
	mu.Lock()
	defer mu.Unlock()
	return Result{Raw: dateRE.ReplaceAllString(out.String(), "Date: <date>"), Closed: closed}, nil
}

// Disagreement is a case where uvhttp's verdict is not Node's.
type Disagreement struct {
	// Data is the request bytes.
	Data string
	// Split is where the bytes were split into two writes (0: one write).
	Split int
	// Node and UV are the two answers compared.
	Node, UV Result
	// NodeOneRaw is Node's one-write answer, recorded in the corpus.
	NodeOneRaw Result
}

// Config of a run.
type Config struct {
	// Seed seeds the generator: the same seed generates the same cases.
	Seed int64
	// Cases stops the run after this many cases (0: no limit).
	Cases int
	// Duration stops the run after this long (0: no limit).
	Duration time.Duration
	// NodeAddr and UVAddr are the two servers (host:port).
	NodeAddr, UVAddr string
	// Quiet is how long a silent open connection is waited on before it
	// counts as kept open (default 150 ms; a disagreement is checked again
	// with 8 times as long).
	Quiet time.Duration
	// Parallel is the number of cases in flight (default 32).
	Parallel int
	// OnDisagree receives every confirmed disagreement (serialised).
	OnDisagree func(Disagreement)
}

// Run generates and checks cases; it returns how many ran.
func Run(cfg Config) (int, error) {
	if cfg.Quiet == 0 {
		cfg.Quiet = 150 * time.Millisecond
	}
	if cfg.Parallel == 0 {
		cfg.Parallel = 32
	}
	g := NewGen(cfg.Seed)
	start := time.Now()
	type job struct {
		data  string
		split int
	}
	jobs := make(chan job)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for w := 0; w < cfg.Parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := check(cfg, j.data, j.split, &mu); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	n := 0
	for {
		if cfg.Cases > 0 && n >= cfg.Cases {
			break
		}
		if cfg.Duration > 0 && time.Since(start) >= cfg.Duration {
			break
		}
		mu.Lock()
		stop := firstErr != nil
		mu.Unlock()
		if stop {
			break
		}
		d, s := g.Case()
		jobs <- job{d, s}
		n++
	}
	close(jobs)
	wg.Wait()
	return n, firstErr
}

// check runs one case; a disagreement is checked again with a long quiet
// window (a loaded machine can delay an answer past the short one) before
// it is reported.
func check(cfg Config, data string, split int, mu *sync.Mutex) error {
	d, err := compare(cfg, cfg.Quiet, data, split)
	if err != nil || d == nil {
		return err
	}
	d, err = compare(cfg, 8*cfg.Quiet, data, split)
	if err != nil || d == nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	if cfg.OnDisagree != nil {
		cfg.OnDisagree(*d)
	}
	return nil
}

func compare(cfg Config, quiet time.Duration, data string, split int) (*Disagreement, error) {
	nodeOne, err := Exchange(cfg.NodeAddr, quiet, data)
	if err != nil {
		return nil, err
	}
	uvOne, err := Exchange(cfg.UVAddr, quiet, data)
	if err != nil {
		return nil, err
	}
	if nodeOne.Verdict() != uvOne.Verdict() {
		return &Disagreement{Data: data, Node: nodeOne, UV: uvOne, NodeOneRaw: nodeOne}, nil
	}
	nodeSplit, err := Exchange(cfg.NodeAddr, quiet, data[:split], data[split:])
	if err != nil {
		return nil, err
	}
	uvSplit, err := Exchange(cfg.UVAddr, quiet, data[:split], data[split:])
	if err != nil {
		return nil, err
	}
	if nodeSplit.Verdict() != uvSplit.Verdict() {
		return &Disagreement{Data: data, Split: split, Node: nodeSplit, UV: uvSplit, NodeOneRaw: nodeOne}, nil
	}
	return nil, nil
}

// firstTrailers matches a first request whose chunked body ends with a
// trailer section, followed by another request.
var firstTrailers = regexp.MustCompile(`^(?s:.*?)\r\n0[^\r\n]*\r\n[^\r\n]+\r\n(?:[^\r\n]+\r\n)*\r\n[\r\n]*[A-Z]+ /`)

// Known returns why a disagreement is one of the known differences listed
// in http/doc.go ("" when it is not one), outside the parser: a chunked
// request with trailers followed by a pipelined request rejected in the
// same read.
func Known(d Disagreement) string {
	nv, uv := d.Node.Verdict(), d.UV.Verdict()
	// Node: [S 400]; uvhttp: [S] or [400], both closed.
	if firstTrailers.MatchString(d.Data) && strings.HasSuffix(nv, " 400] closed=true") && d.UV.Closed &&
		(uv == strings.TrimSuffix(nv, " 400] closed=true")+"] closed=true" || uv == "[400] closed=true") {
		return "a request with trailers, then a pipelined request rejected in the same read (http/doc.go)"
	}
	return ""
}
