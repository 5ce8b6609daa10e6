// write() returns length < hwm || length === 0, computed after the sync part.
const { Writable } = require('stream');
const pending = [];
const w = new Writable({ highWaterMark: 4, write(c, e, cb) { pending.push(cb); } });
for (const s of ['ab', 'c', 'd', '', 'efgh']) console.log(JSON.stringify(s), w.write(s), w.writableLength, w.writableNeedDrain);
const z = new Writable({ highWaterMark: 0, write(c, e, cb) { setImmediate(cb); } });
console.log('hwm0 empty', z.write(''), 'nonempty', z.write('x'));
const s = new Writable({ highWaterMark: 1, write(c, e, cb) { cb(); } });
console.log('sync big', s.write('abc'), s.writableNeedDrain);
const o = new Writable({ objectMode: true, write(c, e, cb) { setImmediate(cb); } });
let n = 0; while (o.write({ n })) n++;
console.log('object mode accepted', n + 1, 'hwm', o.writableHighWaterMark);
setImmediate(() => pending.forEach((cb) => cb()));
