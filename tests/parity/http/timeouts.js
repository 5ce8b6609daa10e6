// Timeouts: a connection that never sends a byte gets 408 once
// headersTimeout has passed (counted from its arrival); server.setTimeout
// gives 'timeout' (with the socket) to the server, and req.setTimeout to
// an incomplete request, whose listener answers.
const http = require('http');
const net = require('net');

function client(port, data, label, then) {
  const c = net.connect(port, '127.0.0.1');
  if (data) c.write(data);
  let out = '';
  c.on('data', (d) => { out += d; });
  c.on('close', () => {
    console.log(label, 'client closed', JSON.stringify(out.replace(/Date: [^\r]*\r\n/g, 'Date: DATE\r\n')));
    then();
  });
  return c;
}

const a = http.createServer({ headersTimeout: 300, connectionsCheckingInterval: 50 }, () => {});
a.listen(0, '127.0.0.1', () => {
  client(a.address().port, '', 'silent:', () => a.close(() => { console.log('server a closed'); stepB(); }));
});

function stepB() {
  const b = http.createServer((req, res) => {
    console.log('b request', req.url);
    if (req.url === '/body') {
      req.setTimeout(150, () => {
        console.log('req timeout, complete', req.complete);
        res.end('timed out');
      });
    }
  });
  b.setTimeout(150, (sock) => {
    console.log('server timeout, socket', sock instanceof net.Socket);
    sock.destroy();
  });
  b.listen(0, '127.0.0.1', () => {
    const port = b.address().port;
    client(port, 'GET /hang HTTP/1.1\r\nHost: x\r\n\r\n', 'hang:', () => {
      const c = client(port, 'POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345', 'body:', () => {
        b.close(() => console.log('server b closed'));
      });
      c.on('data', () => c.destroy());
    });
  });
}
