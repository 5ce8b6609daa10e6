// The first 'newListener' listener is not announced to itself; later ones are.
const EE = require('events');
const e = new EE();
e.on('newListener', (name) => console.log('first sees', name));
e.on('newListener', (name) => console.log('second sees', name));
e.on('x', () => {});
