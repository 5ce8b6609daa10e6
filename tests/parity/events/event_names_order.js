// eventNames(): array indexes ascending, other strings, then symbols.
const EE = require('events');
const e = new EE();
const s = Symbol('s');
for (const n of ['b', '10', '2', s, 'a', '01', '-1', '4294967295', '4294967294']) e.on(n, () => {});
console.log(e.eventNames().map(String).join(' '));
e.removeAllListeners('b');
e.on('b', () => {});
console.log(e.eventNames().map(String).join(' '));
