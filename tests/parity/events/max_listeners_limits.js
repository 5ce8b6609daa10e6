// Per-instance limits, 0 = unlimited, warn again after shrinking to one.
const EE = require('events');
let n = 0;
process.on('warning', (w) => console.log('warning', ++n, w.count, String(w.type)));
const e = new EE();
console.log('default', e.getMaxListeners());
e.setMaxListeners(0);
for (let i = 0; i < 20; i++) e.on('many', () => {});
e.setMaxListeners(2);
console.log('limit', e.getMaxListeners());
e.on('x', () => {}); e.on('x', () => {}); e.on('x', () => {});
e.on('x', () => {});
e.removeAllListeners('x');
e.on('x', () => {}); e.on('x', () => {}); e.on('x', () => {});
try { e.setMaxListeners(-1); } catch (err) { console.log(err.code, err.message); }
setTimeout(() => console.log('done'), 1);
