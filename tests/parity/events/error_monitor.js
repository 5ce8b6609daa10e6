// errorMonitor listeners run first and do not count as 'error' listeners.
const EE = require('events');
const e = new EE();
e.on(EE.errorMonitor, (err) => console.log('monitor', err.message));
console.log('error listeners', e.listenerCount('error'));
try { e.emit('error', new Error('one')); } catch (err) { console.log('thrown', err.message); }
e.on('error', (err) => console.log('error', err.message));
e.emit('error', new Error('two'));
