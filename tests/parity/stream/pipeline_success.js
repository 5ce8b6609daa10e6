// pipeline: callback once, after every close, with undefined.
const { pipeline, Readable, PassThrough, Writable } = require('stream');
let i = 0;
const src = new Readable({ read() { i++; this.push(i <= 2 ? 'p' + i : null); } });
const mid = new PassThrough();
const dst = new Writable({ write(c, e, cb) { console.log('write', c.toString()); cb(); } });
for (const [n, s] of [['src', src], ['mid', mid], ['dst', dst]]) s.on('close', () => console.log(n, 'close'));
const ret = pipeline(src, mid, dst, (err) => console.log('callback', err));
console.log('returns last', ret === dst);
