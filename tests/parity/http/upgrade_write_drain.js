// After an upgrade the socket is a real net.Socket with backpressure. The
// server first fills the kernel's buffers (64 KiB writes until one returns
// false; how many varies with the kernel, so it is not printed) and waits
// for 'drain', then writes 1 MiB in 64 KiB messages to a slow peer, each
// corked and uncorked as WebSocket libraries frame a message, honouring
// 'drain': every write returns false (the corked bytes count against the
// high-water mark) and one 'drain' follows each. The peer reads in small
// steps with pauses and checks what it got.
const http = require('http');
const net = require('net');
const filler = Buffer.alloc(65536, 'f');
const payload = Buffer.alloc(65536, 'p');
const server = http.createServer(() => console.log('request (not expected)'));
server.on('upgrade', (req, socket, head) => {
  console.log('upgrade', req.url, req.headers.upgrade, 'head', head.length);
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: slow\r\nConnection: Upgrade\r\n\r\n');
  let fills = 0;
  while (socket.write(filler)) fills++;
  console.log('filler: write returned false, needDrain', socket.writableNeedDrain, 'queued', socket.writableLength > 0);
  let i = 0;
  const pump = () => {
    if (i === 16) {
      console.log('server: end');
      socket.end();
      return;
    }
    i++;
    socket.cork();
    const r = socket.write(payload);
    console.log('write', i, r, 'writableLength', socket.writableLength, 'needDrain', socket.writableNeedDrain);
    socket.uncork();
    if (r) pump();
  };
  let drains = 0;
  socket.on('drain', () => {
    drains++;
    console.log('drain', drains, 'writableLength', socket.writableLength);
    pump();
  });
  socket.on('close', () => { console.log('server: socket close'); server.close(() => console.log('server closed')); });
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  let head = '';
  let upgraded = false;
  let p = 0;
  let f = 0;
  let other = 0;
  const count = (d) => {
    for (const b of d) {
      if (b === 0x70) p++;
      else if (b === 0x66) f++;
      else other++;
    }
  };
  c.on('data', (d) => {
    if (!upgraded) {
      head += d.toString('latin1');
      const k = head.indexOf('\r\n\r\n');
      if (k < 0) return;
      upgraded = true;
      console.log('client:', JSON.stringify(head.slice(0, head.indexOf('\r\n'))));
      count(Buffer.from(head.slice(k + 4), 'latin1'));
    } else {
      count(d);
    }
    c.pause();
    setTimeout(() => c.resume(), 1);
  });
  c.on('end', () => {
    console.log('client: end, payload bytes', p, 'filler is whole 64 KiB writes', f > 0 && f % 65536 === 0, 'other bytes', other);
    c.end();
  });
  c.write('GET /slow HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: slow\r\n\r\n');
});
