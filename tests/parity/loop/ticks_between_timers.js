// Ticks and microtasks drain between two timer callbacks, also across
// lists of different durations.
setTimeout(() => {
  console.log('t1');
  process.nextTick(() => console.log('tick from t1'));
  Promise.resolve().then(() => console.log('micro from t1'));
}, 10);
setTimeout(() => console.log('t2'), 10);
setTimeout(() => {
  console.log('t3 (1ms list)');
  process.nextTick(() => console.log('tick from t3'));
}, 1);
const busy = Date.now() + 15; while (Date.now() < busy);
