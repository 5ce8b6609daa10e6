// destroy() with buffered writes: callbacks get ERR_STREAM_DESTROYED after
// the in-flight write completes; end callbacks too; then close.
const { Writable } = require('stream');
const { code } = require('./_util');
let inflight;
const w = new Writable({ write(c, e, cb) { console.log('_write', c.toString()); inflight = cb; } });
w.write('a', (e) => console.log('cb a', code(e)));
w.write('b', (e) => console.log('cb b', code(e)));
w.end((e) => console.log('end cb', code(e)));
w.on('close', () => console.log('close', 'destroyed', w.destroyed, 'closed', w.closed));
w.on('error', (e) => console.log('error', code(e)));
w.destroy();
w.destroy(new Error('ignored'));
console.log('after destroy', w.destroyed, 'write returns', w.write('c', (e) => console.log('cb c', code(e))));
setImmediate(() => { console.log('complete in-flight'); inflight(); });
