package nethttp

import (
	"context"

	"github.com/uvgo/uvgo/http"
	"github.com/uvgo/uvgo/uv"
)

// exchange is one request and its response as the bridge sees them. The
// fields marked loop-only are read and written on the loop only; the
// goroutine reaches the loop through post and waits on ack.
//
// Lifetime: the server may reuse req and res for a later request once
// both have emitted 'close'. So every function the goroutine posts first
// checks resGone (for res) or reqGone (for req) and touches nothing once
// they are set; the goroutine itself stops posting to res after End.
type exchange struct {
	loop   *uv.Loop
	req    *http.IncomingMessage
	res    *http.ServerResponse
	o      *Options
	cancel context.CancelFunc

	// ack carries the loop's answer to the goroutine's one outstanding
	// write: nil once the response took the bytes below its high-water
	// mark (at once or on 'drain'), ErrClientGone once it closed.
	ack chan error

	// loop-only
	waiting  bool // a write waits for 'drain'
	finished bool // res emitted 'finish'
	resGone  bool // res emitted 'close': it may be reused, hands off
	reqGone  bool // req emitted 'close': it may be reused, hands off
}

// onDrain releases a write that waits for the response to drain.
func (x *exchange) onDrain() {
	if x.waiting {
		x.waiting = false
		x.ack <- nil
	}
}

// onResClose is the response's 'close': the client went away (or the
// response finished and the request is over). The context is cancelled
// (net/http cancels it when the handler returns too) and a waiting write
// fails.
func (x *exchange) onResClose() {
	x.resGone = true
	x.cancel()
	if x.waiting {
		x.waiting = false
		x.ack <- ErrClientGone
	}
}

// wait waits for the loop's answer to a posted write.
func (x *exchange) wait() error {
	select {
	case err := <-x.ack:
		return err
	case <-x.loop.Done():
		return ErrLoopStopped
	}
}

// post runs fn on the loop; a closed loop is ErrLoopStopped.
func (x *exchange) post(fn func()) error {
	if err := x.loop.Post(fn); err != nil {
		return ErrLoopStopped
	}
	return nil
}
