// A server on a Unix-domain socket and a client: events and their order,
// the server's address (the path), no remote address, and the socket file
// removed when the server closes.
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uvgo-'));
const file = path.join(dir, 's.sock');
const server = net.createServer((s) => {
  console.log('server: connection, remoteAddress empty', !s.remoteAddress);
  s.on('data', (d) => { console.log('server: data', String(d)); s.write(d); });
  s.on('end', () => console.log('server: end'));
  s.on('finish', () => console.log('server: finish'));
  s.on('close', (had) => console.log('server: close', had));
});
server.on('listening', () => console.log('listening, address is the path', server.address() === file));
server.on('close', () => {
  console.log('server close, file exists', fs.existsSync(file));
  fs.rmdirSync(dir);
});
server.listen(file, () => {
  console.log('socket file', fs.statSync(file).isSocket());
  const c = net.connect(file);
  for (const ev of ['connect', 'ready', 'end', 'finish']) c.on(ev, () => console.log('client:', ev));
  c.on('data', (d) => { console.log('client: data', String(d)); c.end(); });
  c.on('close', (had) => {
    console.log('client: close', had, 'bytesRead', c.bytesRead, 'bytesWritten', c.bytesWritten);
    server.close();
  });
  c.write('ping');
  console.log('client: pending', c.pending, 'connecting', c.connecting);
});
