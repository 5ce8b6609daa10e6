// An error on dest unpipes it (pipe's handler runs first); src stays alive.
const { Readable, Writable } = require('stream');
const src = new Readable({ read() {} });
const dst = new Writable({ write(c, e, cb) { cb(new Error('dest broke')); } });
dst.on('error', (e) => console.log('user error handler', e.message, 'src destroyed', src.destroyed));
dst.on('unpipe', () => console.log('unpipe'));
src.on('pause', () => console.log('src pause'));
src.pipe(dst);
src.push('data');
setImmediate(() => console.log('src destroyed', src.destroyed, 'flowing', src.readableFlowing));
