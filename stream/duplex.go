package stream

import "github.com/uvgo/uvgo/events"

// DuplexOptions configure a Duplex (Node's new Duplex(options)): the
// options of both sides, applied per side as Node does. Every field's zero
// value is Node's default.
type DuplexOptions struct {
	// HighWaterMark, when set, applies to both sides and overrides the
	// per-side values (0 = default, HWMZero = 0).
	HighWaterMark         int
	ReadableHighWaterMark int
	WritableHighWaterMark int
	// ObjectMode applies to both sides; the per-side flags to one side
	// each (with that side's object-mode default high-water mark).
	ObjectMode         bool
	ReadableObjectMode bool
	WritableObjectMode bool
	// DisallowHalfOpen ends the write side when the read side ends (Node's
	// allowHalfOpen: false).
	DisallowHalfOpen bool
	// DisableReadable / DisableWritable create the stream with that side
	// already ended (Node's readable: false / writable: false).
	DisableReadable      bool
	DisableWritable      bool
	Encoding             string
	DefaultEncoding      string
	DisableDecodeStrings bool
	DisableEmitClose     bool
	DisableAutoDestroy   bool
	BatchPerTick         bool   // see WritableOptions.BatchPerTick
	ReleasesChunks       bool   // see WritableOptions.ReleasesChunks
	TypeName             string // the type named in warnings ("Duplex")

	Read      func(r *Readable, size int)
	Write     func(chunk Chunk, cb func(error))
	Writev    func(chunks []Chunk, cb func(error))
	Final     func(cb func(error))
	Destroy   func(err error, cb func(error))
	Construct func(cb func(error))
}

// Duplex is Node 20's stream.Duplex: a Readable and a Writable with
// independent states sharing one emitter, one destroy and one 'close'.
// Loop thread only.
type Duplex struct {
	*base
	Readable
	Writable
}

var duplexShape = []string{events.Close, events.ErrorEvent, events.Prefinish, events.Finish, events.Drain,
	events.Data, events.End, events.Readable}

func sideHWM(both, own int, objectMode bool) int {
	if both != 0 {
		return resolveHWM(both, objectMode)
	}
	return resolveHWM(own, objectMode)
}

// NewDuplex returns a Duplex on loop, implemented by o's functions.
func NewDuplex(loop Scheduler, o DuplexOptions) *Duplex {
	d := &Duplex{}
	InitDuplex(d, loop, o)
	return d
}

// InitDuplex initialises a Duplex embedded in another type (as net.Socket
// embeds one), in place.
func InitDuplex(d *Duplex, loop Scheduler, o DuplexOptions) {
	typeName := o.TypeName
	if typeName == "" {
		typeName = "Duplex"
	}
	initDuplex(d, loop, &o, typeName)
}

func initDuplex(d *Duplex, loop Scheduler, o *DuplexOptions, typeName string) {
	b := &base{allowHalfOpen: !o.DisallowHalfOpen}
	b.setScheduler(loop)
	b.Emitter.Init(events.Options{TypeName: typeName, Scheduler: loop, Shape: duplexShape})
	rObj := o.ObjectMode || o.ReadableObjectMode
	wObj := o.ObjectMode || o.WritableObjectMode
	b.r = newReadState(&ReadableOptions{
		Encoding: o.Encoding, DisableEmitClose: o.DisableEmitClose, DisableAutoDestroy: o.DisableAutoDestroy, Read: o.Read,
	}, rObj, sideHWM(o.HighWaterMark, o.ReadableHighWaterMark, rObj))
	b.w = newWriteState(&WritableOptions{
		DefaultEncoding: o.DefaultEncoding, DisableDecodeStrings: o.DisableDecodeStrings,
		DisableEmitClose: o.DisableEmitClose, DisableAutoDestroy: o.DisableAutoDestroy,
		BatchPerTick: o.BatchPerTick, ReleasesChunks: o.ReleasesChunks, Write: o.Write, Writev: o.Writev, Final: o.Final,
	}, wObj, sideHWM(o.HighWaterMark, o.WritableHighWaterMark, wObj))
	if o.DisableReadable {
		b.r.set(rDisabled | rEnded | rEndEmitted)
	}
	if o.DisableWritable {
		b.w.set(wDisabled | wEnding | wEnded | wFinished)
	}
	b.destroyImpl, b.constructImpl = o.Destroy, o.Construct
	d.base = b
	d.Readable = Readable{b}
	d.Writable = Writable{b}
	b.rd, b.wr = &d.Readable, &d.Writable
	b.w.onwrite = b.onwrite
	b.installReadHooks()
	b.construct()
}

// AllowHalfOpen reports whether the write side stays open after the read
// side ended.
func (d *Duplex) AllowHalfOpen() bool { return d.allowHalfOpen }

// SetAllowHalfOpen changes AllowHalfOpen (uvgo's sockets use it).
func (d *Duplex) SetAllowHalfOpen(v bool) { d.allowHalfOpen = v }
