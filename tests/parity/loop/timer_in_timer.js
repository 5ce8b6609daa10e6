// A timer created inside a timer callback never runs in the same phase,
// even when it is due by the time its siblings run; an immediate created
// there runs first.
setTimeout(() => {
  console.log('outer');
  setTimeout(() => console.log('inner 1ms'), 1);
  setImmediate(() => console.log('immediate'));
  const busy = Date.now() + 3; while (Date.now() < busy);
}, 1);
setTimeout(() => console.log('sibling 1ms'), 1);
const wait = Date.now() + 3; while (Date.now() < wait);
