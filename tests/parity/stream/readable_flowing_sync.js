// A flowing stream with synchronous pushes: data, end, close all in ticks,
// before promise microtasks.
const { Readable } = require('stream');
let i = 0;
const r = new Readable({ read() { i++; if (i <= 3) this.push('c' + i); else this.push(null); } });
r.on('data', (d) => console.log('data', d.toString()));
r.on('end', () => console.log('end'));
r.on('close', () => console.log('close'));
r.on('resume', () => console.log('resume'));
Promise.resolve().then(() => console.log('microtask'));
console.log('flowing', r.readableFlowing);
