// destroy(err): 'error' on the next tick, 'close' (hadError true) in the close phase.
const net = require('net');
const server = net.createServer((s) => s.on('close', () => { console.log('server: close'); server.close(); }));
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    console.log('connected');
    c.destroy(new Error('client gave up'));
    console.log('destroyed', c.destroyed);
    process.nextTick(() => console.log('tick'));
    setImmediate(() => console.log('immediate'));
  });
  c.on('error', (e) => console.log('error', e.message));
  c.on('close', (hadError) => console.log('close', hadError));
});
