// The uvhttp app in JavaScript (issue 5, section 4): the reference the wire
// parity suite compares uvhttp with, byte for byte. Usage: node app.js PORT
// (prints "listening PORT" when ready).
'use strict';
const http = require('http');

const intParam = (url, name, def) => {
  const q = url.indexOf('?');
  if (q < 0) return def;
  for (const part of url.slice(q + 1).split('&')) {
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    if (k !== name) continue;
    const v = eq < 0 ? '' : part.slice(eq + 1);
    return /^-?\d+$/.test(v) ? parseInt(v, 10) : def;
  }
  return def;
};

const server = http.createServer((req, res) => {
  const url = req.url;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path === '/hello') {
    res.setHeader('Content-Type', 'text/plain');
    res.end('Hello, World!\n');
  } else if (path === '/echo') {
    res.statusCode = 200;
    res.setHeader('Content-Type', req.headers['content-type'] || 'application/octet-stream');
    req.pipe(res);
  } else if (path === '/stream') {
    const n = intParam(url, 'chunks', 4);
    const size = intParam(url, 'size', 16);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/plain');
    const chunk = 'a'.repeat(Math.max(size, 0));
    let i = 0;
    const pump = () => {
      while (i < n) {
        i++;
        if (!res.write(chunk)) { res.once('drain', pump); return; }
      }
      res.end();
    };
    pump();
  } else if (path === '/headers') {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/plain');
    let out = '';
    for (const [k, v] of Object.entries(req.headers)) {
      if (Array.isArray(v)) for (const x of v) out += `${k}: ${x}\n`;
      else out += `${k}: ${v}\n`;
    }
    res.end(out);
  } else if (path.startsWith('/status/')) {
    const s = path.slice('/status/'.length);
    const code = /^\d+$/.test(s) ? parseInt(s, 10) : NaN;
    if (code >= 100 && code <= 999) {
      res.statusCode = code;
      res.end();
    } else {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain');
      res.end('Not Found\n');
    }
  } else if (path === '/delay') {
    const ms = intParam(url, 'ms', 100);
    setTimeout(() => {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/plain');
      res.end('done\n');
    }, ms);
  } else if (path === '/big') {
    const n = intParam(url, 'bytes', 1024);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', n);
    res.end('b'.repeat(Math.max(n, 0)));
  } else if (path === '/info') {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/plain');
    res.end(`${req.method} ${req.url} HTTP/${req.httpVersion}\n`);
  } else {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain');
    res.end('Not Found\n');
  }
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log('listening', server.address().port);
});
