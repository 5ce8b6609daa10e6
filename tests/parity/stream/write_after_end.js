// write after end: false, callback gets the error on a tick, then error + close.
const { Writable } = require('stream');
const { code } = require('./_util');
const w = new Writable({ write(c, e, cb) { cb(); } });
w.on('error', (e) => console.log('error', code(e)));
w.on('close', () => console.log('close'));
w.on('finish', () => console.log('finish (must not happen)'));
w.end();
console.log('write returns', w.write('x', (e) => console.log('write cb', code(e))));
process.nextTick(() => console.log('tick'));
