// Writing to a socket after end(): the callback gets ERR_STREAM_WRITE_AFTER_END.
const net = require('net');
const server = net.createServer((s) => { s.resume(); s.on('end', () => { s.end(); server.close(); }); });
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    c.end('last');
    const r = c.write('late', (e) => console.log('write cb', e && e.code));
    console.log('write returned', r);
  });
  c.on('error', (e) => console.log('error', e.code));
  c.on('close', (h) => console.log('close', h));
  c.resume();
});
