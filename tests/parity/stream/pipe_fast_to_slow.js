// pipe from a fast source to a slow destination with a small hwm.
const { Readable, Writable } = require('stream');
let i = 0;
const src = new Readable({ highWaterMark: 2, read() { i++; this.push(i <= 5 ? 'x' + i : null); } });
const dst = new Writable({ highWaterMark: 3, write(c, e, cb) { console.log('write', c.toString()); setImmediate(cb); } });
src.on('pause', () => console.log('src pause'));
src.on('resume', () => console.log('src resume'));
src.on('end', () => console.log('src end'));
dst.on('drain', () => console.log('dst drain'));
dst.on('pipe', (s) => console.log('dst pipe event', s === src));
dst.on('unpipe', (s) => console.log('dst unpipe', s === src));
dst.on('finish', () => console.log('dst finish'));
console.log('pipe returns dest', src.pipe(dst) === dst);
