// hwm 0: no read-ahead; data only when flowing.
const { Readable } = require('stream');
let calls = 0;
const r = new Readable({ highWaterMark: 0, read() { calls++; console.log('_read', calls); if (calls <= 2) this.push('x' + calls); else this.push(null); } });
setImmediate(() => {
  console.log('before consuming, _read calls', calls);
  r.on('data', (d) => console.log('data', d.toString()));
  r.on('end', () => console.log('end', calls));
});
