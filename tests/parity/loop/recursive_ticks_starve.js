// A recursive nextTick chain holds off microtasks and every phase.
let n = 0;
setImmediate(() => console.log('immediate after', n, 'ticks'));
queueMicrotask(() => console.log('microtask after', n, 'ticks'));
function tick() { if (++n < 1000) process.nextTick(tick); }
process.nextTick(tick);
