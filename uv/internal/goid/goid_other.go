//go:build !amd64 && !arm64

package goid

// Supported reports whether Current is implemented on this architecture.
const Supported = false

// Current returns 0 where Supported is false.
func Current() uintptr { return 0 }
