// A read stream of a 150,000-byte file with every event listened to:
// 'open' and 'ready' after construction, 64 KiB chunks, then 'end' and
// 'close', and the properties at each step.
const fs = require('fs');
const path = require('path');
const { tmpdir } = require('./_util');

const dir = tmpdir();
const file = path.join(dir, 'big.bin');
fs.writeFileSync(file, Buffer.alloc(150000, 'a'));

const rs = fs.createReadStream(file);
console.log('created pending', rs.pending, 'hwm', rs.readableHighWaterMark, 'bytesRead', rs.bytesRead);
rs.on('open', (fd) => console.log('open', typeof fd, 'pending', rs.pending));
rs.on('ready', () => console.log('ready'));
rs.on('data', (c) => console.log('data', c.length, 'bytesRead', rs.bytesRead));
rs.on('end', () => console.log('end', 'bytesRead', rs.bytesRead));
rs.on('close', () => {
  console.log('close', 'destroyed', rs.destroyed);
  fs.rmSync(dir, { recursive: true });
});
process.nextTick(() => console.log('tick after create'));
