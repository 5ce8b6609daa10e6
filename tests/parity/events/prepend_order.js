// prependListener and prependOnceListener put listeners at the front.
const EE = require('events');
const e = new EE();
e.on('x', () => console.log('on'));
e.prependListener('x', () => console.log('prepend'));
e.prependOnceListener('x', () => console.log('prependOnce'));
e.emit('x');
console.log('--');
e.emit('x');
