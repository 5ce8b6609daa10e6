'use strict';
// Responses without bodies (HEAD, 204, 304), 1xx information before the
// final response, 100-continue, trailers, a close-delimited body, and the
// responses after which a kept-alive socket is not reused (Connection:
// close, HTTP/1.0).
const http = require('http');
const { rawServer } = require('./_raw');

const srv = rawServer((s, req) => {
  const path = req.split(' ')[1];
  switch (path) {
    case '/head': s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'); break;
    case '/204': s.write('HTTP/1.1 204 No Content\r\n\r\n'); break;
    case '/304': s.write('HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\nETag: "x"\r\n\r\n'); break;
    case '/info': s.write('HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\nLink: </b.js>\r\n\r\nHTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nfin'); break;
    case '/continue': s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone'); break;
    case '/trailers': s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n2\r\nab\r\n0\r\nX-Sum: 42\r\nx-other: a b \r\n\r\n'); break;
    case '/eof': s.end('HTTP/1.1 200 OK\r\n\r\nall of it'); break;
    case '/close': s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'); break;
    case '/http10': s.write('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok'); break;
    default: s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  }
}, (port) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let prev = null;
  const run = (name, opts, body, done) => {
    const req = http.request({ host: '127.0.0.1', port, agent, ...opts }, (res) => {
      console.log(name, 'response', res.statusCode, JSON.stringify(res.statusMessage), res.httpVersion, JSON.stringify(res.rawHeaders));
      res.on('data', (d) => console.log(name, 'data', JSON.stringify(String(d))));
      res.on('end', () => console.log(name, 'end complete', res.complete, JSON.stringify(res.rawTrailers), JSON.stringify(res.trailers)));
      res.on('close', () => console.log(name, 'res close'));
    });
    req.on('socket', (s) => {
      console.log(name, 'socket reused', req.reusedSocket, 'same as before', s === prev);
      prev = s;
    });
    req.on('information', (info) => console.log(name, 'information', info.statusCode, JSON.stringify(info.statusMessage), JSON.stringify(info.rawHeaders)));
    req.on('continue', () => { console.log(name, 'continue'); req.end(body); });
    req.on('error', (e) => console.log(name, 'error', e.code));
    req.on('close', () => { console.log(name, 'close'); setImmediate(done); });
    if (!opts.headers || !opts.headers.Expect) req.end(body); else req.flushHeaders();
  };
  const cases = [
    ['head', { method: 'HEAD', path: '/head' }],
    ['204', { path: '/204' }],
    ['304', { path: '/304' }],
    ['info', { path: '/info' }],
    ['trailers', { path: '/trailers' }],
    ['continue', { method: 'POST', path: '/continue', headers: { Expect: '100-continue' } }, 'body'],
    ['close', { path: '/close' }],
    ['after close', { path: '/x' }],
    ['http10', { path: '/http10' }],
    ['after http10', { path: '/x' }],
    ['eof', { path: '/eof' }],
  ];
  let i = 0;
  const next = () => {
    if (i === cases.length) {
      agent.destroy();
      srv.close(() => srv.dump());
      return;
    }
    const [name, opts, body] = cases[i++];
    run(name, opts, body, next);
  };
  next();
});
