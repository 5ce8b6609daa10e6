//go:build cgo

package uv

// Node's immediates: a FIFO queue run by an (unreferenced) check handle,
// with an idle handle started only while referenced immediates are
// pending, so the poll phase does not block and the loop stays alive.
// No idle handle is active in steady state.

// Immediate is a callback queued by SetImmediate (Node's Immediate
// object). Loop thread only.
type Immediate struct {
	cb        func()
	refed     bool
	destroyed bool
	loop      *Loop
}

type immediateState struct {
	check       *Check
	idle        *Idle
	queue       []*Immediate // waiting for the next check phase
	outstanding []*Immediate // the rest of a phase interrupted by a panic
	count       int
	refCount    int
}

func (s *immediateState) init(l *Loop) error {
	c, err := NewCheck(l)
	if err != nil {
		return err
	}
	c.internal = true
	c.Unref()
	s.check = c
	i, err := NewIdle(l)
	if err != nil {
		return err
	}
	i.internal = true
	s.idle = i
	return c.start(l.checkImmediates)
}

// SetImmediate queues cb for the check phase of the loop (Node's
// setImmediate). The phase runs the queue as it stood when the phase
// began: immediates queued while it runs wait for the next iteration.
// Ticks and microtasks drain between two immediates. Loop thread only.
func (l *Loop) SetImmediate(cb func()) *Immediate {
	l.checkCaller()
	im := &Immediate{cb: cb, refed: true, loop: l}
	s := &l.imm
	s.count++
	s.refCount++
	if s.refCount == 1 {
		s.toggleRef(true)
	}
	s.queue = append(s.queue, im)
	return im
}

// ClearImmediate cancels im if it has not run; safe on nil or on an
// immediate that already ran. Clearing one that is later in the current
// check phase keeps it from running.
func (l *Loop) ClearImmediate(im *Immediate) {
	l.checkCaller()
	if im == nil || im.destroyed {
		return
	}
	s := &l.imm
	s.count--
	im.destroyed = true
	if im.refed {
		im.refed = false
		s.refCount--
		if s.refCount == 0 {
			s.toggleRef(false)
		}
	}
	im.cb = nil
}

// Ref makes a pending immediate keep the loop alive (the default).
func (im *Immediate) Ref() *Immediate {
	im.loop.checkCaller()
	if !im.refed && !im.destroyed {
		im.refed = true
		s := &im.loop.imm
		s.refCount++
		if s.refCount == 1 {
			s.toggleRef(true)
		}
	}
	return im
}

// Unref stops a pending immediate from keeping the loop alive.
func (im *Immediate) Unref() *Immediate {
	im.loop.checkCaller()
	if im.refed && !im.destroyed {
		im.refed = false
		s := &im.loop.imm
		s.refCount--
		if s.refCount == 0 {
			s.toggleRef(false)
		}
	}
	return im
}

// HasRef reports whether the immediate keeps the loop alive.
func (im *Immediate) HasRef() bool { return im.refed }

func (s *immediateState) toggleRef(on bool) {
	if on {
		s.idle.start(nil)
	} else {
		s.idle.stop()
	}
}

// checkImmediates is the check handle's callback (Node's CheckImmediate):
// process the queue, re-running after a handled panic.
func (l *Loop) checkImmediates() {
	s := &l.imm
	if s.count == 0 {
		return
	}
	for {
		if l.call(l.processImmediates) || l.dead() || len(s.outstanding) == 0 {
			break
		}
	}
	if s.refCount == 0 {
		s.toggleRef(false)
	}
	l.runTicksSafe()
}

// processImmediates runs the snapshot of the queue (or what a panic left
// of the previous one), draining ticks between immediates.
func (l *Loop) processImmediates() {
	s := &l.imm
	var batch []*Immediate
	if len(s.outstanding) > 0 {
		batch = s.outstanding
	} else {
		batch = s.queue
		s.queue = nil
	}
	s.outstanding = batch
	ran := false
	for i, im := range batch {
		if ran {
			l.runNextTicks()
		} else {
			ran = true
		}
		if im.destroyed {
			continue
		}
		im.destroyed = true
		s.count--
		if im.refed {
			im.refed = false
			s.refCount--
		}
		cb := im.cb
		im.cb = nil
		s.outstanding = batch[i+1:]
		cb()
	}
	s.outstanding = nil
}
