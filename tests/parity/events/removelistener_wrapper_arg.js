// Which function 'removeListener' carries for a once-wrapper (J2).
const EE = require('events');
const e = new EE();
const f = () => {};
e.on('removeListener', (name, fn) => console.log(name, 'is f', fn === f, 'wraps f', fn.listener === f));
e.once('single', f);
e.emit('single');
e.once('multi', f);
e.on('multi', () => {});
e.emit('multi');
e.once('byuser', f);
e.on('byuser', () => {});
e.removeListener('byuser', f);
