// 'error' with a listener is an ordinary event.
const EE = require('events');
const e = new EE();
e.on('error', (err) => console.log('handled', err.message));
console.log(e.emit('error', new Error('boom')));
