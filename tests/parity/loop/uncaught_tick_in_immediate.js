// A throwing tick queued by an immediate: the next immediate of the batch
// runs first, then the remaining ticks and microtasks.
process.on('uncaughtException', (e) => console.log('caught', e.message));
setImmediate(() => {
  console.log('imm1');
  process.nextTick(() => {
    console.log('t1');
    queueMicrotask(() => console.log('m1'));
    throw new Error('x');
  });
  process.nextTick(() => console.log('t2'));
  queueMicrotask(() => console.log('m0'));
  setImmediate(() => console.log('immediate next'));
});
setImmediate(() => console.log('imm2'));
