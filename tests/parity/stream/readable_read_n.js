// Paused mode: read(n) splits chunks, returns null when short, all at end.
const { Readable } = require('stream');
const r = new Readable({ read() {} });
r.push('abc');
r.push('defg');
console.log('length', r.readableLength);
const show = (x) => (x === null ? 'null' : x.toString());
console.log('read(2)', show(r.read(2)));
console.log('read(3)', show(r.read(3)));
console.log('read(5)', show(r.read(5)));
r.push(null);
console.log('read(5) after end', show(r.read(5)));
console.log('read() after', show(r.read()));
r.on('end', () => console.log('end'));
r.on('data', (d) => console.log('data', d.toString()));
