//go:build race

package uv

// raceEnabled turns the loop-thread check on by default in -race builds.
const raceEnabled = true
