// A handler that answers after its client went away: write and end on a
// destroyed response neither throw nor emit 'error' or 'finish'.
const http = require('http');
const net = require('net');
const server = http.createServer((req, res) => {
  res.on('error', (e) => console.log('res error', e.code));
  res.on('finish', () => console.log('res finish'));
  res.on('close', () => console.log('res close', 'destroyed', res.destroyed));
  setTimeout(() => {
    console.log('late write returns', res.write('x'), 'destroyed', res.destroyed);
    res.setHeader('X-A', '1');
    res.end('late');
    console.log('after end: writableEnded', res.writableEnded, 'writableFinished', res.writableFinished, 'headersSent', res.headersSent);
    setTimeout(() => { console.log('later: finish seen?'); server.close(() => console.log('server closed')); }, 20);
  }, 60);
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    setTimeout(() => c.destroy(), 20);
  });
});
