'use strict';
// Failures and their events: refused, the server closing before a
// response (socket hang up), a reset in the middle of a body (aborted), an
// unparsable response, a timeout, destroy before a socket, abort.
const http = require('http');
const net = require('net');
const { rawServer } = require('./_raw');

const srv = rawServer((s, req) => {
  const path = req.split(' ')[1];
  switch (path) {
    case '/hangup': s.destroy(); break;
    case '/midbody': s.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', () => setTimeout(() => s.destroy(), 20)); break;
    case '/midchunk': s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n', () => setTimeout(() => s.end(), 20)); break;
    case '/bad': s.write('HTTP/1.1 abc\r\n\r\n'); break;
    case '/slow': break;
    default: s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  }
}, (port) => {
  const agent = new http.Agent({ keepAlive: true });
  const trace = (name, req) => {
    req.on('socket', () => console.log(name, 'socket'));
    req.on('response', (res) => {
      console.log(name, 'response', res.statusCode);
      res.on('data', (d) => console.log(name, 'data', String(d)));
      res.on('aborted', () => console.log(name, 'res aborted', res.aborted, res.complete));
      res.on('error', (e) => console.log(name, 'res error', e.code, e.message));
      res.on('end', () => console.log(name, 'res end'));
      res.on('close', () => console.log(name, 'res close'));
    });
    req.on('timeout', () => { console.log(name, 'timeout'); req.destroy(); });
    req.on('abort', () => console.log(name, 'abort'));
    req.on('error', (e) => console.log(name, 'error', e.code, e.syscall || '', e.code && e.code.startsWith('HPE') ? e.message : ''));
    req.on('finish', () => console.log(name, 'finish'));
  };
  const cases = [
    ['refused', (done) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => {
          const req = http.get({ host: '127.0.0.1', port: p, agent });
          trace('refused', req);
          req.on('close', done);
        });
      });
    }],
    ['lookup', (done) => { const req = http.get({ host: 'nonexistent.invalid', port, agent }); trace('lookup', req); req.on('close', done); }],
    ['hangup', (done) => { const req = http.get({ host: '127.0.0.1', port, agent, path: '/hangup' }); trace('hangup', req); req.on('close', done); }],
    ['midbody', (done) => { const req = http.get({ host: '127.0.0.1', port, agent, path: '/midbody' }); trace('midbody', req); req.on('close', () => setTimeout(done, 20)); }],
    ['midchunk', (done) => { const req = http.get({ host: '127.0.0.1', port, agent, path: '/midchunk' }); trace('midchunk', req); req.on('close', () => setTimeout(done, 20)); }],
    ['bad', (done) => { const req = http.get({ host: '127.0.0.1', port, agent, path: '/bad' }); trace('bad', req); req.on('close', done); }],
    ['timeout', (done) => { const req = http.get({ host: '127.0.0.1', port, agent, path: '/slow', timeout: 50 }); trace('timeout', req); req.on('close', done); }],
    ['settimeout', (done) => { const req = http.get({ host: '127.0.0.1', port, agent, path: '/slow' }); req.setTimeout(50); trace('settimeout', req); req.on('close', done); }],
    ['destroy early', (done) => { const req = http.get({ host: '127.0.0.1', port, agent, path: '/ok' }); trace('destroy early', req); req.destroy(); req.on('close', done); }],
    ['destroy err', (done) => { const req = http.get({ host: '127.0.0.1', port, agent, path: '/slow' }); trace('destroy err', req); req.on('socket', () => setTimeout(() => req.destroy(Object.assign(new Error('mine'), { code: 'EMINE' })), 20)); req.on('close', done); }],
    ['abort in response', (done) => { const req = http.get({ host: '127.0.0.1', port, agent, path: '/midbody' }); trace('abort in response', req); req.on('response', () => req.abort()); req.on('close', () => setTimeout(done, 30)); }],
  ];
  let i = 0;
  const next = () => {
    if (i === cases.length) {
      agent.destroy();
      srv.close(() => srv.dump());
      return;
    }
    const [name, fn] = cases[i++];
    fn(() => { console.log(name, 'close'); setImmediate(next); });
  };
  next();
});
