// emit passes exactly the given arguments and returns whether anyone listened.
const EE = require('events');
const e = new EE();
console.log('no listener', e.emit('x', 1));
e.on('x', (...args) => console.log('args', args.length, args.join(',')));
console.log(e.emit('x'));
e.emit('x', 1);
e.emit('x', 1, 'two', 3);
