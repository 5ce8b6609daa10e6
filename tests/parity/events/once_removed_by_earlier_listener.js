// A once-listener removed by an earlier listener of the same emit still runs.
const EE = require('events');
const e = new EE();
const o = () => console.log('once');
e.on('x', () => { console.log('first removes once'); e.removeListener('x', o); });
e.once('x', o);
e.emit('x');
console.log('count', e.listenerCount('x'));
e.emit('x');
