// once('error') handles only the first error.
const EE = require('events');
const e = new EE();
e.once('error', (err) => console.log('first', err.message));
e.emit('error', new Error('a'));
try { e.emit('error', new Error('b')); } catch (err) { console.log('thrown', err.message); }
