// events.on attaches its listeners when called: emits made by ticks
// queued before the iteration starts are buffered, and an 'error' emitted
// meanwhile ends the iteration instead of being uncaught.
const { on, EventEmitter } = require('events');
const e = new EventEmitter();
process.nextTick(() => {
  e.emit('foo', 'bar');
  e.emit('foo', 42);
  e.emit('error', new Error('boom'));
  console.log('emitted');
});
const it = on(e, 'foo');
console.log('attached', e.listenerCount('foo'), e.listenerCount('error'));
setImmediate(async () => {
  try {
    for await (const [v] of it) console.log('got', v);
  } catch (err) {
    console.log('caught', err.message);
  }
  console.log('after', e.listenerCount('foo'), e.listenerCount('error'));
});
