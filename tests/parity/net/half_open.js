// allowHalfOpen: the server keeps writing after the client's FIN.
const net = require('net');
const server = net.createServer({ allowHalfOpen: true }, (s) => {
  s.on('end', () => { console.log('server: end, writable', s.writable); s.end('bye'); });
  s.on('close', () => { console.log('server: close'); server.close(); });
  s.resume();
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect({ port: server.address().port, host: '127.0.0.1', allowHalfOpen: true });
  c.on('data', (d) => console.log('client: data', d.toString()));
  c.on('end', () => { console.log('client: end'); c.end(); });
  c.on('close', () => console.log('client: close'));
  c.on('connect', () => c.end());
});
