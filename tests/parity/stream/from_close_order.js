// Readable.from keeps its object mode and high-water mark of 1 when
// options are given; its 'close' comes after a downstream Transform's,
// because it is destroyed through a promise (then a tick).
const { Readable, Transform } = require('stream');
const r = Readable.from(['a', 'b', 'c'], { objectMode: true });
console.log('hwm', r.readableHighWaterMark, 'objectMode', r.readableObjectMode);
const r2 = Readable.from(['x'], { highWaterMark: 4 });
console.log('hwm', r2.readableHighWaterMark, 'objectMode', r2.readableObjectMode);
r2.resume();
const t = new Transform({ objectMode: true, transform(c, e, cb) { cb(null, c.toUpperCase()); } });
r.pipe(t);
t.on('data', (d) => console.log('data', d));
for (const [name, s] of [['from', r], ['transform', t]]) {
  for (const ev of ['end', 'finish', 'close']) s.on(ev, () => console.log(name, ev));
}
process.nextTick(() => console.log('tick'));
Promise.resolve().then(() => console.log('microtask'));
