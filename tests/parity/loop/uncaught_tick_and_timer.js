// With an uncaughtException handler, a throwing tick leaves the rest of
// the tick queue for the next callback's drain, and a throwing timer ends
// its batch, which resumes at once.
process.on('uncaughtException', (e) => console.log('caught', e.message));
process.nextTick(() => { console.log('t1'); throw new Error('x'); });
process.nextTick(() => console.log('t2'));
setTimeout(() => {
  console.log('timeout1');
  process.nextTick(() => console.log('tick in timeout1'));
  throw new Error('y');
}, 5);
setTimeout(() => console.log('timeout2'), 5);
