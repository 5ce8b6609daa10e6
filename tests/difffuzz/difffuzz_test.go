package difffuzz

import (
	"flag"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/uvgo/uvgo/tests/parity/wirecorpus"

	"github.com/uvgo/uvgo/internal/testutil"
)

var (
	flagSeed     = flag.Int64("seed", 1, "generator seed")
	flagCases    = flag.Int("cases", 3000, "cases to run (0: until -duration)")
	flagDuration = flag.Duration("duration", 0, "run for this long (with -cases=0)")
	flagWrite    = flag.Bool("write", false, "write disagreements as wire corpus cases")
)

// TestDiffFuzz runs the differential fuzzer against Node 20 and uvhttp:
// by default a seeded run of 3000 cases (part of `make test`, skipped
// under the race detector and cgocheck2); `make fuzz-diff` passes -duration, -seed and
// -write. Any disagreement fails the test.
func TestDiffFuzz(t *testing.T) {
	if skipSeeded {
		t.Skip("the differential fuzzer runs in the plain (non-race, non-cgocheck2) pass of make test")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("the differential fuzzer needs Node 20 on PATH (node not found): %v", err)
	}
	bin := filepath.Join(t.TempDir(), "uvhttp")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/uvhttp").CombinedOutput(); err != nil {
		t.Fatalf("build uvhttp: %v\n%s", err, out)
	}
	nodeAddr := testutil.StartServer(t, node, "../parity/wire/app.js", "0")
	uvAddr := testutil.StartServer(t, bin, "-listen", "127.0.0.1:0", "-quiet")
	var found []Disagreement
	cfg := Config{Seed: *flagSeed, Cases: *flagCases, Duration: *flagDuration, NodeAddr: nodeAddr, UVAddr: uvAddr,
		OnDisagree: func(d Disagreement) { found = append(found, d) }}
	if cfg.Duration > 0 {
		cfg.Cases = 0
	}
	start := time.Now()
	n, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var known []Disagreement
	unknown := found[:0]
	for _, d := range found {
		if Known(d) != "" {
			known = append(known, d)
		} else {
			unknown = append(unknown, d)
		}
	}
	found = unknown
	t.Logf("seed %d: %d cases in %v, %d disagreements, %d known differences", cfg.Seed, n, time.Since(start).Round(time.Millisecond), len(found), len(known))
	for _, d := range known {
		t.Logf("known difference (%s): %q", Known(d), d.Data)
	}
	for i, d := range found {
		if i < 20 {
			t.Errorf("disagreement (split %d): %q\nnode:   %s %q\nuvhttp: %s %q", d.Split, d.Data, d.Node.Verdict(), d.Node.Raw, d.UV.Verdict(), d.UV.Raw)
		}
	}
	if *flagWrite && len(found) > 0 {
		dir, err := wirecorpus.Dir()
		if err != nil {
			t.Fatal(err)
		}
		var cs []wirecorpus.CorpusCase
		for i, d := range found {
			cs = append(cs, wirecorpus.CorpusCase{Name: fmt.Sprintf("fuzz seed %d #%d", cfg.Seed, i), Send: d.Data,
				Node: d.NodeOneRaw.Raw, Closed: d.NodeOneRaw.Closed, Recorded: true})
		}
		path := filepath.Join(dir, fmt.Sprintf("fuzz-seed%d-%s.case", cfg.Seed, time.Now().UTC().Format("20060102T150405")))
		if err := wirecorpus.WriteCorpusFile(path, cs); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d cases to %s", len(cs), path)
	}
}
