// A listener removed during an emit, not yet reached, is still called.
const EE = require('events');
const e = new EE();
const b = () => console.log('b');
e.on('x', () => { console.log('a removes b'); e.removeListener('x', b); });
e.on('x', b);
e.emit('x');
console.log('--');
e.emit('x');
