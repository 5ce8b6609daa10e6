'use strict';
// The agent: maxSockets queues requests (in order, on the sockets that
// free up), lifo and fifo reuse, the server closing a free socket, the
// free socket's timeout (the agent's, shortened by Keep-Alive: timeout),
// maxFreeSockets, destroy.
const http = require('http');
const { rawServer } = require('./_raw');

let closeNext = false;
const srv = rawServer((s, req, id, n) => {
  const path = req.split(' ')[1];
  const ka = path === '/hint' ? 'Keep-Alive: timeout=2\r\n' : path === '/hint1' ? 'Keep-Alive: timeout=1\r\n' : '';
  const body = `c${id}r${n}`;
  s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${ka}\r\n${body}`);
  if (path === '/then-close') setTimeout(() => s.end(), 30);
}, (port) => {
  const get = (agent, name, path, cb) => {
    const req = http.get({ host: '127.0.0.1', port, agent, path }, (res) => {
      let b = '';
      res.setEncoding('latin1');
      res.on('data', (d) => { b += d; });
      res.on('end', () => console.log(name, 'body', b, 'reused', req.reusedSocket));
    });
    req.on('error', (e) => console.log(name, 'error', e.code));
    req.on('close', () => cb && cb());
    return req;
  };
  const counts = (agent) => JSON.stringify([Object.values(agent.sockets).map((l) => l.length),
    Object.values(agent.freeSockets).map((l) => l.length), Object.values(agent.requests).map((l) => l.length)]);
  const steps = [
    (done) => {
      // maxSockets 2, five requests: three wait, in order
      const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
      let left = 5;
      for (let i = 1; i <= 5; i++) {
        get(agent, 'q' + i, '/q', () => { if (--left === 0) setImmediate(() => { console.log('queue done', counts(agent)); agent.destroy(); done(); }); });
      }
      console.log('queued', counts(agent));
    },
    (done) => {
      // lifo (default) and fifo: two free sockets, which is reused
      const run = (scheduling, cb) => {
        const agent = new http.Agent({ keepAlive: true, scheduling });
        let left = 2;
        for (let i = 1; i <= 2; i++) {
          get(agent, scheduling + i, '/s', () => {
            if (--left === 0) setImmediate(() => get(agent, scheduling + ' next', '/s', () => setImmediate(() => { agent.destroy(); cb(); })));
          });
        }
      };
      run('lifo', () => run('fifo', done));
    },
    (done) => {
      // the server closes a free socket: the agent drops it
      const agent = new http.Agent({ keepAlive: true });
      get(agent, 'then-close', '/then-close', () => {
        setImmediate(() => console.log('free before close', counts(agent)));
        setTimeout(() => {
          console.log('free after close', counts(agent));
          get(agent, 'after server close', '/x', () => setImmediate(() => { agent.destroy(); done(); }));
        }, 100);
      });
    },
    (done) => {
      // the agent's timeout closes a free socket
      const agent = new http.Agent({ keepAlive: true, timeout: 50 });
      get(agent, 'timeout', '/t', () => {
        setImmediate(() => console.log('free before timeout', counts(agent)));
        setTimeout(() => { console.log('free after timeout', counts(agent)); agent.destroy(); done(); }, 150);
      });
    },
    (done) => {
      // Keep-Alive: timeout=1 from the server: the socket is not kept
      const agent = new http.Agent({ keepAlive: true });
      get(agent, 'hint1', '/hint1', () => setImmediate(() => { console.log('after hint1', counts(agent)); agent.destroy(); done(); }));
    },
    (done) => {
      // maxFreeSockets 1: of two free sockets one is kept
      const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 1 });
      let left = 2;
      for (let i = 1; i <= 2; i++) {
        get(agent, 'mf' + i, '/mf', () => { if (--left === 0) setImmediate(() => { console.log('maxFree', counts(agent)); agent.destroy(); done(); }); });
      }
    },
    (done) => {
      // not keepAlive: Connection: close... unless maxSockets is finite
      const agent = new http.Agent({ maxSockets: 1 });
      get(agent, 'nka1', '/n', () => setImmediate(() => {
        console.log('no keepAlive', counts(agent));
        agent.destroy();
        done();
      }));
    },
  ];
  let i = 0;
  const next = () => {
    if (i === steps.length) {
      srv.close(() => srv.dump());
      return;
    }
    steps[i++](() => setImmediate(next));
  };
  next();
});
