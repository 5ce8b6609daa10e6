// A write stream into a directory that does not exist: the open error's
// shape, 'error' then 'close', never 'open', 'ready' or 'finish'; end()
// called before the failure is known.
const fs = require('fs');
const { err } = require('./_util');

const ws = fs.createWriteStream('no-such-dir/out.txt');
ws.on('open', () => console.log('open (must not happen)'));
ws.on('ready', () => console.log('ready (must not happen)'));
ws.on('finish', () => console.log('finish (must not happen)'));
ws.on('error', (e) => console.log('error', err(e), 'destroyed', ws.destroyed, 'errored', ws.errored === e));
ws.on('close', () => console.log('close', 'writableFinished', ws.writableFinished));
ws.end();
console.log('ended', ws.writableEnded, 'pending', ws.pending);
