// destroy(err): errored at once, 'error' then 'close' on the next tick.
const { Writable } = require('stream');
const w = new Writable({ write(c, e, cb) { cb(); }, destroy(err, cb) { console.log('_destroy', err.message); cb(err); } });
w.on('error', (e) => console.log('error', e.message, 'closed', w.closed));
w.on('close', () => console.log('close'));
w.destroy(new Error('boom'));
console.log('destroyed', w.destroyed, 'errored', w.errored.message, 'closed', w.closed);
process.nextTick(() => console.log('tick after destroy'));
