//go:build !race

package difffuzz

const raceEnabled = false
