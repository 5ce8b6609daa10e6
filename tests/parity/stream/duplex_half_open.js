// Duplex allowHalfOpen: false ends the writable side after 'end'.
const { Duplex } = require('stream');
const d = new Duplex({
  allowHalfOpen: false,
  read() { this.push('only'); this.push(null); },
  write(c, e, cb) { cb(); },
});
for (const ev of ['end', 'prefinish', 'finish', 'close']) d.on(ev, () => console.log(ev, 'writableEnded', d.writableEnded));
d.on('data', (x) => console.log('data', x.toString()));
const h = new Duplex({ read() { this.push(null); }, write(c, e, cb) { cb(); } });
h.on('end', () => setImmediate(() => console.log('half-open: writable still', h.writable)));
h.resume();
