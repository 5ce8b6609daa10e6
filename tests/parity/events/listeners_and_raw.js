// listeners() unwraps once-wrappers; rawListeners() returns them; calling a
// raw wrapper runs the listener once and removes it.
const EE = require('events');
const e = new EE();
const f = () => console.log('f called');
e.on('x', f);
e.once('x', f);
const ls = e.listeners('x');
console.log('listeners are f', ls[0] === f, ls[1] === f);
const raw = e.rawListeners('x');
console.log('raw[0] is f', raw[0] === f, 'raw[1] wraps f', raw[1].listener === f);
raw[1]();
raw[1]();
console.log('count', e.listenerCount('x'), 'count of f', e.listenerCount('x', f));
ls.pop();
console.log('copy changed, emitter has', e.listeners('x').length);
console.log('unknown', e.listeners('nope').length);
