//go:build cgo

package uv

// Writes of 1 GiB and more. libuv describes a buffer with an unsigned
// int length (uv_buf_init) and the C glue returns the queued size as an
// int, so a buffer of 4 GiB would be truncated and a queued size above
// 2 GiB would turn negative. Write and WriteNoCopy therefore cut such a
// write into pieces of at most maxWriteChunk bytes, queued in order as
// separate requests; only the last piece carries the caller's callback,
// and requests on a stream complete in order, so it runs when the whole
// write is done. TryWrite writes at most maxWriteChunk bytes.

// maxWriteChunk bounds the bytes handed to libuv in one write request.
// glue.c refuses more (UV_E2BIG), so no length can be truncated.
const maxWriteChunk = 1 << 30

// oversize reports whether bufs hold more than maxWriteChunk bytes.
func oversize(bufs [][]byte) bool {
	n := 0
	for _, b := range bufs {
		n += len(b)
		if n > maxWriteChunk {
			return true
		}
	}
	return false
}

// segment is bufs[buf][lo:hi], part of one piece of a split write.
type segment struct{ buf, lo, hi int }

// splitWrite cuts a write of buffers with the given lengths into pieces
// of at most max bytes each, in order, with no empty segment; every byte
// is in exactly one piece. It works on lengths only, so its logic is
// tested without allocating gigabytes.
func splitWrite(lens []int, max int) [][]segment {
	var pieces [][]segment
	var cur []segment
	room := max
	for i, n := range lens {
		for lo := 0; lo < n; {
			take := min(n-lo, room)
			cur = append(cur, segment{buf: i, lo: lo, hi: lo + take})
			lo += take
			room -= take
			if room == 0 {
				pieces = append(pieces, cur)
				cur, room = nil, max
			}
		}
	}
	if len(cur) > 0 {
		pieces = append(pieces, cur)
	}
	return pieces
}

// writeSplit writes bufs as pieces of at most maxWriteChunk bytes with
// write (Write or WriteNoCopy), in order. Once one piece is queued, libuv
// queues the later ones too (uv_try_write refuses while the write queue
// is not empty), so the write is done at once only if its last piece is.
// An error on a later piece leaves the earlier pieces queued; they go
// out, without a callback.
func (t *stream) writeSplit(bufs [][]byte, cb func(error), write func([][]byte, func(error)) (bool, error)) (bool, error) {
	lens := make([]int, len(bufs))
	for i, b := range bufs {
		lens[i] = len(b)
	}
	pieces := splitWrite(lens, maxWriteChunk)
	done := true
	for k, piece := range pieces {
		sub := make([][]byte, len(piece))
		for j, s := range piece {
			sub[j] = bufs[s.buf][s.lo:s.hi]
		}
		var pcb func(error)
		if k == len(pieces)-1 {
			pcb = cb
		}
		d, err := write(sub, pcb)
		if err != nil {
			return false, err
		}
		done = d
	}
	return done, nil
}
