// destroy(): no 'end', 'close' on a tick; pushes after destroy return false.
const { Readable } = require('stream');
const r = new Readable({ read() {} });
r.on('end', () => console.log('end (must not happen)'));
r.on('close', () => console.log('close', 'aborted', r.readableAborted));
r.push('a');
r.destroy();
console.log('destroyed', r.destroyed, 'push after', r.push('b'));
