// server.close(): stops accepting; 'close' waits for the open connection.
const net = require('net');
let sock;
const server = net.createServer((s) => { sock = s; console.log('connection, count', server.connections === undefined ? 'n/a' : 'x'); });
server.on('close', () => console.log('server close event'));
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    setTimeout(() => {
      server.close((err) => console.log('close callback', err === undefined ? 'undefined' : err));
      server.getConnections((e, n) => console.log('connections', n));
      setTimeout(() => { console.log('ending client'); c.end(); }, 10);
    }, 5);
  });
  c.on('close', () => console.log('client close'));
  c.resume();
});
