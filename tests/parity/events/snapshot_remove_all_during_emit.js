// removeAllListeners during an emit does not stop the rest of that emit.
const EE = require('events');
const e = new EE();
e.on('x', () => { console.log('1 removes all'); e.removeAllListeners('x'); });
e.on('x', () => console.log('2'));
e.on('x', () => console.log('3'));
console.log(e.emit('x'));
console.log(e.emit('x'));
