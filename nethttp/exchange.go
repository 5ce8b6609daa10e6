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

	// credits bound the writes in flight: the goroutine takes one before
	// it posts a write; the loop gives it back as soon as the response
	// took the bytes below its high-water mark, or on 'drain'. So a
	// handler runs ahead of the response by at most writeCredits writes,
	// and waits only when the response is above its mark.
	credits chan struct{}
	// gone is closed when the response closes (the client went away, or
	// the request is over).
	gone chan struct{}

	// loop-only
	owed    int  // credits to give back on 'drain'
	resGone bool // res emitted 'close': it may be reused, hands off
	reqGone bool // req emitted 'close': it may be reused, hands off
}

// writeCredits is how many gathered writes may be on their way to the
// response at once.
const writeCredits = 4

func newExchange(loop *uv.Loop, req *http.IncomingMessage, res *http.ServerResponse, o *Options) *exchange {
	x := &exchange{loop: loop, req: req, res: res, o: o,
		credits: make(chan struct{}, writeCredits), gone: make(chan struct{})}
	for range writeCredits {
		x.credits <- struct{}{}
	}
	return x
}

// onDrain gives back the credits of writes that waited for the response
// to drain.
func (x *exchange) onDrain() {
	for ; x.owed > 0; x.owed-- {
		x.credits <- struct{}{}
	}
}

// onResClose is the response's 'close': the client went away (or the
// response finished and the request is over). The context is cancelled
// (net/http cancels it when the handler returns too) and writes fail
// from now on.
func (x *exchange) onResClose() {
	if x.resGone {
		return
	}
	x.resGone = true
	x.cancel()
	close(x.gone)
}

// credit waits for a write credit (see credits).
func (x *exchange) credit() error {
	select {
	case <-x.gone:
		return ErrClientGone
	default:
	}
	select {
	case <-x.credits:
		return nil
	case <-x.gone:
		return ErrClientGone
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
