// Slow asynchronous writes: return values, 'drain', callbacks, end, finish, close.
const { Writable } = require('stream');
const { code } = require('./_util');
const w = new Writable({ highWaterMark: 3, write(c, e, cb) { console.log('_write', c.toString()); setImmediate(cb); } });
for (const ev of ['drain', 'prefinish', 'finish', 'close']) w.on(ev, () => console.log(ev, 'length', w.writableLength));
console.log('write a', w.write('a', (e) => console.log('cb a', code(e))));
console.log('write bc', w.write('bc', (e) => console.log('cb bc', code(e))));
console.log('needDrain', w.writableNeedDrain);
w.once('drain', () => {
  console.log('write d', w.write('d', (e) => console.log('cb d', code(e))));
  w.end((e) => console.log('end cb', code(e)));
  console.log('ended', w.writableEnded, 'finished', w.writableFinished);
});
