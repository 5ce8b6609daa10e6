package uv

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// splitWrite's pieces cover every byte once, in order, each at most max
// bytes, with no empty segment: checked on lengths of 4 GiB and more
// without allocating them.
func TestSplitWrite(t *testing.T) {
	const gib = 1 << 30
	cases := []struct {
		name string
		lens []int
		max  int
		want int // pieces
	}{
		{"one 5 GiB buffer", []int{5*gib + 7}, maxWriteChunk, 6},
		{"exactly 4 GiB", []int{4 * gib}, maxWriteChunk, 4},
		{"mixed with empty buffers", []int{10, 0, 3*gib + 1, 0, 2 * gib, 5}, maxWriteChunk, 6},
		{"small max", []int{3, 4, 0, 5}, 4, 3},
		{"fits in one", []int{1, 2, 3}, 6, 1},
		{"nothing", []int{0, 0}, 4, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pieces := splitWrite(tc.lens, tc.max)
			require.Len(t, pieces, tc.want)
			buf, off := 0, 0 // the next byte expected: lens[buf][off]
			for k, p := range pieces {
				size := 0
				require.NotEmpty(t, p)
				for _, s := range p {
					for buf < len(tc.lens) && off == tc.lens[buf] {
						buf, off = buf+1, 0
					}
					require.Less(t, s.lo, s.hi, "no empty segment")
					require.Equal(t, buf, s.buf, "piece %d continues where the last one stopped", k)
					require.Equal(t, off, s.lo)
					require.LessOrEqual(t, s.hi, tc.lens[s.buf])
					off = s.hi
					size += s.hi - s.lo
				}
				require.LessOrEqual(t, size, tc.max)
				if k < len(pieces)-1 {
					assert.Equal(t, tc.max, size, "only the last piece is short")
				}
			}
			for buf < len(tc.lens) && off == tc.lens[buf] {
				buf, off = buf+1, 0
			}
			assert.Equal(t, len(tc.lens), buf, "every byte is in a piece")
		})
	}
}

func TestOversize(t *testing.T) {
	assert.False(t, oversize(nil))
	assert.False(t, oversize([][]byte{make([]byte, 10)}))
	mib := make([]byte, 1<<20) // the same MiB, many times: no GiB allocated
	bufs := make([][]byte, maxWriteChunk>>20)
	for i := range bufs {
		bufs[i] = mib
	}
	assert.False(t, oversize(bufs), "exactly maxWriteChunk fits")
	assert.True(t, oversize(append(bufs, mib[:1])))
}

func TestCheckDefault(t *testing.T) {
	assert.True(t, checkDefault("1"))
	assert.False(t, checkDefault("0"))
	assert.Equal(t, raceEnabled, checkDefault(""))
}
