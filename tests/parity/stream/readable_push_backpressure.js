// push() returns false at the hwm; _read is called again after a read.
const { Readable } = require('stream');
let n = 0;
const r = new Readable({ highWaterMark: 4, read(size) { console.log('_read', size); } });
for (const s of ['ab', 'cd', 'ef']) console.log('push', s, r.push(s), r.readableLength);
process.nextTick(() => {
  console.log('read', r.read(3).toString());
  console.log('read', r.read(3).toString(), r.readableLength);
});
