// unshift() puts data back at the front; after 'end' it is an error.
const { Readable } = require('stream');
const { code } = require('./_util');
const r = new Readable({ read() {} });
r.push('world');
const first = r.read(3);
console.log('read', first.toString());
r.unshift(Buffer.from('hel'));
console.log('read', r.read(5).toString(), 'left', r.readableLength);
r.push(null);
r.on('end', () => { console.log('end'); r.unshift(Buffer.from('late')); });
r.on('error', (e) => console.log('error', code(e)));
r.on('close', () => console.log('close'));
r.resume();
