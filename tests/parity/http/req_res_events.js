// The events of requests and responses: two requests on one keep-alive
// connection (the second must start with fresh objects), a response
// destroyed by the handler, and a client that goes away mid-request.
const http = require('http');
const net = require('net');
const server = http.createServer((req, res) => {
  const u = req.url;
  console.log(u, 'request', 'res finish/close listeners', res.listenerCount('finish'), res.listenerCount('close'),
    'req end/close listeners', req.listenerCount('end'), req.listenerCount('close'),
    'destroyed', res.destroyed, req.destroyed, 'headers', JSON.stringify(req.headers));
  for (const ev of ['finish', 'close']) res.on(ev, () => console.log(u, 'res', ev, 'destroyed', res.destroyed, 'writableFinished', res.writableFinished));
  res.on('error', (e) => console.log(u, 'res error', e.code));
  for (const ev of ['end', 'close', 'aborted']) req.on(ev, () => console.log(u, 'req', ev, 'destroyed', req.destroyed, 'complete', req.complete));
  req.on('error', (e) => console.log(u, 'req error', e.code, e.message));
  process.nextTick(() => console.log(u, 'tick'));
  if (u === '/destroy') {
    res.destroy();
    console.log(u, 'after destroy', res.destroyed);
  } else if (u !== '/abort') {
    res.setHeader('Content-Type', 'text/plain');
    res.end('ok\n');
    console.log(u, 'after end: writableEnded', res.writableEnded, 'writableFinished', res.writableFinished);
  }
});
const port = () => server.address().port;
function keepAlive(next) {
  const c = net.connect(port(), '127.0.0.1');
  let n = 0;
  c.on('data', () => {
    n++;
    console.log('client: response', n);
    if (n === 1) c.write('GET /second HTTP/1.1\r\nHost: b\r\nX-Second: 2\r\n\r\n');
    else c.end();
  });
  c.on('close', () => next());
  c.write('GET /first HTTP/1.1\r\nHost: a\r\nX-First: 1\r\n\r\n');
}
function destroyed(next) {
  const c = net.connect(port(), '127.0.0.1');
  c.on('data', () => console.log('client: data'));
  c.on('close', () => { console.log('client: closed by server'); next(); });
  c.write('GET /destroy HTTP/1.1\r\nHost: x\r\n\r\n');
}
function aborted(next) {
  const c = net.connect(port(), '127.0.0.1');
  server.once('request', () => setTimeout(() => c.destroy(), 20));
  c.on('close', () => setTimeout(next, 50));
  c.write('GET /abort HTTP/1.1\r\nHost: x\r\n\r\n');
}
server.listen(0, '127.0.0.1', () => {
  keepAlive(() => destroyed(() => aborted(() => server.close(() => console.log('server closed')))));
});
