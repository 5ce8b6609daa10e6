// The MaxListenersExceededWarning: exact text, once per event, on the next tick.
const EE = require('events');
process.on('warning', (w) => {
  console.log('warning', w.name, w.count, String(w.type), '|', w.message);
  if (typeof w.type === 'symbol') console.log('type is the symbol', w.type === s);
});
const e = new EE();
for (let i = 0; i < 11; i++) e.on('foo', () => {});
e.on('foo', () => {});
console.log('added 12 (synchronous part)');
const s = Symbol('sym');
for (let i = 0; i < 11; i++) e.on(s, () => {});
class MyEmitter extends EE {}
const m = new MyEmitter();
m.setMaxListeners(1);
m.on('bar', () => {});
m.on('bar', () => {});
process.nextTick(() => console.log('tick queued after the warnings'));
