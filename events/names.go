package events

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
)

// Names of the events the emitter itself, and uvgo's streams, sockets
// and servers, emit. Use them instead of string literals. Protocol
// events live with their protocol (http.EventRequest, ...).
const (
	NewListener         = "newListener"
	RemoveListenerEvent = "removeListener"
	ErrorEvent          = "error"

	Close      = "close"
	Data       = "data"
	End        = "end"
	Readable   = "readable"
	Pause      = "pause"
	Resume     = "resume"
	Drain      = "drain"
	Finish     = "finish"
	Prefinish  = "prefinish"
	Pipe       = "pipe"
	Unpipe     = "unpipe"
	Connect    = "connect"
	Connection = "connection"
	Listening  = "listening"
	Timeout    = "timeout"
	Lookup     = "lookup"
	Ready      = "ready"
)

// symbolPrefix marks names made by Symbol. It starts with a NUL byte, which
// no string an application uses as an event name does.
const symbolPrefix = "\x00symbol:"

var symbolSeq atomic.Uint64

// Symbol returns a new unique event name, the Go form of a JavaScript
// Symbol: it never equals another name, is listed after string names by
// EventNames, and prints as Symbol(desc) in warnings.
func Symbol(desc string) string {
	return fmt.Sprintf("%s%d:%s", symbolPrefix, symbolSeq.Add(1), desc)
}

// ErrorMonitor is the event whose listeners see every 'error' before the
// 'error' listeners do, without counting as 'error' listeners (Node's
// events.errorMonitor).
var ErrorMonitor = Symbol("events.errorMonitor")

// IsSymbol reports whether name was made by Symbol.
func IsSymbol(name string) bool { return strings.HasPrefix(name, symbolPrefix) }

// DisplayName formats an event name as JavaScript's String(name) does:
// the name itself, or Symbol(desc) for a symbol.
func DisplayName(name string) string {
	if !IsSymbol(name) {
		return name
	}
	rest := name[len(symbolPrefix):]
	if i := strings.IndexByte(rest, ':'); i >= 0 {
		rest = rest[i+1:]
	}
	return "Symbol(" + rest + ")"
}

// arrayIndex reports whether name is a canonical array index, which a
// JavaScript object lists before its other keys, in numeric order.
func arrayIndex(name string) (uint64, bool) {
	if name == "" || len(name) > 10 || (len(name) > 1 && name[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(name); i++ {
		if name[i] < '0' || name[i] > '9' {
			return 0, false
		}
	}
	v, err := strconv.ParseUint(name, 10, 64)
	if err != nil || v >= 1<<32-1 {
		return 0, false
	}
	return v, true
}

// keys lists the names present in the table in JavaScript's own-key order:
// array indexes ascending, then strings, then symbols, each in insertion
// order.
func (e *Emitter) keys() []string {
	type key struct {
		name  string
		class int
		num   uint64
		order uint64
	}
	ks := make([]key, 0, len(e.slots))
	for _, s := range e.slots {
		if !s.present {
			continue
		}
		k := key{name: s.name, class: 1, order: s.order}
		if n, ok := arrayIndex(s.name); ok {
			k.class, k.num = 0, n
		} else if IsSymbol(s.name) {
			k.class = 2
		}
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		a, b := ks[i], ks[j]
		if a.class != b.class {
			return a.class < b.class
		}
		if a.class == 0 {
			return a.num < b.num
		}
		return a.order < b.order
	})
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.name
	}
	return out
}

// EventNames lists the names that have listeners, in Node's order: names
// that are array indexes ("2" before "10") first, then other strings in
// the order they were first added, then symbols. A name whose last
// listener was removed loses its place (except on a shaped emitter).
func (e *Emitter) EventNames() []string {
	out := []string{}
	for _, n := range e.keys() {
		if e.has(n) {
			out = append(out, n)
		}
	}
	return out
}
