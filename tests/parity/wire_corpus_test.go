package parity

import (
	"os"
	"sync"
	"testing"

	"github.com/uvgo/uvgo/tests/parity/wirecorpus"
)

// TestWireCorpus runs every recorded wire case (wire/corpus/*.case) live
// against Node (wire/app.js) and uvhttp, in one write and split in two
// writes at the middle, and compares the responses byte for byte (Date
// masked) and whether the server closed. The recorded answer, and the
// 'clientError' Node emits (wire/clienterror.js), must still be Node's. WIRE_RECORD=1 records Node's answers into the files instead
// (for new cases and after a Node update). The in-process test of the http
// package checks the same cases split at every byte offset.
func TestWireCorpus(t *testing.T) {
	dir, err := wirecorpus.Dir()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := wirecorpus.LoadCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no wire corpus cases in " + dir)
	}
	record := os.Getenv("WIRE_RECORD") == "1"
	node := startServer(t, nodePath(t), "wire/app.js", "0")
	uvh := startServer(t, buildUVHTTP(t), "-listen", "127.0.0.1:0", "-quiet")
	nodeErr := startServer(t, nodePath(t), "wire/clienterror.js", "0")
	type result struct {
		node1, uv1, node2, uv2, nodeErr wireResult
		err                             error
	}
	results := make([]result, len(cases))
	sem := make(chan struct{}, 24)
	var wg sync.WaitGroup
	for i, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			one := wireCase{name: c.Name, parts: []string{c.Send}}
			half := len(c.Send) / 2
			split := wireCase{name: c.Name, parts: []string{c.Send[:half], c.Send[half:]}}
			r := &results[i]
			for _, x := range []struct {
				addr string
				c    wireCase
				out  *wireResult
			}{{node.addr, one, &r.node1}, {uvh.addr, one, &r.uv1}, {node.addr, split, &r.node2}, {uvh.addr, split, &r.uv2}, {nodeErr.addr, one, &r.nodeErr}} {
				if r.err != nil {
					return
				}
				*x.out, r.err = exchange(x.addr, x.c)
			}
		}()
	}
	wg.Wait()
	if record {
		byFile := map[string][]wirecorpus.CorpusCase{}
		var order []string
		for i, c := range cases {
			if results[i].err != nil {
				t.Fatal(results[i].err)
			}
			c.Node, c.Closed, c.Recorded = results[i].node1.data, results[i].node1.closed, true
			c.Error = wirecorpus.ClientErrorOf(results[i].nodeErr.data)
			if _, ok := byFile[c.File]; !ok {
				order = append(order, c.File)
			}
			byFile[c.File] = append(byFile[c.File], c)
		}
		for _, f := range order {
			if err := wirecorpus.WriteCorpusFile(f, byFile[f]); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("recorded %d cases", len(cases))
		return
	}
	seen := map[string]bool{}
	for i, c := range cases {
		r := results[i]
		t.Run(c.Name, func(t *testing.T) {
			if seen[c.Name] {
				t.Fatalf("duplicate case name %q", c.Name)
			}
			seen[c.Name] = true
			if r.err != nil {
				t.Fatal(r.err)
			}
			if !c.Recorded {
				t.Fatalf("%s: case not recorded: run WIRE_RECORD=1 go test ./tests/parity -run TestWireCorpus", c.File)
			}
			rec := wireResult{data: c.Node, closed: c.Closed}
			if rec != r.node1 {
				t.Errorf("Node's answer changed since it was recorded (WIRE_RECORD=1 rerecords)\nrecorded (closed=%v): %q\nnode     (closed=%v): %q", rec.closed, rec.data, r.node1.closed, r.node1.data)
			}
			if c.Known != "" {
				if r.uv1 == r.node1 && r.uv2 == r.node2 {
					t.Errorf("listed as a known difference (%s) but uvhttp now answers as Node: remove the known line", c.Known)
				}
				t.Logf("known difference: %s", c.Known)
				return
			}
			if e := wirecorpus.ClientErrorOf(r.nodeErr.data); c.Error != e {
				t.Errorf("Node's clientError changed since it was recorded (WIRE_RECORD=1 rerecords): recorded %q, now %q", c.Error, e)
			}
			if r.uv1 != r.node1 {
				t.Errorf("one write %q\nnode   (closed=%v): %q\nuvhttp (closed=%v): %q", c.Send, r.node1.closed, r.node1.data, r.uv1.closed, r.uv1.data)
			}
			if r.uv2 != r.node2 {
				h := len(c.Send) / 2
				t.Errorf("split %q | %q\nnode   (closed=%v): %q\nuvhttp (closed=%v): %q", c.Send[:h], c.Send[h:], r.node2.closed, r.node2.data, r.uv2.closed, r.uv2.data)
			}
		})
	}
}
