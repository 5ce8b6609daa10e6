// _write calls back with an error (async): write cb, buffered cbs, end cb
// get it; then error + close; never finish.
const { Writable } = require('stream');
const { code } = require('./_util');
let n = 0;
const w = new Writable({ write(c, e, cb) { n++; setImmediate(() => cb(n === 1 ? new Error('disk full') : null)); } });
w.on('error', (e) => console.log('error', e.message));
w.on('close', () => console.log('close'));
w.on('finish', () => console.log('finish (must not happen)'));
w.write('a', (e) => console.log('cb a', e && e.message));
w.write('b', (e) => console.log('cb b', e && e.message));
w.end((e) => console.log('end cb', e && e.message));
setImmediate(() => console.log('write after error returns', w.write('c', (e) => console.log('cb c', code(e)))));
