// The server's own events: 'listening', 'connection', 'request', then
// close() with one idle keep-alive connection (closed at once, Node 19+)
// and one with a request in flight (it finishes, and the server's 'close'
// comes when that connection goes idle for keepAliveTimeout + 1 s).
const http = require('http');
const net = require('net');
let slow;
const server = http.createServer((req, res) => {
  console.log('request', req.url);
  if (req.url === '/slow') {
    slow = res;
    return;
  }
  res.end('ok');
});
server.keepAliveTimeout = 100;
server.on('listening', () => console.log('listening'));
server.on('connection', (s) => console.log('connection', s.remoteAddress));
server.on('close', () => console.log('server close event'));
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const a = net.connect(port, '127.0.0.1');
  a.on('data', () => {
    console.log('a: response');
    const b = net.connect(port, '127.0.0.1');
    b.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    b.on('data', (d) => console.log('b: response', /Connection: (\S+)/.exec(d.toString())[1]));
    b.on('close', () => console.log('b: closed'));
    setTimeout(() => {
      console.log('closing server');
      server.close(() => console.log('close callback'));
      setTimeout(() => { console.log('ending slow response'); slow.end('done'); }, 30);
    }, 30);
  });
  a.on('end', () => console.log('a: end'));
  a.on('close', () => console.log('a: closed'));
  a.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
});
