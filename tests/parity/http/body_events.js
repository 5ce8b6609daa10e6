// Request bodies: Content-Length and chunked bodies delivered in pieces
// across reads, 'data'/'end' order against the response's events, a body
// piped back (the /echo route), and a body left unread.
const http = require('http');
const net = require('net');
const server = http.createServer((req, res) => {
  const u = req.url;
  console.log(u, 'request', req.method, JSON.stringify(req.headers), 'complete', req.complete);
  req.on('end', () => console.log(u, 'req end', 'complete', req.complete));
  req.on('close', () => console.log(u, 'req close'));
  res.on('finish', () => console.log(u, 'res finish'));
  res.on('close', () => console.log(u, 'res close'));
  if (u === '/echo') {
    req.on('data', (d) => console.log(u, 'data', JSON.stringify(d.toString())));
    req.pipe(res);
  } else if (u === '/count') {
    let n = 0;
    req.on('data', (d) => { n += d.length; });
    req.on('end', () => { res.end(`got ${n}\n`); });
  } else {
    res.end('ignored\n');
  }
});
const steps = [
  ['POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello', 'world'],
  ['POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n', '4;ext=1\r\ndefg\r\n0\r\nX-T: 1\r\n\r\n'],
  ['POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n123', '456'],
  ['POST /skip HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd', ''],
];
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  let i = 0;
  let got = '';
  const next = () => {
    if (i === steps.length) { c.end(); return; }
    const [a, b] = steps[i++];
    c.write(a);
    if (b) setTimeout(() => c.write(b), 15);
  };
  c.on('data', (d) => {
    got += d;
    const m = got.match(/\r\n\r\n/);
    if (!m) return;
    const head = got.slice(0, m.index);
    const len = /Content-Length: (\d+)/.exec(head);
    const body = got.slice(m.index + 4);
    if (len && body.length < +len[1]) return;
    if (!len && !body.endsWith('0\r\n\r\n')) return;
    console.log('client: response', JSON.stringify(head.split('\r\n')[0]), JSON.stringify(len ? body : body.replace(/\r\n/g, '|')));
    got = '';
    setTimeout(next, 15);
  });
  c.on('close', () => server.close(() => console.log('server closed')));
  next();
});
