// Writes arriving while a write is in flight go to one _writev.
const { Writable } = require('stream');
const w = new Writable({
  write(c, e, cb) { console.log('_write', c.toString()); setImmediate(cb); },
  writev(chunks, cb) { console.log('_writev', chunks.length, chunks.map((x) => x.chunk.toString()).join('')); setImmediate(cb); },
});
for (const s of ['1', '2', '3', '4']) w.write(s, () => console.log('cb', s));
w.end(() => console.log('end cb'));
w.on('finish', () => console.log('finish'));
w.on('close', () => console.log('close'));
