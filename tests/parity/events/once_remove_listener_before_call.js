// A once-wrapper removes itself ('removeListener' fires) before calling the listener.
const EE = require('events');
const e = new EE();
e.on('removeListener', (n) => console.log('removeListener', n, 'count now', e.listenerCount(n)));
e.once('x', () => console.log('listener runs'));
e.once('y', () => console.log('y runs'));
e.on('y', () => console.log('y other'));
e.emit('x');
e.emit('y');
