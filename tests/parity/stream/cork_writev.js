// cork() buffers; uncork() flushes everything as one _writev.
const { Writable } = require('stream');
const w = new Writable({
  write(c, e, cb) { console.log('_write', c.toString()); cb(); },
  writev(chunks, cb) { console.log('_writev', chunks.map((x) => x.chunk.toString()).join('|')); cb(); },
});
w.cork();
w.cork();
console.log('corked', w.writableCorked);
w.write('a', () => console.log('cb a'));
w.write('b', () => console.log('cb b'));
w.write('c');
w.uncork();
console.log('still corked', w.writableCorked, 'length', w.writableLength);
process.nextTick(() => { w.uncork(); console.log('after uncork length', w.writableLength); w.write('d'); w.end(); });
w.on('finish', () => console.log('finish'));
