// The source waits for 'drain' from every destination that returned false.
const { Readable, Writable } = require('stream');
let i = 0;
const src = new Readable({ read() { i++; this.push(i <= 3 ? 'chunk' + i : null); } });
const mk = (name, delay) => new Writable({ highWaterMark: 1, write(c, e, cb) { console.log(name, 'write', c.toString()); setTimeout(cb, delay); } });
const a = mk('a', 1);
const b = mk('b', 15);
a.on('drain', () => console.log('a drain'));
b.on('drain', () => console.log('b drain'));
src.on('resume', () => console.log('src resume'));
src.on('pause', () => console.log('src pause'));
src.pipe(a);
src.pipe(b);
b.on('finish', () => console.log('b finish'));
