// Readable.from: object mode, hwm 1, values in order.
const { Readable } = require('stream');
const r = Readable.from(['a', 'b', 'c']);
console.log('objectMode', r.readableObjectMode, 'hwm', r.readableHighWaterMark);
r.on('data', (v) => console.log('data', v));
r.on('end', () => console.log('end'));
r.on('close', () => console.log('close'));
