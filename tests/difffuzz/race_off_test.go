//go:build !race && !goexperiment.cgocheck2

package difffuzz

const skipSeeded = false
