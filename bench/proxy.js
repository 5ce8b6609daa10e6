// The reverse proxy of `uvhttp -upstream` in Node 20, the few lines Node's
// docs teach: http.createServer + http.request through a keep-alive Agent,
// the request piped into the upstream request and the upstream response
// piped into the response. Hop-by-hop headers are dropped both ways,
// X-Forwarded-For/-Proto/-Host added, 502 on an upstream error before the
// response head (after it: the client's connection is destroyed), and a
// client that goes away destroys the upstream request.
// Usage: node bench/proxy.js UPSTREAM_HOST:PORT [PORT]
// (prints "listening PORT" when ready).
'use strict';
const http = require('http');

const [upHost, upPort] = process.argv[2].split(':');
const agent = new http.Agent({ keepAlive: true });
const HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding',
  'upgrade', 'proxy-authorization', 'proxy-authenticate'];

// strip returns raw (a flat name, value array) without the hop-by-hop
// headers, including those the Connection header names.
function strip(raw) {
  const drop = new Set(HOP);
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'connection') {
      for (const t of raw[i + 1].split(',')) drop.add(t.trim().toLowerCase());
    }
  }
  const out = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!drop.has(raw[i].toLowerCase())) out.push(raw[i], raw[i + 1]);
  }
  return out;
}

const server = http.createServer((req, res) => {
  const headers = strip(req.rawHeaders);
  const xff = req.headers['x-forwarded-for'];
  const addr = req.socket.remoteAddress;
  const kept = [];
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i].toLowerCase() !== 'x-forwarded-for') kept.push(headers[i], headers[i + 1]);
  }
  kept.push('X-Forwarded-For', xff ? xff + ', ' + addr : addr);
  if (!req.headers['x-forwarded-proto']) kept.push('X-Forwarded-Proto', 'http');
  if (!req.headers['x-forwarded-host'] && req.headers.host) kept.push('X-Forwarded-Host', req.headers.host);
  // A chunked request body stays chunked on the upstream hop (Node would
  // not frame a GET body on its own).
  if (req.headers['transfer-encoding'] !== undefined && req.headers['content-length'] === undefined) {
    kept.push('Transfer-Encoding', 'chunked');
  }
  const up = http.request({ host: upHost, port: upPort, method: req.method, path: req.url, headers: kept, agent },
    (ures) => {
      res.writeHead(ures.statusCode, ures.statusMessage, strip(ures.rawHeaders));
      ures.pipe(res);
      ures.on('aborted', () => res.destroy());
      ures.on('error', () => res.destroy());
    });
  up.on('error', () => {
    if (res.headersSent) { res.destroy(); return; }
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end('Bad Gateway\n');
  });
  res.on('close', () => { if (!res.writableFinished) up.destroy(); });
  req.pipe(up);
});
server.listen(+(process.argv[3] || 0), '127.0.0.1', () => console.log('listening', server.address().port));
