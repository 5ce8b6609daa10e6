// unpipe(dest) pauses the source when no destination is left; data stays buffered.
const { Readable, PassThrough } = require('stream');
const src = new Readable({ read() {} });
const dst = new PassThrough();
dst.on('unpipe', () => console.log('unpipe event'));
dst.on('data', (d) => console.log('dst data', d.toString()));
src.on('pause', () => console.log('src pause'));
src.pipe(dst);
src.push('one');
setImmediate(() => {
  src.unpipe(dst);
  console.log('flowing after unpipe', src.readableFlowing);
  src.push('two');
  setImmediate(() => console.log('buffered in src', src.readableLength));
});
