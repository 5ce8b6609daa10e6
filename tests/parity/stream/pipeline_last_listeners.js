// After pipeline() completes, a readable last stream keeps none of the
// pipeline's 'error' listeners (the others keep theirs), so a later
// destroy(err) on it is an uncaught exception again.
const { pipeline, Duplex, PassThrough } = require('stream');
process.on('uncaughtException', (err) => console.log('uncaught', err.message));
const a = new PassThrough();
a.end('foobar');
const b = new Duplex({ write(chunk, encoding, cb) { cb(); } });
console.log('before', a.listenerCount('error'), b.listenerCount('error'));
pipeline(a, b, (err) => {
  console.log('done', err === undefined || err === null ? 'ok' : err.message);
  console.log('first keeps listeners', a.listenerCount('error') > 0, 'last', b.listenerCount('error'));
  setImmediate(() => {
    b.destroy(new Error('no way'));
    console.log('destroyed');
  });
});
// After a failure the listeners stay.
const c = new PassThrough();
const d = new PassThrough();
pipeline(c, d, (err) => console.log('failed', err.message, 'last keeps listeners', d.listenerCount('error') > 0));
c.destroy(new Error('x'));
