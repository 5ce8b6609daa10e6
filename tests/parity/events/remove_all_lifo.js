// removeAllListeners(name) reports each removal, last registered first.
const EE = require('events');
const e = new EE();
const fns = [1, 2, 3].map((i) => { const f = () => {}; f.id = i; return f; });
e.on('removeListener', (name, fn) => console.log('removed', name, fn.id));
for (const f of fns) e.on('x', f);
const before = e.listeners('x');
e.removeAllListeners('x');
console.log('earlier copy still has', before.length);
