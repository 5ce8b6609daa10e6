// Package parity is uvgo's Node parity suite. A scenario is written twice:
// once in JavaScript (a file under this folder, run with Node 20) and once
// in Go (a function registered under the same name). Both print one event
// per line; the test runs node on the JS file, runs the Go function, and
// compares the two traces line by line, with a side-by-side diff on
// failure.
//
// Node must be installed: the suite fails, loudly, without it.
package parity
