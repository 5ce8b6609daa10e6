// 'removeListener' fires after the removal, with the name and function.
const EE = require('events');
const e = new EE();
const a = () => {};
const b = () => {};
e.on('removeListener', (name, fn) => console.log('removed', name, fn === a ? 'a' : fn === b ? 'b' : '?', 'left', e.listenerCount(name)));
e.on('x', a);
e.on('x', b);
e.removeListener('x', a);
e.removeListener('x', b);
e.removeListener('x', b);
console.log('nothing reported for an unknown listener');
