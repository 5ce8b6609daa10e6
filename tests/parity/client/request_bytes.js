'use strict';
// The bytes of requests as Node writes them: header order, Host,
// Connection, Content-Length versus chunked for each method and each way
// of ending, headers removed or set by the app, agent: false.
const http = require('http');
const { rawServer } = require('./_raw');

const srv = rawServer((s, req) => {
  s.write(req.startsWith('HEAD') ? 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n'
    : 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
}, (port) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const cases = [
    ['get end()', { }, (q) => q.end()],
    ['post end(data)', { method: 'POST' }, (q) => q.end('hello')],
    ['post write+end', { method: 'POST' }, (q) => { q.write('ab'); q.end('cd'); }],
    ['post user CL', { method: 'post', headers: { 'X-A': '1', 'content-length': '3' } }, (q) => { q.write('abc'); q.end(); }],
    ['put end()', { method: 'PUT' }, (q) => q.end()],
    ['head', { method: 'HEAD' }, (q) => q.end()],
    ['delete', { method: 'DELETE' }, (q) => q.end()],
    ['options write', { method: 'OPTIONS' }, (q) => { q.write('abc'); q.end(); }],
    ['connection close', { method: 'POST', headers: { Connection: 'close' } }, (q) => q.end('')],
    ['te set later', { method: 'PATCH' }, (q) => { q.setHeader('Transfer-Encoding', 'chunked'); q.end('x'); }],
    ['host set', { path: '/a?b' }, (q) => { q.setHeader('Host', 'example'); q.end(); }],
    ['no host', { setHost: false }, (q) => q.end()],
    ['remove CL', { method: 'POST' }, (q) => { q.removeHeader('Content-Length'); q.end('xyz'); }],
    ['empty write', { method: 'POST' }, (q) => { q.write(''); q.end(); }],
    ['flushHeaders', { method: 'POST' }, (q) => { q.flushHeaders(); q.end('late'); }],
    ['multi values', { headers: { 'X-M': ['1', '2'] } }, (q) => q.end()],
    ['agent false', { agent: false, method: 'PUT' }, (q) => q.end('p')],
  ];
  let i = 0;
  const next = () => {
    if (i === cases.length) {
      agent.destroy();
      srv.close(() => srv.dump());
      return;
    }
    const [name, opts, fn] = cases[i++];
    const req = http.request({ host: '127.0.0.1', port, agent, ...opts }, (res) => {
      res.resume();
      res.on('end', () => console.log(name, 'status', res.statusCode));
    });
    req.on('error', (e) => console.log(name, 'error', e.code));
    req.on('close', () => setImmediate(next));
    fn(req);
  };
  next();
});
