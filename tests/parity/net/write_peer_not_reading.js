// 512 writes of 16 KiB (8 MiB, more than loopback's kernel buffers hold)
// from a client to a server that does not read (pauseOnConnect). What the kernel takes at once varies with its
// buffers, so the trace shows the rules rather than the split: a write
// returns true exactly while writableLength < writableHighWaterMark, the
// kernel took every byte of the writes that returned true, once one
// returns false the rest do too, and 'drain' comes once when the peer
// reads everything.
const net = require('net');
const chunk = Buffer.alloc(16384, 'y');
const N = 512;
const server = net.createServer({ pauseOnConnect: true }, (s) => {
  let n = 0;
  s.on('data', (d) => { n += d.length; });
  s.on('end', () => { console.log('server: end, bytes', n); s.end(); });
  s.on('close', () => server.close(() => console.log('server closed')));
  setTimeout(() => { console.log('server: resume'); s.resume(); }, 50);
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    let firstFalse = 0;
    let rule = true;
    let takenWhileTrue = true;
    let trueAfterFalse = 0;
    for (let i = 1; i <= N; i++) {
      const r = c.write(chunk);
      const len = c.writableLength;
      if (r !== (len < c.writableHighWaterMark)) rule = false;
      if (r && len !== 0) takenWhileTrue = false;
      if (!r && firstFalse === 0) firstFalse = i;
      if (r && firstFalse !== 0) trueAfterFalse++;
    }
    const queued = c.writableLength;
    console.log('client: some write returned false', firstFalse > 0);
    console.log('client: ret === writableLength < hwm for every write', rule);
    console.log('client: writes that returned true left writableLength 0', takenWhileTrue);
    console.log('client: true after the first false', trueAfterFalse);
    console.log('client: writableLength queued, below the total', queued > 0, queued < N * 16384);
    console.log('client: needDrain', c.writableNeedDrain);
    let drains = 0;
    c.on('drain', () => {
      drains++;
      console.log('client: drain', drains, 'writableLength', c.writableLength);
      c.end();
    });
  });
  c.on('close', () => console.log('client: close'));
});
