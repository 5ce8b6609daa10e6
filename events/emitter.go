package events

import (
	"slices"
	"sync/atomic"
	"unsafe"
)

// Emitter is Node's EventEmitter: named events delivered synchronously to
// listeners, in registration order. Every stream, socket, server and
// request of uvgo is one.
//
// The zero value is ready to use. An Emitter is not safe for concurrent
// use: like every object on a uv loop it belongs to the loop's goroutine.
type Emitter struct {
	slots    []*slot
	index    map[string]*slot // built once there are many names
	count    int              // names with at least one listener
	seq      uint64           // next insertion order
	max      int
	maxSet   bool
	shape    bool  // Node's shape mode: streams keep their predeclared keys
	nshape   uint8 // the predeclared slots, first in slots (kept by reset)
	nl, rl   *slot // the 'newListener' and 'removeListener' slots, once created
	typeName string
	sched    Scheduler
	hooks    Hooks
	spare    *onceAlloc // the last once-registration that fired (addOnce)
}

// Hooks let a type built on an Emitter react to registrations, the way
// Node's Readable overrides on() and removeListener(): ListenerAdded runs
// after a listener was added, ListenerRemoved after RemoveListener
// (whether or not anything matched), AllListenersRemoved after
// RemoveAllListeners (all is true when called with no names). An
// interface, so a stream installs itself with no allocation.
type Hooks interface {
	ListenerAdded(name string)
	ListenerRemoved(name string)
	AllListenersRemoved(name string, all bool)
}

// slot is one event name's listener list. The list is copy-on-write
// while an emit of two or more listeners is walking it (Node's snapshot
// rule), so a steady-state emit neither copies nor allocates.
type slot struct {
	name     string
	ls       []*Listener
	order    uint64 // insertion order, for EventNames
	emitting int32  // emits walking ls
	shared   bool   // ls may be held by an emit: copy before changing
	warned   bool   // max-listeners warning given for this list
	present  bool   // the key exists in Node's table
}

// Scheduler is what an emitter (and the helpers in this package) need
// from an event loop. *uv.Loop implements it. Without one, warnings are
// delivered synchronously and OnceWithError calls back synchronously.
type Scheduler interface {
	NextTick(fn func())
	QueueMicrotask(fn func())
}

// Options configure an emitter made by NewWithOptions or Init.
type Options struct {
	// TypeName names the emitter's type in warnings ("[EventEmitter]" by
	// default), like a JavaScript constructor name.
	TypeName string
	// Scheduler, if set, delivers warnings on the next tick as Node does.
	Scheduler Scheduler
	// Shape predeclares event names, in this order, as Node's streams do
	// (shape mode): they keep these positions in EventNames, and removing
	// the only listener of any event emits no 'removeListener'.
	Shape []string
}

// New returns an empty emitter.
func New() *Emitter { return &Emitter{} }

// NewWithOptions returns an emitter configured by o.
func NewWithOptions(o Options) *Emitter {
	e := &Emitter{}
	e.Init(o)
	return e
}

// Init configures a zero Emitter (one embedded in another type). Call it
// before the emitter is used.
func (e *Emitter) Init(o Options) {
	e.typeName = o.TypeName
	e.sched = o.Scheduler
	if len(o.Shape) > 0 {
		e.shape = true
		e.nshape = uint8(min(len(o.Shape), 255))
		// One allocation for the predeclared slots and the table (streams
		// are created per request on the HTTP hot path).
		var block []slot
		block, e.slots = shapeAlloc(len(o.Shape))
		for i, n := range o.Shape {
			s := &block[i]
			s.name = n
			s.present = true
			s.order = e.seq
			e.seq++
			e.slots = append(e.slots, s)
			switch n {
			case NewListener:
				e.nl = s
			case RemoveListenerEvent:
				e.rl = s
			}
		}
	}
}

// shapeBlock5 and shapeBlock8 hold a shape's slots and the emitter's
// slot table (with room for two more events) in one allocation, for the
// stream shapes (5 events for a Readable or Writable, 8 for a Duplex).
type shapeBlock5 struct {
	slots [5]slot
	table [7]*slot
}

type shapeBlock8 struct {
	slots [8]slot
	table [10]*slot
}

func shapeAlloc(n int) ([]slot, []*slot) {
	switch {
	case n <= 5:
		b := new(shapeBlock5)
		return b.slots[:n], b.table[:0]
	case n <= 8:
		b := new(shapeBlock8)
		return b.slots[:n], b.table[:0]
	}
	return make([]slot, n), make([]*slot, 0, n+2)
}

// SetHooks installs registration hooks (see Hooks); nil removes them.
func (e *Emitter) SetHooks(h Hooks) { e.hooks = h }

// SetScheduler sets the loop the emitter schedules its deferred work on.
func (e *Emitter) SetScheduler(s Scheduler) { e.sched = s }

var defaultMax atomic.Int64

func init() { defaultMax.Store(10) }

// DefaultMaxListeners returns the process-wide default limit (Node's
// EventEmitter.defaultMaxListeners), 10 unless changed.
func DefaultMaxListeners() int { return int(defaultMax.Load()) }

// SetDefaultMaxListeners changes the process-wide default limit; 0 means
// unlimited. A negative n returns ErrOutOfRange. Safe for concurrent use.
func SetDefaultMaxListeners(n int) error {
	if n < 0 {
		return outOfRange("defaultMaxListeners", n)
	}
	defaultMax.Store(int64(n))
	return nil
}

// SetMaxListeners sets this emitter's limit; 0 means unlimited. A negative
// n returns ErrOutOfRange and changes nothing.
func (e *Emitter) SetMaxListeners(n int) error {
	if n < 0 {
		return outOfRange("setMaxListeners", n)
	}
	e.max, e.maxSet = n, true
	return nil
}

// GetMaxListeners returns this emitter's limit, or the current default.
func (e *Emitter) GetMaxListeners() int {
	if e.maxSet {
		return e.max
	}
	return DefaultMaxListeners()
}

// find returns the slot for name, or nil.
func (e *Emitter) find(name string) *slot {
	if e.index != nil {
		return e.index[name]
	}
	for _, s := range e.slots {
		if s.name == name {
			return s
		}
	}
	return nil
}

const indexAt = 8

func (e *Emitter) create(name string) *slot {
	s := &slot{name: name}
	switch name {
	case NewListener:
		e.nl = s
	case RemoveListenerEvent:
		e.rl = s
	}
	e.slots = append(e.slots, s)
	if e.index != nil {
		e.index[name] = s
	} else if len(e.slots) > indexAt {
		e.index = make(map[string]*slot, len(e.slots))
		for _, x := range e.slots {
			e.index[x.name] = x
		}
	}
	return s
}

// has reports whether name has at least one listener.
func (e *Emitter) has(name string) bool {
	s := e.find(name)
	return s != nil && len(s.ls) > 0
}

// writable returns s.ls ready to be changed in place: copied first if an
// emit may be walking it.
func (s *slot) writable() {
	if s.shared {
		s.ls = slices.Clone(s.ls)
		s.shared = false
	}
}

// add is Node's _addListener, followed by the Added hook.
func (e *Emitter) add(name string, l *Listener, prepend bool) {
	e.insert(name, l, prepend)
	if e.hooks != nil {
		e.hooks.ListenerAdded(name)
	}
}

func (e *Emitter) insert(name string, l *Listener, prepend bool) {
	if l.name == "" {
		l.name = name
	}
	if e.nl != nil && len(e.nl.ls) > 0 {
		Emit2(e, NewListener, name, l.Original())
	}
	s := e.find(name)
	if s == nil {
		s = e.create(name)
	}
	if len(s.ls) == 0 {
		if !s.present {
			s.present = true
			s.order = e.seq
			e.seq++
		}
		e.count++
		if s.shared {
			s.ls, s.shared = nil, false
		}
		s.ls = append(s.ls[:0], l)
		return
	}
	s.writable()
	if prepend {
		s.ls = append(s.ls, nil)
		copy(s.ls[1:], s.ls)
		s.ls[0] = l
	} else {
		s.ls = append(s.ls, l)
	}
	if m := e.GetMaxListeners(); m > 0 && len(s.ls) > m && !s.warned {
		s.warned = true
		e.warnMaxListeners(name, len(s.ls), m)
	}
}

func (e *Emitter) wrapOnce(l *Listener) *Listener {
	return &Listener{orig: l, fn: e}
}

// AddListener registers l for name (Node's on/addListener with an
// existing function). 'newListener' is emitted first.
func (e *Emitter) AddListener(name string, l *Listener) { e.add(name, l, false) }

// PrependListener registers l at the front of name's list.
func (e *Emitter) PrependListener(name string, l *Listener) { e.add(name, l, true) }

// OnceListener registers l to run once for name, through a once-wrapper:
// the wrapper removes itself before l runs.
func (e *Emitter) OnceListener(name string, l *Listener) {
	w := e.wrapOnce(l)
	w.name = name
	if l.name == "" {
		l.name = name
	}
	e.add(name, w, false)
}

// PrependOnceListener is OnceListener at the front of name's list.
func (e *Emitter) PrependOnceListener(name string, l *Listener) {
	w := e.wrapOnce(l)
	w.name = name
	if l.name == "" {
		l.name = name
	}
	e.add(name, w, true)
}

// On registers fn for name and returns its Listener, with which Off
// removes it. fn receives the emit's arguments as given.
func (e *Emitter) On(name string, fn func(args ...any)) *Listener {
	l := Func(fn)
	e.add(name, l, false)
	return l
}

// Once registers fn to run once for name.
func (e *Emitter) Once(name string, fn func(args ...any)) *Listener {
	return e.addOnce(name, fn, false)
}

// onceAlloc puts a listener and its once-wrapper in one allocation.
type onceAlloc struct{ w, l Listener }

// addOnce registers a once-wrapper for fn. Registering again, once, the
// function whose once-registration for the same event fired last reuses that registration (a producer that waits
// for 'drain' with once, over and over, allocates nothing): the listener
// returned is the same as the first time, as Node's once(name, fn) would
// be known by the same fn, and Off with it removes the registration
// either way.
func (e *Emitter) addOnce(name string, fn any, prepend bool) *Listener {
	a := e.spare
	if a != nil && a.l.name == name && sameAny(a.l.fn, fn) {
		e.spare = nil
		a.w.fired = false
	} else {
		a = &onceAlloc{}
		a.l = Listener{name: name, fn: fn}
		a.w = Listener{name: name, orig: &a.l, fn: e, pooled: true}
	}
	e.add(name, &a.w, prepend)
	return &a.l
}

// sameAny reports whether a and b hold the same func value (the same
// closure), without calling reflect.
func sameAny(a, b any) bool {
	return *(*[2]unsafe.Pointer)(unsafe.Pointer(&a)) == *(*[2]unsafe.Pointer)(unsafe.Pointer(&b))
}

// fired notes a once-wrapper that just fired (removed, before its
// listener runs): one that nobody else holds may serve the next
// registration of the same function (addOnce). Nobody else holds it when
// RawListeners never handed it out and no emit of its event is walking a
// snapshot of the listeners (iterating is 0: the wrapper fired from an
// emit with a single listener): an outer emit's snapshot could still
// reach it, and must find it fired, as Node's finds its old wrapper.
func (e *Emitter) fired(l *Listener, iterating int32) {
	l.fired = true
	if l.pooled && !l.exposed && iterating == 0 {
		e.spare = (*onceAlloc)(unsafe.Pointer(l)) // l is the wrapper, the first field
	}
}

// Prepend registers fn at the front of name's list.
func (e *Emitter) Prepend(name string, fn func(args ...any)) *Listener {
	l := Func(fn)
	e.add(name, l, true)
	return l
}

// PrependOnce registers fn at the front of name's list, to run once.
func (e *Emitter) PrependOnce(name string, fn func(args ...any)) *Listener {
	return e.addOnce(name, fn, true)
}

// Off removes the most recent registration of l for the event it was
// registered for (see RemoveListener). Off(nil) does nothing.
func (e *Emitter) Off(l *Listener) {
	if l != nil {
		e.RemoveListener(l.name, l)
	}
}

// RemoveListener is Node's removeListener: it removes the most recent
// registration of name that is l or a once-wrapper of l, then emits
// 'removeListener'. Nothing happens if there is no such registration.
func (e *Emitter) RemoveListener(name string, l *Listener) {
	if s := e.find(name); s != nil && l != nil {
		e.removeFrom(s, name, l)
	}
	e.removed(name)
}

func (e *Emitter) removed(name string) {
	if e.hooks != nil {
		e.hooks.ListenerRemoved(name)
	}
}

func (e *Emitter) removeFrom(s *slot, name string, l *Listener) {
	if len(s.ls) == 0 {
		return
	}
	if len(s.ls) == 1 {
		only := s.ls[0]
		if only != l && only.orig != l {
			return
		}
		s.clear()
		e.count--
		if e.shape {
			return
		}
		s.present = false
		if e.count == 0 {
			e.reset()
			return
		}
		if e.rl != nil && len(e.rl.ls) > 0 {
			Emit2(e, RemoveListenerEvent, name, only.Original())
		}
		return
	}
	pos := -1
	for i := len(s.ls) - 1; i >= 0; i-- {
		if s.ls[i] == l || s.ls[i].orig == l {
			pos = i
			break
		}
	}
	if pos < 0 {
		return
	}
	s.writable()
	copy(s.ls[pos:], s.ls[pos+1:])
	s.ls[len(s.ls)-1] = nil
	s.ls = s.ls[:len(s.ls)-1]
	if len(s.ls) == 1 {
		s.warned = false
	}
	if e.rl != nil && len(e.rl.ls) > 0 {
		Emit2(e, RemoveListenerEvent, name, l)
	}
}

// clear empties s, keeping its array for the next listener unless an
// emit may still be walking it.
func (s *slot) clear() {
	switch {
	case s.shared:
		s.ls, s.shared = nil, false
	case len(s.ls) == 1:
		s.ls[0] = nil
		s.ls = s.ls[:0]
	case len(s.ls) > 1:
		clear(s.ls)
		s.ls = s.ls[:0]
	}
	s.warned = false
}

// maxIdleSlots bounds the empty slots a reset keeps for reuse.
const maxIdleSlots = 32

// reset empties the table (Node assigns a fresh object): every name
// loses its place, and shape mode ends.
func (e *Emitter) reset() {
	busy := false
	for _, s := range e.slots {
		if len(s.ls) > 0 {
			s.clear()
		}
		s.present = false
		if s.emitting > 0 {
			busy = true
		}
	}
	e.count = 0
	e.shape = false
	if !busy && len(e.slots) > maxIdleSlots {
		e.truncate()
	}
}

// truncate drops the slots after the predeclared ones (which stay first,
// for Reset).
func (e *Emitter) truncate() {
	n := int(e.nshape)
	clear(e.slots[n:])
	e.slots = e.slots[:n]
	e.index = nil
	e.nl, e.rl = nil, nil
	for _, s := range e.slots {
		switch s.name {
		case NewListener:
			e.nl = s
		case RemoveListenerEvent:
			e.rl = s
		}
	}
}

// Reset returns e to the state Init left it in, keeping its memory: every
// listener is dropped (no 'removeListener' is emitted), the predeclared
// names of a shaped emitter take their places again, and the
// max-listeners limit goes back to the default. The type name, scheduler
// and hooks stay. It is for object pools (uvgo's HTTP server reuses its
// request and response objects); it must not be called during an emit of
// e, and a Listener registered before it must not be removed after it.
func Reset(e *Emitter) {
	n := int(e.nshape)
	for i, s := range e.slots {
		if len(s.ls) > 0 || s.shared {
			s.clear()
		}
		s.warned = false
		if i < n {
			s.present = true
			s.order = uint64(i)
		}
	}
	if len(e.slots) > n {
		e.truncate()
	}
	e.count = 0
	e.seq = uint64(n)
	e.max, e.maxSet = 0, false
	e.shape = n > 0
	e.spare = nil
}

// RemoveAllListeners removes every listener of the given event names, or
// of every event when called with none. When 'removeListener' listeners
// exist, each removal is reported, last registered first, and with no
// names 'removeListener' itself goes last; otherwise the lists are
// dropped silently.
func (e *Emitter) RemoveAllListeners(names ...string) {
	h := e.hooks
	if len(names) == 0 {
		e.removeAll()
		if h != nil {
			h.AllListenersRemoved("", true)
		}
		return
	}
	for _, n := range names {
		e.removeAllOf(n)
		if h != nil {
			h.AllListenersRemoved(n, false)
		}
	}
}

func (e *Emitter) removeAll() {
	if !e.has(RemoveListenerEvent) {
		e.reset()
		return
	}
	for _, n := range e.keys() {
		if n != RemoveListenerEvent {
			e.removeAllOf(n)
		}
	}
	e.removeAllOf(RemoveListenerEvent)
	e.reset()
}

func (e *Emitter) removeAllOf(name string) {
	s := e.find(name)
	if s == nil || len(s.ls) == 0 {
		return
	}
	if !e.has(RemoveListenerEvent) {
		s.clear()
		e.count--
		if e.count == 0 {
			e.reset()
		} else {
			s.present = false
		}
		e.shape = false
		return
	}
	ls := s.ls
	for i := len(ls) - 1; i >= 0; i-- {
		e.RemoveListener(name, ls[i])
	}
}

// ListenerCount returns how many registrations name has, once-wrappers
// included.
func (e *Emitter) ListenerCount(name string) int {
	if s := e.find(name); s != nil {
		return len(s.ls)
	}
	return 0
}

// ListenerCountOf returns how many registrations of name are l or wrap l.
func (e *Emitter) ListenerCountOf(name string, l *Listener) int {
	n := 0
	if s := e.find(name); s != nil {
		for _, x := range s.ls {
			if x == l || x.orig == l {
				n++
			}
		}
	}
	return n
}

// Listeners returns a copy of name's listeners, once-wrappers replaced by
// the listeners they wrap.
func (e *Emitter) Listeners(name string) []*Listener {
	s := e.find(name)
	if s == nil || len(s.ls) == 0 {
		return []*Listener{}
	}
	out := make([]*Listener, len(s.ls))
	for i, x := range s.ls {
		out[i] = x.Original()
	}
	return out
}

// RawListeners returns a copy of name's registrations, once-wrappers
// included (call one to run it once and remove it).
func (e *Emitter) RawListeners(name string) []*Listener {
	s := e.find(name)
	if s == nil {
		return []*Listener{}
	}
	for _, l := range s.ls {
		l.exposed = true // the caller may Call it: never reused (addOnce)
	}
	return append([]*Listener{}, s.ls...)
}

// ListenerCount is the deprecated static form, Node's
// EventEmitter.listenerCount(emitter, name).
func ListenerCount(e *Emitter, name string) int { return e.ListenerCount(name) }
