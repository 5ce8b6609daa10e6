// Opening a missing file: the error's shape (code, errno, syscall, path,
// message) and the events around it: no 'open', no 'ready', 'error' then
// 'close'.
const fs = require('fs');
const { err } = require('./_util');

const rs = fs.createReadStream('does-not-exist.txt');
rs.on('open', () => console.log('open (must not happen)'));
rs.on('ready', () => console.log('ready (must not happen)'));
rs.on('error', (e) => console.log('error', err(e), 'destroyed', rs.destroyed));
rs.on('close', () => console.log('close'));
console.log('path', rs.path);
