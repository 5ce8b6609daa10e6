// With an uncaughtException handler, a throwing tick queued by a timer:
// the remaining ticks, then the microtasks (including those queued by the
// throwing tick and by the handler), run right after the handler, before
// the check phase.
process.on('uncaughtException', (e) => {
  console.log('caught', e.message);
  queueMicrotask(() => console.log('micro from handler'));
  process.nextTick(() => console.log('tick from handler'));
});
setTimeout(() => {
  console.log('timer1');
  process.nextTick(() => {
    console.log('t1');
    queueMicrotask(() => console.log('m1'));
    throw new Error('x');
  });
  process.nextTick(() => console.log('t2'));
  queueMicrotask(() => console.log('m0'));
  setImmediate(() => console.log('immediate'));
}, 1);
