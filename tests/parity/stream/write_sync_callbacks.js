// Synchronous _write: callbacks deferred to a tick, same callback merged.
const { Writable } = require('stream');
const { code } = require('./_util');
const w = new Writable({ highWaterMark: 2, write(c, e, cb) { console.log('_write', c.toString()); cb(); } });
w.on('drain', () => console.log('drain'));
const f = (e) => console.log('shared cb', code(e));
console.log(w.write('a', f));
console.log(w.write('bcd', f));
process.nextTick(() => console.log('tick queued between'));
console.log(w.write('e', f));
console.log(w.write('f', (e) => console.log('own cb', code(e))));
console.log('length', w.writableLength);
