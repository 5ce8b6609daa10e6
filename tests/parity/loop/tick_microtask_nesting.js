// Microtasks run after all ticks (including ticks queued by ticks); ticks
// queued by microtasks run after the microtask queue is empty.
process.nextTick(() => {
  console.log('tick1');
  process.nextTick(() => console.log('tick1.1'));
  queueMicrotask(() => {
    console.log('micro from tick1');
    process.nextTick(() => console.log('tick from micro'));
    queueMicrotask(() => console.log('micro from micro'));
  });
});
queueMicrotask(() => console.log('micro1'));
process.nextTick(() => console.log('tick2'));
console.log('main');
