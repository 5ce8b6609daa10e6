// A throwing listener ends the emit; later listeners do not run.
const EE = require('events');
const e = new EE();
e.on('x', () => { console.log('first throws'); throw new Error('stop'); });
e.on('x', () => console.log('never'));
try { e.emit('x'); } catch (err) { console.log('caught', err.message); }
e.removeAllListeners('x');
e.on('x', () => console.log('emitter still works'));
e.emit('x');
