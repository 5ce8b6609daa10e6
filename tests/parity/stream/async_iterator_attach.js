// for await attaches to the stream when it starts: the stream switches to
// paused mode at once, data pushed by queued ticks is read, and an error
// from a destroy before the loop body runs ends the iteration instead of
// being uncaught.
const { Readable } = require('stream');
const r = new Readable({ read() {} });
process.nextTick(() => {
  r.push('a');
  r.push('b');
  console.log('pushed');
});
const r2 = new Readable({ read() {} });
process.nextTick(() => {
  r2.destroy(new Error('boom'));
  console.log('destroyed');
});
const second = (async () => {
  try {
    for await (const c of r2) console.log('r2 chunk', String(c));
    return 'r2 ended';
  } catch (err) {
    return 'caught ' + err.message;
  }
})();
(async () => {
  for await (const c of r) {
    console.log('chunk', String(c));
    if (String(c) === 'ab') break;
  }
  console.log('r destroyed after break', r.destroyed);
  console.log(await second);
})();
console.log('attached', r.listenerCount('readable'), 'flowing', r.readableFlowing, 'r2 error listeners', r2.listenerCount('error'));
