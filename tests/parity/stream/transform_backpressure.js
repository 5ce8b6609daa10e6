// Transform: the write callback is held while the readable side is full.
const { Transform } = require('stream');
const t = new Transform({
  readableHighWaterMark: 2,
  writableHighWaterMark: 2,
  transform(c, e, cb) { console.log('_transform', c.toString()); this.push(c.toString().toUpperCase()); cb(); },
});
const say = (s) => (e) => console.log('write cb', s);
console.log('write a', t.write('a', say('a')));
console.log('write bb', t.write('bb', say('bb')));
console.log('write c', t.write('c', say('c')));
setImmediate(() => {
  console.log('readable length', t.readableLength, 'writable length', t.writableLength);
  console.log('read', t.read().toString());
  setImmediate(() => console.log('after read: readable length', t.readableLength, 'writable length', t.writableLength));
});
