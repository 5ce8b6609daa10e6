package events

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/uvgo/uvgo/internal/nodeerr"
)

// UnhandledError is what Emit panics with when 'error' is emitted with no
// listener and a value that is not an error (Node's ERR_UNHANDLED_ERROR).
// Context is that value; HasContext is false when no argument was given
// at all (JavaScript's undefined).
type UnhandledError struct {
	Context    any
	HasContext bool
}

// Code returns Node's error code, ERR_UNHANDLED_ERROR.
func (u *UnhandledError) Code() string { return "ERR_UNHANDLED_ERROR" }

// Error returns Node's message: "Unhandled error. ('boom')", with the value
// formatted as Node's util.inspect formats simple values.
func (u *UnhandledError) Error() string {
	if !u.HasContext {
		return "Unhandled error. (undefined)"
	}
	return "Unhandled error. (" + Inspect(u.Context) + ")"
}

// ErrOutOfRange is the sentinel for a negative listener limit (Node's
// ERR_OUT_OF_RANGE); errors.Is matches every such error.
var ErrOutOfRange = nodeerr.NewKind("RangeError", "ERR_OUT_OF_RANGE", "out of range")

func outOfRange(what string, n int) error {
	return nodeerr.NewKind("RangeError", "ERR_OUT_OF_RANGE",
		fmt.Sprintf("The value of %q is out of range. It must be >= 0. Received %d", what, n))
}

// Inspect formats a value the way Node's util.inspect prints simple
// values: strings quoted ('boom', or "it's"), nil as null, slices as
// [ 1, 2 ], maps as { a: 1 } (keys sorted: Go maps have no order), and
// anything else with fmt's %v.
func Inspect(v any) string {
	if v == nil {
		return "null"
	}
	switch x := v.(type) {
	case string:
		return quoteJS(x)
	case float64:
		return formatFloat(x)
	case float32:
		return formatFloat(float64(x))
	case error:
		return x.Error()
	case fmt.Stringer:
		return x.String()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return "null"
		}
		if rv.Len() == 0 {
			return "[]"
		}
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = Inspect(rv.Index(i).Interface())
		}
		return "[ " + strings.Join(parts, ", ") + " ]"
	case reflect.Map:
		if rv.Len() == 0 {
			return "{}"
		}
		keys := rv.MapKeys()
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = inspectKey(fmt.Sprint(k.Interface())) + ": " + Inspect(rv.MapIndex(k).Interface())
		}
		sort.Strings(parts)
		return "{ " + strings.Join(parts, ", ") + " }"
	case reflect.Pointer:
		if rv.IsNil() {
			return "null"
		}
	}
	return fmt.Sprintf("%v", v)
}

func inspectKey(k string) string {
	for i, r := range k {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return quoteJS(k)
		}
	}
	if k == "" {
		return "''"
	}
	return k
}

func quoteJS(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 {
		switch {
		case strings.IndexByte(s, '"') < 0:
			q = '"'
		case strings.IndexByte(s, '`') < 0:
			q = '`'
		}
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
