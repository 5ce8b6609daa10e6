// _write calls back with an error synchronously: everything moves to ticks.
const { Writable } = require('stream');
const w = new Writable({ write(c, e, cb) { cb(new Error('bad')); } });
w.on('error', (e) => console.log('error', e.message));
w.on('close', () => console.log('close'));
console.log('write returns', w.write('a', (e) => console.log('cb a', e.message)));
console.log('errored', w.errored.message);
process.nextTick(() => console.log('tick'));
