// Package goid identifies the calling goroutine cheaply: Current returns
// the address of the runtime's descriptor (g) of the running goroutine,
// read from the thread's TLS slot (amd64) or the g register (arm64) by
// two assembly instructions, without a call into C.
//
// Why it is sound: a goroutine's descriptor is allocated once and never
// moves (its stack may move, the descriptor does not), and two goroutines
// alive at the same time never share one; a descriptor is reused only
// after its goroutine has exited. A callback from C runs on the goroutine
// that made the cgo call, so the loop's goroutine keeps its g across
// every libuv callback. uv compares Current with the value it recorded
// when the loop started; it never dereferences it.
//
// On other architectures Supported is false and uv falls back to
// comparing OS threads through cgo (pthread_self).
package goid
