// writableBuffer and readableBuffer show what is buffered, oldest first.
const { Writable, Readable } = require('stream');
const w = new Writable({ write(c, e, cb) { console.log('_write', c.toString('hex')); setImmediate(cb); } });
w.write('a'); w.write('b'); w.write('c', 'hex'); w.write('6465', 'hex');
console.log('writableBuffer', JSON.stringify(w.writableBuffer.map((x) => [x.chunk.toString('hex'), x.encoding])));
w.on('finish', () => console.log('finish, writableBuffer', w.writableBuffer.length));
w.end();
const r = new Readable({ read() {} });
r.push('x'); r.push('yz');
console.log('readableBuffer', JSON.stringify(r.readableBuffer.map(String)));
r.read(2);
// Node 20.20 leaves consumed slots of its array as null: not data, skipped.
console.log('after read(2)', JSON.stringify(r.readableBuffer.filter((c) => c !== null).map(String)));
