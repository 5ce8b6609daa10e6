// The same function registered twice: removal takes the most recent one.
const EE = require('events');
const e = new EE();
const f = () => console.log('f');
e.on('x', f);
e.on('x', () => console.log('g'));
e.on('x', f);
e.removeListener('x', f);
e.emit('x');
console.log('count f', e.listenerCount('x', f));
