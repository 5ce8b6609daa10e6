package stream_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/uvgo/uvgo/internal/fakeloop"
	"github.com/uvgo/uvgo/stream"
)

// The emitter's registration hooks are the stream's business: they must
// not be callable on the exported types (issue 10 item 5: a plain
// Writable's ListenerAdded("data") used to panic).
func TestHooksNotExported(t *testing.T) {
	l := fakeloop.New()
	for _, v := range []any{
		stream.NewWritable(l, stream.WritableOptions{}),
		stream.NewReadable(l, stream.ReadableOptions{}),
		stream.NewDuplex(l, stream.DuplexOptions{}),
		stream.NewPassThrough(l, stream.DuplexOptions{}),
	} {
		typ := reflect.TypeOf(v)
		for _, m := range []string{"ListenerAdded", "ListenerRemoved", "AllListenersRemoved"} {
			_, ok := typ.MethodByName(m)
			assert.False(t, ok, "%v has %s", typ, m)
		}
	}
}
