// Pipelined requests whose responses end out of order: the second ends at
// once, the first after a timer. Responses go out in request order, and
// a response waiting behind another finishes when its turn comes.
const http = require('http');
const net = require('net');
let first;
const server = http.createServer((req, res) => {
  const u = req.url;
  console.log(u, 'request');
  res.on('finish', () => console.log(u, 'finish'));
  res.on('close', () => console.log(u, 'close'));
  if (u === '/1') {
    first = res;
    setTimeout(() => { console.log('ending /1'); res.end('one'); }, 20);
  } else {
    console.log(u, 'end returns', res.end(u.slice(1)) === res, 'writableEnded', res.writableEnded, 'writableFinished', res.writableFinished);
  }
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  let got = '';
  c.on('data', (d) => { got += d; });
  c.on('end', () => {
    const bodies = got.split('\r\n\r\n').slice(1).map((s) => s.split('HTTP/1.1')[0]);
    console.log('client: responses', (got.match(/HTTP\/1.1 200/g) || []).length, 'bodies', bodies.join(','));
    server.close();
  });
  c.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
});
