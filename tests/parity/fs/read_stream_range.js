// start/end (inclusive) and a small highWaterMark: the chunks and their
// contents; an empty range (start past the end of the file) only ends.
const fs = require('fs');
const path = require('path');
const { tmpdir } = require('./_util');

const dir = tmpdir();
const file = path.join(dir, 'abc.txt');
fs.writeFileSync(file, 'abcdefghijklmnopqrstuvwxyz');

const rs = fs.createReadStream(file, { start: 3, end: 12, highWaterMark: 4 });
rs.on('data', (c) => console.log('data', JSON.stringify(c.toString())));
rs.on('end', () => console.log('end', rs.bytesRead));
rs.on('close', () => {
  console.log('close');
  const past = fs.createReadStream(file, { start: 100 });
  past.on('data', (c) => console.log('past data', c.length));
  past.on('end', () => console.log('past end', past.bytesRead));
  past.on('close', () => {
    console.log('past close');
    const utf = fs.createReadStream(file, { end: 4, encoding: 'utf8' });
    utf.on('data', (c) => console.log('utf8 data', typeof c, c));
    utf.on('close', () => { console.log('utf8 close'); fs.rmSync(dir, { recursive: true }); });
  });
});
