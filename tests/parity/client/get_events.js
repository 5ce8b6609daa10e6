'use strict';
// A GET and a POST on one keep-alive agent: the request bytes the server
// receives, the events of request, response and socket in order, the
// response's status and headers as Node builds them, socket reuse.
const http = require('http');
const { rawServer } = require('./_raw');

const srv = rawServer((s, req, id, n) => {
  if (n === 1) {
    s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nCookie: c\r\nCookie: d\r\nHost: h1\r\nHost: h2\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\nhello');
  } else {
    s.write('HTTP/1.1 201 Created Here\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
  }
}, (port) => {
  const agent = new http.Agent({ keepAlive: true });
  let first;
  const run = (n, opts, body, next) => {
    const req = http.request({ host: '127.0.0.1', port, agent, ...opts }, (res) => {
      console.log(n, 'response', res.statusCode, JSON.stringify(res.statusMessage), res.httpVersion,
        JSON.stringify(res.headers), JSON.stringify(res.rawHeaders));
      res.on('data', (d) => console.log(n, 'data', JSON.stringify(String(d))));
      res.on('end', () => console.log(n, 'end complete', res.complete, 'trailers', JSON.stringify(res.rawTrailers)));
      res.on('close', () => console.log(n, 'res close'));
    });
    req.on('socket', (s) => {
      if (!first) first = s;
      console.log(n, 'socket reused', req.reusedSocket, 'same', s === first);
      s.once('free', () => console.log(n, 'socket free'));
    });
    req.on('finish', () => console.log(n, 'finish'));
    req.on('close', () => {
      console.log(n, 'req close destroyed', req.destroyed);
      setImmediate(next);
    });
    req.on('error', (e) => console.log(n, 'error', e.code));
    if (body === undefined) req.end(); else req.end(body);
    console.log(n, 'after end');
  };
  run(1, { path: '/a' }, undefined, () => {
    run(2, { method: 'POST', path: '/b', headers: { 'X-Req': 'yes' } }, 'hello', () => {
      console.log('free sockets', JSON.stringify(Object.keys(agent.freeSockets).map((k) => agent.freeSockets[k].length)));
      agent.destroy();
      srv.close(() => srv.dump());
    });
  });
});
