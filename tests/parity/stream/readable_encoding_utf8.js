// setEncoding('utf8'): strings out, split multi-byte sequences held back.
const { Readable } = require('stream');
const r = new Readable({ read() {} });
r.setEncoding('utf8');
const euro = Buffer.from('€');
r.on('data', (d) => console.log('data', typeof d, JSON.stringify(d), d.length));
r.on('end', () => console.log('end'));
r.push(Buffer.from('a'));
r.push(euro.subarray(0, 1));
r.push(euro.subarray(1));
r.push(Buffer.from('b'));
r.push(null);
console.log('encoding', r.readableEncoding);
