//go:build race

package difffuzz

// raceEnabled: the seeded run is skipped under the race detector (it
// tests two external servers; the detector only slows it down).
const raceEnabled = true
