// Listeners added during an emit (appended or prepended) are not called by it.
const EE = require('events');
const e = new EE();
e.on('x', () => {
  console.log('a');
  e.on('x', () => console.log('appended'));
  e.prependListener('x', () => console.log('prepended'));
});
e.on('x', () => console.log('b'));
e.emit('x');
console.log('--');
e.emit('x');
