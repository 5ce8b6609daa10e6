//go:build race || goexperiment.cgocheck2

package difffuzz

// skipSeeded: the seeded run belongs to the plain pass of make test; the
// race and cgocheck2 passes skip it (it tests two external servers, which
// those modes only slow down).
const skipSeeded = true
