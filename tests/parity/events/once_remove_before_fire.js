// removeListener with the original function removes a once registration.
const EE = require('events');
const e = new EE();
const f = () => console.log('never');
e.once('x', f);
console.log('count', e.listenerCount('x'));
e.removeListener('x', f);
console.log('count', e.listenerCount('x'), e.emit('x'));
