// A Transform with both final and flush: final runs first, then
// 'prefinish', whose listener (installed by the constructor) runs flush;
// then 'finish', 'end' and 'close'.
const { Transform } = require('stream');
const t = new Transform({
  transform(c, e, cb) { console.log('_transform', c.toString()); cb(null, c); },
  final(cb) { console.log('_final'); setImmediate(() => { console.log('final done'); cb(); }); },
  flush(cb) { console.log('_flush'); this.push('tail'); cb(); },
});
for (const ev of ['prefinish', 'finish', 'end', 'close']) t.on(ev, () => console.log(ev));
t.on('data', (d) => console.log('data', d.toString()));
t.write('a');
t.end(() => console.log('end cb'));
const t2 = new Transform({
  transform(c, e, cb) { cb(null, c); },
  final(cb) { console.log('t2 _final'); cb(); },
});
for (const ev of ['prefinish', 'finish', 'end', 'close']) t2.on(ev, () => console.log('t2', ev));
t2.resume();
t2.end();
