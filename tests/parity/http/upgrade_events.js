// An Upgrade request with an 'upgrade' listener: the request, the bytes
// that followed it in the same packet as head, then raw data both ways on
// the socket, and its end. The 'request' listener is not called.
const http = require('http');
const net = require('net');
const server = http.createServer(() => console.log('request (not expected)'));
server.on('upgrade', (req, socket, head) => {
  console.log('upgrade', req.method, req.url, req.headers.upgrade, 'head', JSON.stringify(head.toString()));
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
  socket.on('data', (d) => {
    console.log('server: data', JSON.stringify(d.toString()));
    socket.write(d.toString().toUpperCase());
  });
  socket.on('end', () => { console.log('server: end'); socket.end(); });
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  let got = '';
  c.on('data', (d) => {
    got += d;
    if (got.includes('\r\n\r\n') && !got.includes('PING')) {
      console.log('client:', JSON.stringify(got.split('\r\n')[0]));
      got = '';
      c.write('ping');
    } else if (got === 'PING') {
      console.log('client: got', got);
      c.end();
    }
  });
  c.on('close', () => server.close(() => console.log('server closed')));
  c.write('GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nhello');
});
