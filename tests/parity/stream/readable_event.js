// 'readable' takes precedence; read() inside it; 'readable' once more at EOF.
const { Readable } = require('stream');
const r = new Readable({ read() {} });
r.on('readable', () => {
  let c;
  console.log('readable, length', r.readableLength);
  while ((c = r.read()) !== null) console.log('got', c.toString());
});
r.on('end', () => console.log('end'));
r.on('data', (d) => console.log('data event', d.toString()));
console.log('flowing', r.readableFlowing, 'paused', r.isPaused());
r.push('a');
r.push('b');
setImmediate(() => { r.push('c'); r.push(null); });
