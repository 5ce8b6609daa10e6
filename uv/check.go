//go:build cgo

package uv

/*
#include <pthread.h>
#include <stdint.h>
static uintptr_t uvgo_thread_self(void) { return (uintptr_t)pthread_self(); }
#cgo nocallback uvgo_thread_self
#cgo noescape uvgo_thread_self
*/
import "C"

import (
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/uvgo/uvgo/uv/internal/goid"
)

// checking turns on the loop-thread check of loop-only methods: on in
// -race builds, and wherever UVGO_CHECK=1; UVGO_CHECK=0 turns it off even
// in a -race build. It is read once, at init. When off, each check costs
// one load of this variable and a branch that is never taken.
var checking = checkDefault(os.Getenv("UVGO_CHECK"))

func checkDefault(env string) bool {
	switch env {
	case "1":
		return true
	case "0":
		return false
	}
	return raceEnabled
}

// Checking reports whether loop-only methods check that they are called
// on the loop's goroutine (in -race builds, or with UVGO_CHECK=1 in the
// environment). Packages built on uv can use it to skip work that only
// serves the check.
func Checking() bool { return checking }

// threadSelf identifies the calling OS thread (pthread_self): a cgo call
// that does not call back into Go, about 60 ns. It identifies the loop's
// goroutine where goid has no assembly: the loop's goroutine is locked to
// its thread while it runs, and a locked thread runs no other goroutine.
func threadSelf() uintptr { return uintptr(C.uvgo_thread_self()) }

// runner identifies the calling goroutine: goid.Current (two instructions,
// no call into C, so the check adds nothing to runtime.NumCgoCall), or
// the OS thread where goid has no assembly.
func runner() uintptr {
	if goid.Supported {
		return goid.Current()
	}
	return threadSelf()
}

// OnLoop reports whether the caller may use the loop's loop-only methods
// now: true when it runs on the goroutine running the loop (Run, RunMode,
// or the close callbacks of Close), or when the loop is not running.
//
// The loop records the identity of its goroutine when it starts running
// (the address of the runtime's goroutine descriptor, read in assembly on
// amd64 and arm64; see uv/internal/goid) and OnLoop compares the
// caller's: an atomic load and a few instructions, no call into C. On
// other architectures it compares OS threads through cgo instead, sound
// because the loop's goroutine is locked to its thread while it runs.
// OnLoop is safe for concurrent use.
func (l *Loop) OnLoop() bool {
	t := l.runner.Load()
	return t == 0 || t == runner()
}

// CheckEnabled reports whether the loop-thread check is on (Checking):
// packages that hold on to the loop through an interface (stream) ask it
// once, and skip the check entirely when it is off.
func (l *Loop) CheckEnabled() bool { return checking }

// CheckOnLoop panics, naming method and the fix (Loop.Post), when the
// check is on (see Checking) and the caller is not on the loop's
// goroutine while the loop runs. Packages built on uv call it at the top
// of their loop-only methods, with the method's name ("Socket.Write").
// When the check is off it costs a load and a branch. Safe for
// concurrent use.
func (l *Loop) CheckOnLoop(method string) {
	if checking { // inlined: all the cost when the check is off
		l.checkOnLoop(method)
	}
}

func (l *Loop) checkOnLoop(method string) {
	if !l.OnLoop() {
		panic(notOnLoop(method))
	}
}

// checkCaller is CheckOnLoop for uv's own methods: on failure, it names
// the uv method the caller called, found on the stack.
func (l *Loop) checkCaller() {
	if checking {
		l.checkCallerSlow()
	}
}

func (l *Loop) checkCallerSlow() {
	if l != nil && !l.OnLoop() {
		panic(notOnLoop(callerMethod()))
	}
}

// notOnLoop is the message of a misuse panic.
func notOnLoop(method string) string {
	return fmt.Sprintf("uv: %s called from a goroutine other than the loop's while the loop runs; "+
		"loop-only methods must run on the loop: use loop.Post(func() { ... }) to call it there", method)
}

// callerMethod names the uv method the misusing code called: the first
// exported function of package uv on the stack (unexported helpers such
// as live or newTimeout are skipped), as "Loop.NextTick".
func callerMethod() string {
	var pcs [16]uintptr
	n := runtime.Callers(3, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		name := f.Function
		if i := strings.LastIndex(name, "/"); i >= 0 {
			name = name[i+1:]
		}
		if rest, ok := strings.CutPrefix(name, "uv."); ok {
			rest = strings.ReplaceAll(rest, "[...]", "") // generic functions
			last := rest[strings.LastIndex(rest, ".")+1:]
			if last != "" && last[0] >= 'A' && last[0] <= 'Z' {
				return strings.NewReplacer("(*", "", ")", "").Replace(rest)
			}
		}
		if !more {
			return "a loop-only method"
		}
	}
}
