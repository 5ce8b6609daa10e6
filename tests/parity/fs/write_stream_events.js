// A write stream: what write() returns against the 16 KiB high-water
// mark, 'drain', 'open'/'ready' order, 'finish' then 'close', bytesWritten,
// and what ended up in the file; then flags 'a' appends.
const fs = require('fs');
const path = require('path');
const { tmpdir } = require('./_util');

const dir = tmpdir();
const file = path.join(dir, 'out.txt');
const ws = fs.createWriteStream(file);
console.log('hwm', ws.writableHighWaterMark, 'pending', ws.pending);
ws.on('open', (fd) => console.log('open', typeof fd));
ws.on('ready', () => console.log('ready'));
console.log('write small', ws.write('hello '));
console.log('write big', ws.write(Buffer.alloc(20000, 'x')), 'length', ws.writableLength);
ws.on('drain', () => {
  console.log('drain', 'bytesWritten', ws.bytesWritten);
  ws.end('bye\n');
});
ws.on('finish', () => console.log('finish', 'bytesWritten', ws.bytesWritten));
ws.on('close', () => {
  const data = fs.readFileSync(file, 'latin1');
  console.log('close', data.length, JSON.stringify(data.slice(0, 8)), JSON.stringify(data.slice(-6)));
  const app = fs.createWriteStream(file, { flags: 'a' });
  app.end('more', () => {
    console.log('append end callback');
  });
  app.on('close', () => {
    const d2 = fs.readFileSync(file, 'latin1');
    console.log('append close', d2.length, JSON.stringify(d2.slice(-7)));
    fs.rmSync(dir, { recursive: true });
  });
});
