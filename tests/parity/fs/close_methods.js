// close(cb) on both streams: a read stream closed before it ended
// (premature close reported to cb, then 'close'); a write stream closed
// after a write (it ends, so the data is flushed, then 'finish' and
// 'close'); with autoClose off too.
const fs = require('fs');
const path = require('path');
const { tmpdir } = require('./_util');

const dir = tmpdir();
const file = path.join(dir, 'f.txt');
fs.writeFileSync(file, 'content');
const rs = fs.createReadStream(file);
rs.on('close', () => console.log('rs close event'));
rs.close((e) => {
  console.log('rs close cb', e && e.code);
  const ws = fs.createWriteStream(path.join(dir, 'w.txt'));
  ws.write('abc');
  ws.on('finish', () => console.log('ws finish'));
  ws.on('close', () => console.log('ws close event'));
  ws.close((e) => {
    console.log('ws close cb', e, fs.readFileSync(path.join(dir, 'w.txt'), 'utf8'));
    const nac = fs.createWriteStream(path.join(dir, 'n.txt'), { autoClose: false });
    nac.write('xyz');
    nac.on('finish', () => console.log('nac finish'));
    nac.close(() => {
      console.log('nac close cb', nac.destroyed, fs.readFileSync(path.join(dir, 'n.txt'), 'utf8'));
      fs.rmSync(dir, { recursive: true });
    });
  });
});
