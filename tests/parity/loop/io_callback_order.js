// From an I/O callback: ticks, then microtasks, then the immediate (check
// phase), then the timeout.
const net = require('net');
const srv = net.createServer((sock) => {
  console.log('io: connection');
  setTimeout(() => console.log('timeout 0'), 0);
  setImmediate(() => console.log('immediate'));
  queueMicrotask(() => console.log('microtask'));
  process.nextTick(() => console.log('tick'));
  sock.destroy();
  srv.close();
});
srv.listen(0, '127.0.0.1', () => {
  net.connect(srv.address().port, '127.0.0.1').on('error', () => {}).on('close', () => {});
});
