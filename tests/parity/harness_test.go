package parity

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uvgo/uvgo/uv"
)

// P is what a Go scenario writes its trace to, with a loop if it needs one.
type P struct {
	t    *testing.T
	mu   sync.Mutex
	out  []string
	loop *uv.Loop
}

// Log appends one trace line, formatted like console.log's simple cases.
func (p *P) Log(args ...any) {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = fmt.Sprint(a)
	}
	p.mu.Lock()
	p.out = append(p.out, strings.Join(parts, " "))
	p.mu.Unlock()
}

// Logf appends one formatted trace line.
func (p *P) Logf(format string, args ...any) {
	p.mu.Lock()
	p.out = append(p.out, fmt.Sprintf(format, args...))
	p.mu.Unlock()
}

// Loop returns the scenario's loop, creating it on first use.
func (p *P) Loop() *uv.Loop {
	if p.loop == nil {
		l, err := uv.New()
		if err != nil {
			p.t.Fatalf("uv.New: %v", err)
		}
		p.loop = l
	}
	return p.loop
}

// Run runs the scenario's loop to the end, like Node's process after the
// main script, with a deadline.
func (p *P) Run() {
	l := p.Loop()
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			l.Post(func() { p.Log("TIMEOUT: live handles", l.LiveHandles()); l.Stop() })
		}
	}()
	if err := l.Run(); err != nil {
		p.t.Fatalf("Run: %v", err)
	}
	close(done)
}

var (
	scenarios = map[string]func(*P){}
)

// register adds the Go side of the scenario stored at name + ".js".
func register(name string, fn func(*P)) {
	if _, dup := scenarios[name]; dup {
		panic("duplicate scenario " + name)
	}
	scenarios[name] = fn
}

func nodePath(t *testing.T) string {
	path, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("the parity suite needs Node 20 on PATH (node not found): %v", err)
	}
	return path
}

func TestNodeVersion(t *testing.T) {
	out, err := exec.Command(nodePath(t), "--version").Output()
	if err != nil {
		t.Fatalf("node --version: %v", err)
	}
	if !strings.HasPrefix(string(out), "v20.") {
		t.Fatalf("the parity suite is written against Node 20, found %s", out)
	}
}

// TestParity runs every scenario: the JS file under node and the Go
// function, and compares their traces.
func TestParity(t *testing.T) {
	node := nodePath(t)
	files, err := filepath.Glob("*/*.js")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "_") || strings.HasPrefix(filepath.ToSlash(f), "wire/") {
			continue // shared helpers and the wire app (wire_test.go), not scenarios
		}
		name := strings.TrimSuffix(filepath.ToSlash(f), ".js")
		seen[name] = true
		fn := scenarios[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if fn == nil {
				t.Fatalf("%s has no Go counterpart: register(%q, ...)", f, name)
			}
			want := runNode(t, node, f)
			got := runGo(t, fn)
			compareTraces(t, want, got)
		})
	}
	var orphans []string
	for name := range scenarios {
		if !seen[name] {
			orphans = append(orphans, name)
		}
	}
	sort.Strings(orphans)
	if len(orphans) > 0 {
		t.Errorf("Go scenarios without a JS file: %v", orphans)
	}
}

func runNode(t *testing.T, node, file string) []string {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(os.Environ(), "NODE_NO_WARNINGS=")
	err := cmd.Run()
	lines := splitLines(stdout.String())
	if err != nil {
		// A scenario may end the way Node crashes; its trace says so.
		lines = append(lines, fmt.Sprintf("EXIT %d", cmd.ProcessState.ExitCode()))
	}
	return lines
}

func runGo(t *testing.T, fn func(*P)) (lines []string) {
	p := &P{t: t}
	defer func() {
		if p.loop != nil {
			if err := p.loop.Close(); err != nil {
				t.Errorf("scenario leaked: %v", err)
			}
		}
	}()
	func() {
		defer func() {
			if r := recover(); r != nil {
				p.Log("EXIT 1")
				if _, ok := r.(*uv.UncaughtError); !ok {
					p.Log(fmt.Sprintf("(go panic: %v)", r))
				}
			}
		}()
		fn(p)
	}()
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.out...)
}

func splitLines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func compareTraces(t *testing.T, want, got []string) {
	t.Helper()
	n := max(len(want), len(got))
	first := -1
	for i := range n {
		if i >= len(want) || i >= len(got) || want[i] != got[i] {
			first = i
			break
		}
	}
	if first < 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "traces differ at line %d (node | go):\n", first+1)
	for i := range n {
		w, g := "", ""
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		mark := "  "
		if w != g || i >= len(want) || i >= len(got) {
			mark = "!!"
		}
		fmt.Fprintf(&b, "%s %3d  %-40s | %s\n", mark, i+1, w, g)
	}
	t.Error(b.String())
}
