// Removing the last listener of the emitter (the 'removeListener' one itself)
// emits nothing (B11).
const EE = require('events');
const e = new EE();
const r = (name) => console.log('removeListener', name);
e.on('removeListener', r);
e.on('x', () => {});
e.removeAllListeners('x');
e.removeListener('removeListener', r);
console.log('names', e.eventNames().length);
