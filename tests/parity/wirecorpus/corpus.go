// Package wirecorpus reads and writes the wire corpus files
// (tests/parity/wire/corpus/*.case): requests as raw bytes with the answer
// Node 20 gave, recorded by the wire corpus test (WIRE_RECORD=1), read by
// that test, by the http package's in-process split test and by the
// differential fuzzer, which appends the disagreements it finds.
package wirecorpus

// Format: cases separated by blank lines; each is lines of "key: value"
// where send and node are Go-quoted strings:
//
//	name: cr after chunk size
//	send: "POST /echo HTTP/1.1\r\n..."
//	node: "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
//	closed: true
//	error: HPE_STRICT Expected LF after chunk size
//
// node and closed are absent until recorded. A case where uvgo must
// differ from Node has a "known: <reason>" line (and the difference is
// listed in http/doc.go); the tests then check that it still differs. Date values are masked as
// "Date: <date>".

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// CorpusCase is one recorded wire case.
type CorpusCase struct {
	// Name is unique across the corpus.
	Name string
	// Send is the raw request bytes.
	Send string
	// Node is Node 20's answer to Send in one write (Date masked).
	Node string
	// Closed tells whether Node closed the connection.
	Closed bool
	// Recorded is false until Node's answer has been recorded.
	Recorded bool
	// Error is the 'clientError' Node emits for Send in one write: its
	// code and reason ("HPE_INVALID_METHOD Invalid method encountered"), or
	// "-" for none; empty when not recorded.
	Error string
	// Known is why uvgo's answer differs from Node's for this case (a
	// difference listed in http/doc.go); empty for a case that must match.
	Known string
	// File is the corpus file the case was read from.
	File string
}

// LoadCorpus reads every *.case file of dir, in name order.
func LoadCorpus(dir string) ([]CorpusCase, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.case"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []CorpusCase
	for _, f := range files {
		cs, err := ReadCorpusFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

// ReadCorpusFile parses one corpus file.
func ReadCorpusFile(path string) ([]CorpusCase, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var out []CorpusCase
	var cur *CorpusCase
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			cur = nil
			continue
		}
		k, v, ok := strings.Cut(l, ": ")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want key: value", path, line)
		}
		if cur == nil {
			out = append(out, CorpusCase{File: path})
			cur = &out[len(out)-1]
		}
		switch k {
		case "name":
			cur.Name = v
		case "send", "node":
			s, err := strconv.Unquote(v)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", path, line, err)
			}
			if k == "send" {
				cur.Send = s
			} else {
				cur.Node = s
				cur.Recorded = true
			}
		case "closed":
			cur.Closed = v == "true"
		case "known":
			cur.Known = v
		case "error":
			cur.Error = v
		default:
			return nil, fmt.Errorf("%s:%d: unknown key %q", path, line, k)
		}
	}
	return out, sc.Err()
}

// WriteCorpusFile writes cases to path, replacing it but keeping the
// comment lines it starts with.
func WriteCorpusFile(path string, cases []CorpusCase) error {
	var b strings.Builder
	if old, err := os.ReadFile(path); err == nil {
		for _, l := range strings.SplitAfter(string(old), "\n") {
			if !strings.HasPrefix(l, "#") {
				break
			}
			b.WriteString(l)
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
	}
	for i, c := range cases {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "name: %s\nsend: %s\n", c.Name, strconv.Quote(c.Send))
		if c.Recorded {
			fmt.Fprintf(&b, "node: %s\nclosed: %v\n", strconv.Quote(c.Node), c.Closed)
		}
		if c.Error != "" {
			fmt.Fprintf(&b, "error: %s\n", c.Error)
		}
		if c.Known != "" {
			fmt.Fprintf(&b, "known: %s\n", c.Known)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

var statusRE = regexp.MustCompile(`(?:^|\r\n)HTTP/1\.[01] (\d{3}) `)

// Statuses returns the status codes of the responses in a raw response
// stream, in order (a status line found inside a body would count too; the
// corpus avoids such bodies).
func Statuses(raw string) []string {
	var out []string
	for _, m := range statusRE.FindAllStringSubmatch(raw, -1) {
		out = append(out, m[1])
	}
	return out
}

// Dir returns the corpus directory, found from the current directory
// upwards (tests run in their package's directory).
func Dir() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(d, "tests", "parity", "wire", "corpus")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p, nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", fmt.Errorf("wire corpus directory not found above the current directory")
		}
		d = up
	}
}

var clientErrorRE = regexp.MustCompile(`\nclientError ([^\n]*)\n`)

// ClientErrorOf extracts the error line tests/parity/wire/clienterror.js
// writes ("-" when there is none).
func ClientErrorOf(raw string) string {
	m := clientErrorRE.FindStringSubmatch(raw)
	if m == nil {
		return "-"
	}
	return strings.TrimSpace(m[1])
}
