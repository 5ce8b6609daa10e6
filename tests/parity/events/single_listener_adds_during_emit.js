// With a single listener, one added during the emit is not called either.
const EE = require('events');
const e = new EE();
e.on('x', () => { console.log('only'); e.on('x', () => console.log('new')); });
e.emit('x');
console.log('--');
e.emit('x');
