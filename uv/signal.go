//go:build cgo

package uv

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// Signal watches for a process signal and runs a callback on the loop
// when it arrives, like libuv's uv_signal_t and Node's process.on('SIGINT').
//
// libuv installs its own signal handlers without SA_ONSTACK, which the Go
// runtime requires of any handler in a cgo program; so Signal keeps Go's
// handlers (os/signal) and delivers through a libuv async handle. It has
// libuv's lifecycle: it is active and keeps the loop alive while started
// (unless Unref'd), and is closed with Close. Loop thread only.
type Signal struct {
	Async
	signum   syscall.Signal
	cbSig    func(syscall.Signal)
	oneshot  bool
	started  bool
	ch       chan os.Signal
	done     chan struct{}
	pendMu   sync.Mutex
	pending  []syscall.Signal
	userUnrf bool
}

// NewSignal creates a stopped signal watcher on l.
func NewSignal(l *Loop) (*Signal, error) {
	s := &Signal{}
	s.cb = s.deliver
	if err := s.open(l, KindSignal, s); err != nil {
		return nil, err
	}
	s.handle.Unref() // stopped: does not keep the loop alive
	return s, nil
}

// Start watches signum; cb runs on the loop for each delivery. Starting a
// started watcher changes its signal and callback.
func (s *Signal) Start(signum syscall.Signal, cb func(syscall.Signal)) error {
	return s.start(signum, cb, false)
}

// StartOneshot is Start, stopping itself after the first delivery.
func (s *Signal) StartOneshot(signum syscall.Signal, cb func(syscall.Signal)) error {
	return s.start(signum, cb, true)
}

func (s *Signal) start(signum syscall.Signal, cb func(syscall.Signal), oneshot bool) error {
	if err := s.live(); err != nil {
		return err
	}
	if s.started {
		s.stopWatching()
	}
	s.signum, s.cbSig, s.oneshot, s.started = signum, cb, oneshot, true
	s.ch = make(chan os.Signal, 8)
	s.done = make(chan struct{})
	signal.Notify(s.ch, signum)
	go s.forward(s.ch, s.done)
	if !s.userUnrf {
		s.handle.Ref()
	}
	return nil
}

// forward runs on its own goroutine: it hands each signal to the loop.
func (s *Signal) forward(ch chan os.Signal, done chan struct{}) {
	for {
		select {
		case v := <-ch:
			s.pendMu.Lock()
			s.pending = append(s.pending, v.(syscall.Signal))
			s.pendMu.Unlock()
			if s.Send() != nil {
				return
			}
		case <-done:
			return
		}
	}
}

// Stop stops watching; the watcher no longer keeps the loop alive.
func (s *Signal) Stop() error {
	if err := s.live(); err != nil {
		return err
	}
	if s.started {
		s.stopWatching()
	}
	return nil
}

func (s *Signal) stopWatching() {
	signal.Stop(s.ch)
	close(s.done)
	s.started = false
	s.handle.Unref()
}

// Signum returns the watched signal (zero when never started).
func (s *Signal) Signum() syscall.Signal { return s.signum }

// IsActive reports whether the watcher is started.
func (s *Signal) IsActive() bool { return s.started && s.live() == nil }

// Ref makes a started watcher keep the loop alive (the default).
func (s *Signal) Ref() {
	s.userUnrf = false
	if s.started {
		s.handle.Ref()
	}
}

// Unref stops the watcher from keeping the loop alive.
func (s *Signal) Unref() {
	s.userUnrf = true
	s.handle.Unref()
}

// HasRef reports whether the watcher is referenced.
func (s *Signal) HasRef() bool { return !s.userUnrf }

// Close stops watching and closes the handle.
func (s *Signal) Close(cb func()) {
	if s.started && s.live() == nil {
		s.stopWatching()
	}
	s.Async.Close(cb)
}

func (s *Signal) markClosed() {
	if s.started {
		s.stopWatching()
	}
	s.Async.markClosed()
}

func (s *Signal) deliver() {
	s.pendMu.Lock()
	got := s.pending
	s.pending = nil
	s.pendMu.Unlock()
	for _, v := range got {
		if !s.started || s.cbSig == nil {
			return
		}
		if s.oneshot {
			s.stopWatching()
		}
		s.cbSig(v)
	}
}
