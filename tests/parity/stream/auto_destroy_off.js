// autoDestroy: false keeps the stream alive after finish; emitClose: false hides close.
const { Writable } = require('stream');
const w = new Writable({ autoDestroy: false, write(c, e, cb) { cb(); } });
w.on('finish', () => { console.log('finish'); setImmediate(() => { console.log('destroyed?', w.destroyed); w.destroy(); }); });
w.on('close', () => console.log('close'));
w.end('x');
const q = new Writable({ emitClose: false, write(c, e, cb) { cb(); } });
q.on('close', () => console.log('q close (must not happen)'));
q.on('finish', () => setImmediate(() => console.log('q closed', q.closed, 'destroyed', q.destroyed)));
q.end();
