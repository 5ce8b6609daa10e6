//go:build cgo

package uv

/*
#include "glue.h"
*/
import "C"

import (
	"math"
	"time"
)

// Node's timers, on one libuv timer handle.
//
// Timeouts of the same duration share a FIFO list; the lists sit in a
// binary heap ordered by (expiry, id), where id is a sequence number a list
// gets when it is created or re-queued. The libuv timer is armed for the
// earliest expiry and is referenced only while some referenced Timeout is
// pending. The steps below are named after the protocol: insert,
// unenroll, processTimers, listOnTimeout.

// maxTimeout is the largest delay Node accepts (2^31-1 ms).
const maxTimeout = 1<<31 - 1

// Timeout is a timer created by SetTimeout or SetInterval (Node's Timeout
// object). Loop thread only.
type Timeout struct {
	loop      *Loop
	cb        func()
	msecs     float64 // the list it belongs to; -1 once cleared
	repeat    float64 // 0 for a one-shot timer
	start     float64 // loop time (ms) when it was (re)started
	list      *timerList
	prev      *Timeout
	next      *Timeout
	refed     bool
	destroyed bool
}

type timerList struct {
	msecs  float64
	expiry float64
	id     uint64
	pos    int // index in the heap
	head   *Timeout
	tail   *Timeout
}

type timerState struct {
	handle     *Timer
	lists      map[float64]*timerList
	heap       []*timerList
	nextExpiry float64
	refCount   int
	nextListID uint64
}

func (ts *timerState) init(l *Loop) error {
	h, err := NewTimer(l)
	if err != nil {
		return err
	}
	h.internal = true
	h.cb = l.runTimers
	h.Unref()
	ts.handle = h
	ts.lists = make(map[float64]*timerList)
	ts.nextExpiry = math.Inf(1)
	return nil
}

// normalizeDelay applies Node's rule: a delay outside [1, 2^31-1] ms is 1 ms.
func normalizeDelay(d time.Duration) float64 {
	ms := float64(d) / float64(time.Millisecond)
	if !(ms >= 1 && ms <= maxTimeout) {
		return 1
	}
	return ms
}

// SetTimeout runs cb once after d, following Node's rules: a delay outside
// [1 ms, 2^31-1 ms] (zero, negative) is 1 ms; timeouts of equal duration
// fire in creation order; the start time is read (and the loop clock
// refreshed) when the timeout is created. Loop thread only.
func (l *Loop) SetTimeout(cb func(), d time.Duration) *Timeout {
	return l.newTimeout(cb, d, false)
}

// SetInterval runs cb every d (same delay rules as SetTimeout), re-armed
// after each callback from a time read just before it ran.
func (l *Loop) SetInterval(cb func(), d time.Duration) *Timeout {
	return l.newTimeout(cb, d, true)
}

func (l *Loop) newTimeout(cb func(), d time.Duration, repeat bool) *Timeout {
	l.checkCaller()
	t := &Timeout{loop: l, cb: cb, msecs: normalizeDelay(d), refed: true}
	if repeat {
		t.repeat = t.msecs
	}
	l.timers.incRef(l)
	l.insertTimer(t, t.msecs, l.libuvNow())
	return t
}

// ClearTimeout cancels t; safe on a nil, fired or already cleared timeout.
// A timeout that is due in the current timers phase but has not run yet
// does not run.
func (l *Loop) ClearTimeout(t *Timeout) {
	l.checkCaller()
	if t == nil || t.cb == nil {
		return
	}
	t.cb = nil
	l.unenroll(t)
}

// ClearInterval is ClearTimeout, for intervals.
func (l *Loop) ClearInterval(t *Timeout) { l.ClearTimeout(t) }

// Close cancels the timeout (Node's timeout.close()).
func (t *Timeout) Close() { t.loop.ClearTimeout(t) }

// Ref makes the timeout keep the loop alive (the default).
func (t *Timeout) Ref() *Timeout {
	t.loop.checkCaller()
	if !t.refed {
		t.refed = true
		if !t.destroyed {
			t.loop.timers.incRef(t.loop)
		}
	}
	return t
}

// Unref stops the timeout from keeping the loop alive; it still fires if
// the loop is running for other reasons.
func (t *Timeout) Unref() *Timeout {
	t.loop.checkCaller()
	if t.refed {
		t.refed = false
		if !t.destroyed {
			t.loop.timers.decRef()
		}
	}
	return t
}

// HasRef reports whether the timeout keeps the loop alive.
func (t *Timeout) HasRef() bool { return t.refed }

// Refresh restarts the timeout from now with its original delay, keeping
// the same Timeout. On a timeout that already fired it arms it again; on a
// cleared one it does nothing.
func (t *Timeout) Refresh() *Timeout {
	if t.msecs < 0 {
		return t
	}
	return t.restart(t.loop.libuvNow())
}

// Touch is Refresh from the loop's cached time (Now) instead of a fresh
// clock read, so it makes no call into libuv. It suits a timeout renewed
// on every request or read of a busy loop, where the time at the start
// of the current iteration is precise enough (the timeout fires at most
// that iteration's duration early). Node has no equivalent.
func (t *Timeout) Touch() *Timeout {
	if t.msecs < 0 {
		return t
	}
	return t.restart(float64(t.loop.Now()))
}

// restart re-queues t as started at now (never earlier than a start
// already queued: the loop's cached time is the latest time read).
func (t *Timeout) restart(now float64) *Timeout {
	t.loop.checkCaller()
	l := t.loop
	l.insertTimer(t, t.msecs, now)
	if t.destroyed {
		t.destroyed = false
		if t.refed {
			l.timers.incRef(l)
		}
	}
	return t
}

// libuvNow is Node's getLibuvNow: refresh the loop clock and read it.
func (l *Loop) libuvNow() float64 { return float64(C.uvgo_now_update(l.ptr)) }

func (ts *timerState) incRef(l *Loop) {
	ts.refCount++
	if ts.refCount == 1 {
		ts.handle.Ref()
	}
}

func (ts *timerState) decRef() {
	ts.refCount--
	if ts.refCount == 0 {
		ts.handle.Unref()
	}
}

// insertTimer appends t to the list for msecs, creating the list (and
// arming the libuv timer if it is now the earliest) when needed.
func (l *Loop) insertTimer(t *Timeout, msecs, start float64) {
	ts := &l.timers
	t.start = start
	list := ts.lists[msecs]
	if list == nil {
		expiry := start + msecs
		list = &timerList{msecs: msecs, expiry: expiry, id: ts.nextListID}
		ts.nextListID++
		ts.lists[msecs] = list
		ts.heapPush(list)
		if ts.nextExpiry > expiry {
			ts.schedule(int64(msecs))
			ts.nextExpiry = expiry
		}
	}
	list.remove(t)
	t.list = list
	if list.tail == nil {
		list.head, list.tail = t, t
	} else {
		t.prev = list.tail
		list.tail.next = t
		list.tail = t
	}
}

func (ts *timerState) schedule(ms int64) {
	if ms < 1 {
		ms = 1
	}
	C.uvgo_timer_start(ts.handle.ptr, C.uint64_t(ms), 0)
}

// remove unlinks t from whatever list holds it.
func (list *timerList) remove(t *Timeout) {
	cur := t.list
	if cur == nil {
		return
	}
	if t.prev != nil {
		t.prev.next = t.next
	} else {
		cur.head = t.next
	}
	if t.next != nil {
		t.next.prev = t.prev
	} else {
		cur.tail = t.prev
	}
	t.prev, t.next, t.list = nil, nil, nil
}

func (l *Loop) unenroll(t *Timeout) {
	if t.destroyed {
		return
	}
	t.destroyed = true
	ts := &l.timers
	list := t.list
	list.remove(t)
	if list != nil && list.head == nil && ts.lists[list.msecs] == list {
		ts.heapRemove(list.pos)
		delete(ts.lists, list.msecs)
	}
	if t.refed {
		ts.decRef()
	}
	t.msecs = -1
}

// runTimers is the libuv timer's callback (Node's RunTimers): process the
// due lists, re-running after a handled panic, then re-arm the handle.
func (l *Loop) runTimers() {
	ts := &l.timers
	now := l.libuvNow()
	var next float64
	for {
		ok := callWith(l, l.processTimers, now)
		if ok {
			next = ts.nextExpiry
			break
		}
		if l.dead() {
			return
		}
	}
	if math.IsInf(next, 1) {
		ts.handle.Unref()
	} else {
		d := int64(next) - int64(l.Now())
		ts.schedule(d)
		if ts.refCount > 0 {
			ts.handle.Ref()
		} else {
			ts.handle.Unref()
		}
	}
	l.runTicksSafe()
}

// processTimers runs every list whose expiry has passed at now, in expiry
// order, draining ticks between lists.
func (l *Loop) processTimers(now float64) {
	ts := &l.timers
	ts.nextExpiry = math.Inf(1)
	ranList := false
	for len(ts.heap) > 0 {
		list := ts.heap[0]
		if list.expiry > now {
			ts.nextExpiry = list.expiry
			return
		}
		if ranList {
			l.runNextTicks()
		} else {
			ranList = true
		}
		l.listOnTimeout(list, now)
	}
}

func (l *Loop) listOnTimeout(list *timerList, now float64) {
	ts := &l.timers
	msecs := list.msecs
	ranTimer := false
	for t := list.head; t != nil; t = list.head {
		if now-t.start < msecs {
			// Not due: the list waits for its first timer.
			list.expiry = math.Max(t.start+msecs, now+1)
			list.id = ts.nextListID
			ts.nextListID++
			ts.heapFix(list.pos)
			return
		}
		if ranTimer {
			l.runNextTicks()
		} else {
			ranTimer = true
		}
		list.remove(t)
		if t.cb == nil {
			if !t.destroyed {
				t.destroyed = true
				if t.refed {
					ts.decRef()
				}
			}
			continue
		}
		var start float64
		if t.repeat > 0 {
			start = l.libuvNow()
		}
		l.fireTimeout(t, start)
	}
	if ts.lists[msecs] == list {
		delete(ts.lists, msecs)
		ts.heapRemove(list.pos)
	}
}

// fireTimeout runs one timeout's callback, then (even if it panicked)
// re-arms an interval or retires a one-shot timer.
func (l *Loop) fireTimeout(t *Timeout, start float64) {
	defer func() {
		if t.repeat > 0 && t.msecs >= 0 {
			t.msecs = t.repeat
			l.insertTimer(t, t.msecs, start)
		} else if t.list == nil && !t.destroyed {
			t.destroyed = true
			if t.refed {
				l.timers.decRef()
			}
		}
	}()
	t.cb()
}

// The heap of lists, ordered by (expiry, id).

func (ts *timerState) less(i, j int) bool {
	a, b := ts.heap[i], ts.heap[j]
	if a.expiry != b.expiry {
		return a.expiry < b.expiry
	}
	return a.id < b.id
}

func (ts *timerState) swap(i, j int) {
	h := ts.heap
	h[i], h[j] = h[j], h[i]
	h[i].pos = i
	h[j].pos = j
}

func (ts *timerState) heapPush(list *timerList) {
	list.pos = len(ts.heap)
	ts.heap = append(ts.heap, list)
	ts.up(list.pos)
}

func (ts *timerState) heapRemove(i int) {
	n := len(ts.heap) - 1
	if i != n {
		ts.swap(i, n)
	}
	ts.heap[n] = nil
	ts.heap = ts.heap[:n]
	if i != n {
		ts.heapFix(i)
	}
}

func (ts *timerState) heapFix(i int) {
	if !ts.down(i) {
		ts.up(i)
	}
}

func (ts *timerState) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !ts.less(i, p) {
			return
		}
		ts.swap(i, p)
		i = p
	}
}

func (ts *timerState) down(i int) bool {
	start := i
	n := len(ts.heap)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && ts.less(r, c) {
			c = r
		}
		if !ts.less(c, i) {
			break
		}
		ts.swap(i, c)
		i = c
	}
	return i > start
}
