// A throwing microtask: the handler runs, then the remaining microtasks,
// before the check phase.
process.on('uncaughtException', (e) => console.log('caught', e.message));
setTimeout(() => {
  console.log('timer1');
  queueMicrotask(() => { console.log('m0'); throw new Error('x'); });
  queueMicrotask(() => console.log('m1'));
  process.nextTick(() => console.log('t0'));
  setImmediate(() => console.log('immediate'));
}, 1);
