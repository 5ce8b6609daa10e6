// One side destroys a connection whose other end is in the same process:
// the order in which both sides learn it.
const net = require('net');
const server = net.createServer((s) => {
  s.on('close', () => { console.log('server: socket close'); server.close(() => console.log('server: close')); });
  setTimeout(() => { console.log('server: destroy'); s.destroy(); }, 20);
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  for (const ev of ['end', 'finish', 'close']) c.on(ev, () => console.log('client:', ev));
});
