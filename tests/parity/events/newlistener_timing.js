// 'newListener' fires before insertion with the user's function, even for once.
const EE = require('events');
const e = new EE();
const f = () => {};
e.on('newListener', (name, fn) => {
  console.log('newListener', name, 'count before', e.listenerCount(name), 'is f', fn === f);
});
e.on('foo', f);
e.once('foo', f);
e.prependOnceListener('bar', f);
console.log('count after', e.listenerCount('foo'), e.listenerCount('bar'));
