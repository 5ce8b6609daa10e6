// process.nextTick(fn, arg) shares the tick queue with plain ticks: FIFO
// with them, ahead of microtasks, and from inside a tick.
const say = (what) => console.log('arg tick', what);
queueMicrotask(() => console.log('micro'));
process.nextTick(say, 'a');
process.nextTick(() => {
  console.log('plain tick');
  process.nextTick(say, 'c');
});
process.nextTick(say, 'b');
setImmediate(() => process.nextTick(say, 'from immediate'));
console.log('main');
