// pipeline: a stream destroyed without error mid-flow is a premature close.
const { pipeline, Readable, Writable } = require('stream');
const src = new Readable({ read() {} });
const dst = new Writable({ write(c, e, cb) { cb(); } });
pipeline(src, dst, (err) => console.log('callback', err.code, err.message));
src.push('a');
setImmediate(() => dst.destroy());
