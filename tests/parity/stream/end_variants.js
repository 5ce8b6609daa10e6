// end(chunk, cb); end(cb) after finish; second end before finish.
const { Writable } = require('stream');
const { code } = require('./_util');
const w = new Writable({ write(c, e, cb) { console.log('_write', c.toString()); cb(); } });
w.on('finish', () => {
  console.log('finish');
  w.end((e) => console.log('end after finish', code(e)));
});
w.on('close', () => console.log('close'));
w.end('last', (e) => console.log('end cb 1', code(e)));
w.end((e) => console.log('end cb 2', code(e)));
console.log('writable', w.writable, 'ended', w.writableEnded);
