// removeAllListeners() goes name by name in key order, 'removeListener' last.
const EE = require('events');
const e = new EE();
e.on('removeListener', (name) => console.log('rm1', name));
e.on('removeListener', (name) => console.log('rm2', name));
e.on('b', () => {});
e.on('5', () => {});
e.on('a', () => {});
e.on('a', () => {});
e.removeAllListeners();
console.log('names', e.eventNames().length);
