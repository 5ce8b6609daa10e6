package goid

import (
	"runtime"
	"sync"
	"testing"
)

func TestCurrent(t *testing.T) {
	if !Supported {
		t.Skip("no assembly for " + runtime.GOARCH)
	}
	me := Current()
	if me == 0 {
		t.Fatal("Current returned 0")
	}
	runtime.Gosched()
	if Current() != me {
		t.Fatal("a goroutine's identifier changed across a reschedule")
	}
	// Goroutines alive at the same time get distinct identifiers, and
	// each keeps its own while the others run.
	const n = 8
	ids := make([]uintptr, n)
	var started, check sync.WaitGroup
	started.Add(n)
	check.Add(n)
	release := make(chan struct{})
	bad := make(chan int, n)
	for i := range n {
		go func() {
			defer check.Done()
			ids[i] = Current()
			started.Done()
			<-release
			grow(64) // move the stack: the descriptor stays
			if Current() != ids[i] {
				bad <- i
			}
		}()
	}
	started.Wait()
	seen := map[uintptr]bool{me: true}
	for i, id := range ids {
		if seen[id] {
			t.Fatalf("goroutine %d shares an identifier", i)
		}
		seen[id] = true
	}
	close(release)
	check.Wait()
	close(bad)
	for i := range bad {
		t.Errorf("goroutine %d saw its identifier change", i)
	}
}

//go:noinline
func grow(n int) int {
	var pad [1024]byte
	if n == 0 {
		return int(pad[0])
	}
	return grow(n-1) + int(pad[n%len(pad)])
}

func BenchmarkCurrent(b *testing.B) {
	var s uintptr
	for range b.N {
		s += Current()
	}
	_ = s
}
