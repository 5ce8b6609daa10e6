// net.connect to a name: the 'lookup' event, then 'connect'; a name that
// does not resolve: 'lookup' with the error, then 'error' ENOTFOUND.
const net = require('net');
const srv = net.createServer((s) => { s.end('hi'); });
srv.listen(0, '127.0.0.1', () => {
  const c = net.connect(srv.address().port, 'localhost');
  c.on('lookup', (err, addr, fam, host) => console.log('lookup', err && err.code, host));
  c.on('connect', () => console.log('connect', c.remoteAddress));
  c.on('data', (d) => console.log('data', String(d)));
  c.on('close', () => {
    const b = net.connect(80, 'no-such-host.invalid');
    b.on('lookup', (err, addr, fam, host) => console.log('lookup', err && err.code, host));
    b.on('error', (e) => console.log('error', e.code, e.syscall, e.hostname, e.message));
    b.on('close', () => { console.log('close'); srv.close(); });
  });
});
