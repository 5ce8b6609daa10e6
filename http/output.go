package http

// The connection's output: responses in request order, written to the
// socket with Node's accounting.
//
// A response at the head of the queue owns the socket, as Node's
// res.assignSocket: its bytes join the socket's output (internal/sock),
// which is corked until the end of the tick (Node's connectionCorkNT) and
// then handed to libuv in one write (uv_try_write first, the rest
// queued). The socket's length is what it holds and has not written: the
// corked bytes plus every write libuv has not completed, counted whole as
// Node counts a chunk until its callback. A write that leaves that length
// at the high-water mark is "saturated": res.write() returns false, its
// callback is held, and the response's 'drain' follows once the socket
// has written everything (Node's socket 'drain' -> socketOnDrain).
//
// A response behind another one has no socket yet: its bytes wait in its
// own buffer, counted in the connection's outgoing total (Node's
// state.outgoingData), and its writes return outputSize < highWaterMark.
// When every response before it is complete, its bytes may join the
// output early (one write answers a pipelined batch), although 'finish'
// still comes in request order.
//
// Reading stops when a new request arrives while the socket needs drain
// or the waiting responses hold highWaterMark bytes (Node's
// parserOnIncoming), and starts again when the socket has drained and the
// outgoing total is back under the mark.

// respQueue is a connection's responses in request order: a ring, so
// taking the head is O(1) however deep the pipelining.
type respQueue struct {
	buf  []*ServerResponse
	head int32
	n    int32
}

func (q *respQueue) len() int { return int(q.n) }

func (q *respQueue) at(i int) *ServerResponse { return q.buf[(int(q.head)+i)&(len(q.buf)-1)] }

func (q *respQueue) first() *ServerResponse {
	if q.n == 0 {
		return nil
	}
	return q.buf[q.head]
}

func (q *respQueue) push(r *ServerResponse) {
	if int(q.n) == len(q.buf) {
		size := 2 * len(q.buf)
		if size == 0 {
			size = 2
		}
		buf := make([]*ServerResponse, size)
		for i := 0; i < int(q.n); i++ {
			buf[i] = q.at(i)
		}
		q.buf, q.head = buf, 0
	}
	q.buf[(int(q.head)+int(q.n))&(len(q.buf)-1)] = r
	q.n++
}

func (q *respQueue) shift() *ServerResponse {
	if q.n == 0 {
		return nil
	}
	r := q.buf[q.head]
	q.buf[q.head] = nil
	q.head = (q.head + 1) & int32(len(q.buf)-1)
	q.n--
	return r
}

// take empties the queue and returns what it held, in order.
func (q *respQueue) take() []*ServerResponse {
	out := make([]*ServerResponse, 0, q.n)
	for q.n > 0 {
		out = append(out, q.shift())
	}
	return out
}

func (c *conn) hwm() int { return c.srv.opts.HighWaterMark }

// emit appends a response's bytes in order: to the socket's (corked)
// output when it is at the head of the queue, to its own buffer
// otherwise. Nothing is written once the connection is ending.
func (c *conn) emit(r *ServerResponse, p []byte) { c.emitFramed(r, p, nil) }

// emitFramed is emit of p then tail (a body chunk and its framing), which
// a large chunk takes to the socket in the same vectored write.
func (c *conn) emitFramed(r *ServerResponse, p, tail []byte) {
	if c.bits&(connEnded|connClosed) != 0 {
		return
	}
	if !r.atHead {
		k := r.cell
		if k.pending == nil {
			k.pending = make([]byte, 0, pendingStart)
		}
		k.pending = append(append(k.pending, p...), tail...)
		c.outgoing += len(p) + len(tail)
		return
	}
	c.touch()
	c.core.WriteFramed(p, tail)
}

// SockFlush runs as the socket's corked output goes out: the bytes of the
// responses that may follow join the same write.
func (c *conn) SockFlush() {
	if c.queue.len() > 1 && c.bits&connEnded == 0 {
		c.movePending()
	}
}

// SockDrained is the socket's 'drain' (Node's socketOnDrain): the
// response that has the socket emits the 'drain' it owes, and reading
// resumes if it was paused for the output.
func (c *conn) SockDrained() {
	if h := c.queue.first(); h != nil && !h.finishedRes {
		h.Writable.SinkDrained()
	}
	c.maybeResume()
}

// completeFinal acknowledges a response's Final: a response behind
// another one finishes when it reaches the head of the queue, so 'finish'
// comes in request order. A response with the socket flushes it now, as
// Node's end() uncorks its socket, unless pipelined responses follow it:
// then the flush waits for the end of the tick, so that one write answers
// the batch, and the socket only marks what Node would have written (a
// parse error later in the read sends just that).
func (c *conn) completeFinal(r *ServerResponse, cb func(error)) {
	if c.bits&connClosed != 0 {
		cb(nil)
		return
	}
	if !r.atHead {
		r.cell.held = cb
		return
	}
	if c.queue.len() > 1 || c.bits&connInRead != 0 {
		c.core.Mark()
	} else {
		c.core.Flush()
	}
	cb(nil)
}

// resSaturated is a response's Saturated: its socket's write() result when
// it has the socket, outputSize < highWaterMark otherwise.
func (c *conn) resSaturated(r *ServerResponse) bool {
	if c.bits&connClosed != 0 {
		return false
	}
	if !r.atHead {
		return len(r.cell.pending)+r.cell.early >= c.hwm()
	}
	return c.core.Saturated()
}

// pauseForOutput stops reading while the output cannot keep up with the
// requests (Node's parserOnIncoming check, made for every new request).
func (c *conn) pauseForOutput() {
	if c.bits&connOutputPaused == 0 && (c.core.NeedDrain() || c.outgoing >= c.hwm()) {
		c.bits |= connOutputPaused
		c.stopReading()
	}
}

// maybeResume reads again once the output has caught up: the outgoing
// total is at most the mark (Node's socketOnDrain) and the socket does
// not need drain. Node resumes on the first condition alone, and pauses
// again at the next request; a client that pipelines without reading
// then makes it parse one more read per finished response, which only
// grows the output. uvgo waits for the socket too.
func (c *conn) maybeResume() {
	if c.bits&connOutputPaused != 0 && c.outgoing <= c.hwm() && !c.core.NeedDrain() {
		c.bits &^= connOutputPaused
		if c.bits&connBodyPaused == 0 {
			c.startReading()
		}
	}
}

// resFinished is Node's resOnFinish.
func (c *conn) resFinished(m *IncomingMessage, res *ServerResponse) {
	if !m.ReadableEnded() && !m.ReadableDidRead() {
		m.Resume() // dump an unread body so the next request can be parsed
	}
	if c.queue.first() == res {
		c.queue.shift()
		if c.moved > 0 {
			c.moved--
		}
	}
	res.finishedRes = true
	c.srv.loop.NextTickArg(emitResClose, res)
	switch {
	case res.last:
		// Nothing after a response that ends the connection: the
		// responses behind it are never written (Node never gives them the
		// socket).
		c.endSoon()
	case c.queue.len() == 0:
		c.armIdle()
	default:
		c.assignSocket(c.queue.first())
	}
}

// assignSocket gives the socket to the next response (Node's
// assignSocket and _flushOutput): what it wrote meanwhile goes out now,
// with what may follow it, in one write; then the 'drain' it owes since
// a false write is emitted (Node does so before it clears its outputSize,
// which WritableLength still counts then); then its Final, held until
// now so that 'finish' comes in request order, completes.
func (c *conn) assignSocket(r *ServerResponse) {
	r.atHead = true
	k := r.cell
	k.early += len(k.pending)
	c.movePending()
	c.core.Flush()
	r.Writable.SinkDrained()
	k.early = 0
	if cb := k.held; cb != nil {
		k.held = nil
		cb(nil)
	}
}

// movePending is takePending without the flush: the bytes of a response
// may follow as soon as every response before it is complete, although
// they finish ('finish', 'close') one after another, so a read of 16
// pipelined requests is answered in one write. c.moved counts the
// responses from the head whose bytes have all moved, so each response is
// visited once however deep the queue. It stops after a response that
// ends the connection: nothing behind it is written.
func (c *conn) movePending() bool {
	moved := false
	for int(c.moved) < c.queue.len() {
		r := c.queue.at(int(c.moved))
		if k := r.cell; len(k.pending) > 0 {
			c.outgoing -= len(k.pending)
			if !r.atHead {
				k.early += len(k.pending) // still its outputSize in Node's terms
			}
			c.core.Write(k.pending)
			k.pending = k.pending[:0]
			moved = true
		}
		if !r.finalDone || r.last {
			break
		}
		c.moved++
	}
	if moved {
		c.maybeResume()
	}
	return moved
}

// endSoon flushes what is buffered, sends FIN and closes once the peer is
// done (Node's destroySoon on a response marked last).
func (c *conn) endSoon() {
	if c.bits&(connEnded|connClosed) != 0 {
		return
	}
	c.bits |= connEnded // before the flush: nothing behind the last response joins it
	c.stopReading()
	if err := c.core.End(func(error) { c.destroy() }); err != nil {
		c.destroy()
	}
}

// flushNow sends the corked output now.
func (c *conn) flushNow() { c.core.Flush() }

// dropUnsent forgets the output no response has started writing: a canned
// reply replaces it.
func (c *conn) dropUnsent() {
	c.core.DropCorked()
	for i := 0; i < c.queue.len(); i++ {
		r := c.queue.at(i)
		r.cell.pending = r.cell.pending[:0]
	}
	c.outgoing = 0
}

func (c *conn) writeAndDestroy(b []byte) {
	if c.bits&(connEnded|connClosed) == 0 {
		c.core.WriteNow(b)
	}
	c.destroy()
}
