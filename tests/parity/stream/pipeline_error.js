// pipeline: the first error destroys every unfinished stream, in order.
const { pipeline, Readable, PassThrough, Writable } = require('stream');
const src = new Readable({ read() {} });
const mid = new PassThrough();
const dst = new Writable({ write(c, e, cb) { cb(); } });
for (const [n, s] of [['src', src], ['mid', mid], ['dst', dst]]) {
  s.on('close', () => console.log(n, 'close'));
  s.on('error', (e) => console.log(n, 'error', e.message));
}
pipeline(src, mid, dst, (err) => console.log('callback', err.message));
src.push('a');
setImmediate(() => mid.destroy(new Error('mid failed')));
