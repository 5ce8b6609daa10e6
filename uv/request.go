//go:build cgo

package uv

import "sync"

// Requests (uv_fs_t, uv_getaddrinfo_t) are short-lived and not handles:
// they have no slot in the loop's handle table. A pending request's Go
// callback waits in this process-wide table under an integer id, which
// is all C holds; the completion takes it out, so a stale or repeated id
// finds nothing. The table is shared by every loop, hence the mutex: it
// is touched twice per request, off the per-byte hot path.
var pending = struct {
	sync.Mutex
	next uint64
	m    map[uint64]any
}{m: map[uint64]any{}}

// addPending stores a request's callback and returns its id (never 0).
func addPending(cb any) uint64 {
	pending.Lock()
	pending.next++
	id := pending.next
	pending.m[id] = cb
	pending.Unlock()
	return id
}

// takePending removes and returns the callback stored under id, or nil.
func takePending(id uint64) any {
	pending.Lock()
	cb, ok := pending.m[id]
	if ok {
		delete(pending.m, id)
	}
	pending.Unlock()
	return cb
}
