// 100 writes of 1 KiB in one callback to a peer that reads: each goes to
// the kernel at once (uv_try_write), so write() returns true and
// writableLength stays 0; no 'drain' (nothing ever returned false).
const net = require('net');
const chunk = Buffer.alloc(1024, 'x');
const server = net.createServer((s) => {
  let falses = 0;
  let drains = 0;
  s.on('drain', () => { drains++; });
  for (let i = 1; i <= 100; i++) {
    const r = s.write(chunk);
    if (!r) falses++;
    console.log('write', i, r, 'writableLength', s.writableLength);
  }
  console.log('after loop: false returns', falses, 'writableLength', s.writableLength, 'needDrain', s.writableNeedDrain);
  s.end(() => console.log('server: end callback, drains', drains));
  s.on('close', () => server.close(() => console.log('server closed')));
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  let n = 0;
  c.on('data', (d) => { n += d.length; });
  c.on('end', () => { console.log('client: end, bytes', n); c.end(); });
});
