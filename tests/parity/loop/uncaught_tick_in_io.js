// A throwing tick queued by an I/O callback: after the handler, the
// remaining ticks, then the microtasks, run before the check phase.
const net = require('net');
process.on('uncaughtException', (e) => console.log('caught', e.message));
const srv = net.createServer((c) => {
  console.log('io: connection');
  process.nextTick(() => {
    console.log('t1');
    queueMicrotask(() => console.log('m1'));
    throw new Error('x');
  });
  process.nextTick(() => console.log('t2'));
  queueMicrotask(() => console.log('m0'));
  setImmediate(() => console.log('immediate'));
  c.destroy();
  srv.close();
});
srv.listen(0, '127.0.0.1', () => {
  const cli = net.connect(srv.address().port, '127.0.0.1');
  cli.on('error', () => {});
  cli.on('close', () => {});
});
