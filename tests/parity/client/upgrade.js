'use strict';
// 101 to an upgrade request with an 'upgrade' listener (the socket and
// the bytes after the head are handed over), without one (the socket is
// destroyed), and CONNECT answered with 200 ('connect').
const http = require('http');
const { rawServer } = require('./_raw');

const srv = rawServer((s, req) => {
  const path = req.split(' ')[1];
  if (req.startsWith('CONNECT')) {
    s.write('HTTP/1.1 200 Connection Established\r\nX-T: 1\r\n\r\ntunnel-head');
  } else {
    s.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nfirst');
  }
  s.on('data', (d) => { if (s.upgraded) s.write('echo:' + d); });
  s.upgraded = true;
  if (path === '/nolistener') setTimeout(() => s.destroy(), 50);
}, (port) => {
  const agent = new http.Agent({ keepAlive: true });
  const steps = [
    (done) => {
      const req = http.request({ host: '127.0.0.1', port, agent, path: '/up', headers: { Connection: 'Upgrade', Upgrade: 'echo' } });
      req.on('upgrade', (res, socket, head) => {
        console.log('upgrade', res.statusCode, JSON.stringify(res.rawHeaders), JSON.stringify(String(head)), 'sockets', Object.keys(agent.sockets).length);
        socket.on('data', (d) => { console.log('socket data', String(d)); socket.destroy(); });
        socket.on('close', () => { console.log('socket close'); done(); });
        socket.write('ping');
      });
      req.on('response', () => console.log('response (unexpected)'));
      req.on('close', () => console.log('req close'));
      req.on('error', (e) => console.log('error', e.code));
      req.end();
    },
    (done) => {
      const req = http.request({ host: '127.0.0.1', port, agent, path: '/nolistener', headers: { Connection: 'Upgrade', Upgrade: 'echo' } });
      req.on('response', () => console.log('nolistener response'));
      req.on('close', () => { console.log('nolistener req close'); done(); });
      req.on('error', (e) => console.log('nolistener error', e.code));
      req.end();
    },
    (done) => {
      const req = http.request({ host: '127.0.0.1', port, agent, method: 'CONNECT', path: 'example:443' });
      req.on('connect', (res, socket, head) => {
        console.log('connect', res.statusCode, JSON.stringify(res.statusMessage), JSON.stringify(String(head)));
        socket.destroy();
        socket.on('close', () => { console.log('tunnel close'); done(); });
      });
      req.on('close', () => console.log('connect req close'));
      req.on('error', (e) => console.log('connect error', e.code));
      req.end();
    },
  ];
  let i = 0;
  const next = () => {
    if (i === steps.length) {
      agent.destroy();
      srv.close(() => srv.dump());
      return;
    }
    steps[i++](() => setImmediate(next));
  };
  next();
});
