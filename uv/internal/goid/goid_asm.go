//go:build amd64 || arm64

package goid

// Supported reports whether Current is implemented on this architecture.
const Supported = true

// Current returns an identifier of the calling goroutine, unique among
// the goroutines alive: the address of its runtime descriptor.
func Current() uintptr
