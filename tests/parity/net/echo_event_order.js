// A TCP echo: the event order on both ends, against Node's net module.
const net = require('net');
const server = net.createServer((s) => {
  console.log('server: connection', s.remoteAddress === '127.0.0.1');
  for (const ev of ['end', 'finish', 'close']) s.on(ev, (x) => console.log('server:', ev, x === undefined ? '' : x));
  s.on('data', (d) => { console.log('server: data', d.toString()); s.write(d); });
});
server.on('listening', () => console.log('listening'));
server.on('close', () => console.log('server close'));
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  for (const ev of ['connect', 'ready', 'end', 'finish']) c.on(ev, () => console.log('client:', ev));
  c.on('close', (hadError) => { console.log('client: close', hadError, 'bytesRead', c.bytesRead, 'bytesWritten', c.bytesWritten); server.close(); });
  c.on('data', (d) => { console.log('client: data', d.toString()); c.end(); });
  c.write('ping');
  console.log('client: pending', c.pending, 'connecting', c.connecting);
});
