// events.once resolves after the emit returned and the tick queue drained;
// it rejects on 'error' and removes its listeners.
const EE = require('events');
const { once } = EE;
const e = new EE();
once(e, 'ready').then((args) => {
  console.log('resolved', args.join(','), 'names left', e.eventNames().length);
  const p = once(e, 'ready');
  p.catch((err) => console.log('rejected', err.message, 'names left', e.eventNames().length));
  e.emit('error', new Error('bad'));
});
e.emit('ready', 1, 2);
process.nextTick(() => console.log('tick'));
console.log('emit returned');
