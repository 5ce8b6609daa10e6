// res.write() of 64 KiB chunks to a client that reads: the response corks
// its socket for the rest of the tick, so the head and every chunk
// written in that tick count against the high-water mark and write()
// returns false from the first one; 'drain' comes once they are written,
// and the next tick's first write is corked again.
const http = require('http');
const net = require('net');
const chunk = 'z'.repeat(65536);
const server = http.createServer((req, res) => {
  res.setHeader('Content-Type', 'text/plain');
  const show = (what, r) => console.log(what, r, 'writableLength', res.writableLength, 'needDrain', res.writableNeedDrain);
  for (let i = 1; i <= 4; i++) show('write ' + i, res.write(chunk));
  let round = 0;
  res.on('drain', () => {
    round++;
    console.log('drain', round, 'writableLength', res.writableLength);
    if (round === 1) {
      show('write 5', res.write(chunk));
      show('write 6', res.write(chunk));
    } else {
      res.end(() => console.log('end callback'));
      console.log('after end: writableLength', res.writableLength, 'writableEnded', res.writableEnded);
    }
  });
  // Bounds the scenario where 'drain' never comes (silent in Node).
  const guard = setTimeout(() => { console.log('no drain within 3 s'); res.end(); }, 3000);
  res.on('finish', () => { clearTimeout(guard); console.log('finish'); });
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  let got = '';
  c.setEncoding('latin1');
  c.on('data', (d) => {
    got += d;
    if (got.endsWith('\r\n0\r\n\r\n')) {
      let rest = got.slice(got.indexOf('\r\n\r\n') + 4);
      let body = 0;
      let chunks = 0;
      for (;;) {
        const eol = rest.indexOf('\r\n');
        const size = parseInt(rest.slice(0, eol), 16);
        if (size === 0) break;
        chunks++;
        body += rest.slice(eol + 2, eol + 2 + size).split('z').length - 1;
        rest = rest.slice(eol + 2 + size + 2);
      }
      console.log('client: chunks', chunks, 'z bytes', body);
      c.end();
    }
  });
  c.on('close', () => server.close(() => console.log('server closed')));
  c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
});
