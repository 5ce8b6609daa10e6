// finished(): success after close, premature close, error, already closed.
const { finished, Readable, Writable } = require('stream');
const show = (n) => (err) => console.log(n, err ? (err.code || err.message) : 'ok');
const r = new Readable({ read() {} });
finished(r, show('readable ended'));
r.push(null);
r.resume();
const w = new Writable({ write(c, e, cb) { cb(); } });
finished(w, show('writable destroyed early'));
w.destroy();
const e = new Writable({ write(c, e2, cb) { cb(new Error('bad write')); } });
e.on('error', () => {});
finished(e, show('writable error'));
e.write('x');
const done = new Readable({ read() {} });
done.destroy();
setImmediate(() => {
  finished(done, show('already closed'));
  const c = new Readable({ read() {} });
  const cleanup = finished(c, show('cleaned up (never)'));
  cleanup();
  c.destroy();
});
