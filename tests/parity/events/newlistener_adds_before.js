// A listener added from 'newListener' for the same event goes first.
const EE = require('events');
const e = new EE();
e.once('newListener', (name) => {
  console.log('newListener for', name);
  e.on(name, () => console.log('added inside newListener'));
});
e.on('hello', () => console.log('added by user'));
e.emit('hello');
