// Without a handler, an exception in a callback ends the process: nothing
// after it runs.
setTimeout(() => console.log('never: later timer'), 50);
setTimeout(() => {
  console.log('about to throw');
  process.nextTick(() => console.log('never: tick'));
  throw new Error('boom');
}, 1);
