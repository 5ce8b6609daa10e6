// From a timer callback the immediate always runs before a new timeout.
setTimeout(() => {
  console.log('timer');
  setTimeout(() => console.log('timeout 0'), 0);
  setImmediate(() => console.log('immediate'));
  process.nextTick(() => console.log('tick'));
  queueMicrotask(() => console.log('microtask'));
}, 1);
