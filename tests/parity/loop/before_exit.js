// 'beforeExit' runs when the loop empties; work it schedules keeps the
// loop going, and it runs again when the loop empties again.
let n = 0;
process.on('beforeExit', () => {
  console.log('beforeExit', ++n);
  if (n === 1) setTimeout(() => console.log('timeout from beforeExit'), 1);
});
setImmediate(() => console.log('immediate'));
