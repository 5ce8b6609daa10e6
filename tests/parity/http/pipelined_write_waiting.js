// Two pipelined requests; the first answers after a timer, the second
// writes 8 KiB chunks at once, while it waits for its turn. A waiting
// response holds its bytes itself: write() returns outputSize <
// highWaterMark and writableLength is what it holds. When the first
// response ends, the second goes out and 'drain' follows. Node emits that
// 'drain' from inside the flush (_flushOutput -> updateOutgoingData ->
// socketOnDrain), after the held bytes went to the socket (taken by the
// kernel at once here) but before outputSize is zeroed, so writableLength
// still shows them at that moment.
const http = require('http');
const net = require('net');
const chunk = 'w'.repeat(8192);
const server = http.createServer((req, res) => {
  const u = req.url;
  res.on('finish', () => console.log(u, 'finish'));
  if (u === '/1') {
    setTimeout(() => { console.log('ending /1'); res.end('one'); }, 30);
    return;
  }
  res.on('drain', () => {
    console.log(u, 'drain', 'writableLength', res.writableLength);
    res.end();
  });
  for (let i = 1; i <= 4; i++) {
    const r = res.write(chunk);
    console.log(u, 'write', i, r, 'writableLength', res.writableLength, 'needDrain', res.writableNeedDrain);
  }
  setImmediate(() => {
    const r = res.write(chunk);
    console.log(u, 'later write', r, 'writableLength', res.writableLength, 'needDrain', res.writableNeedDrain);
  });
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  let got = '';
  c.setEncoding('latin1');
  c.on('data', (d) => {
    got += d;
    if (got.endsWith('\r\n0\r\n\r\n')) {
      const heads = got.match(/HTTP\/1\.1 200 OK/g).length;
      console.log('client: responses', heads, 'w bytes', got.split('w').length - 1, 'one first', got.indexOf('one') < got.indexOf('w'));
      c.end();
    }
  });
  c.on('close', () => server.close(() => console.log('server closed')));
  c.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n');
});
