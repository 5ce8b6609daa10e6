'use strict';
// The global agent (no agent option): keep-alive with reuse, a host name
// looked up (localhost), and a process that ends with the idle socket
// still in the pool.
const http = require('http');
const { rawServer } = require('./_raw');

const srv = rawServer((s, req, id, n) => {
  const body = `c${id}r${n}`;
  s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
}, (port) => {
  const get = (name, host, next) => {
    const req = http.get({ host, port, path: '/' + name }, (res) => {
      let b = '';
      res.on('data', (d) => { b += d; });
      res.on('end', () => console.log(name, 'body', b, 'reused', req.reusedSocket));
    });
    req.on('error', (e) => console.log(name, 'error', e.code));
    req.on('close', () => setImmediate(next));
  };
  get('a', '127.0.0.1', () => get('b', '127.0.0.1', () => get('c', 'localhost', () => {
    console.log('free', JSON.stringify(Object.keys(http.globalAgent.freeSockets).map((k) => [k.split(String(port)).join('PORT'), http.globalAgent.freeSockets[k].length])));
    srv.close(() => srv.dump());
    // the free sockets do not keep the process alive; the server's
    // close waits for its connections, so end them from the client side
    http.globalAgent.destroy();
  })));
});
