// An emit from inside a once-listener does not call it again.
const EE = require('events');
const e = new EE();
let depth = 0;
e.once('x', (n) => { console.log('once', n); if (depth++ < 3) e.emit('x', n + 1); });
e.on('x', (n) => console.log('on', n));
e.emit('x', 0);
