// A throwing tick in the loop's last callback: the ticks and microtasks
// left after it still run (right after the handler) before the process
// exits; none is dropped.
process.on('uncaughtException', (e) => console.log('caught', e.message));
setTimeout(() => {
  console.log('timer');
  queueMicrotask(() => console.log('m0'));
  process.nextTick(() => { console.log('t1'); throw new Error('x'); });
  process.nextTick(() => {
    console.log('t2');
    queueMicrotask(() => console.log('m1'));
  });
}, 1);
