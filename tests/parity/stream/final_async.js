// An async _final delays prefinish and finish.
const { Writable } = require('stream');
const w = new Writable({
  write(c, e, cb) { cb(); },
  final(cb) { console.log('_final'); setImmediate(() => { console.log('final done'); cb(); }); },
});
for (const ev of ['prefinish', 'finish', 'close']) w.on(ev, () => console.log(ev));
w.write('x');
w.end(() => console.log('end cb'));
console.log('end returned');
