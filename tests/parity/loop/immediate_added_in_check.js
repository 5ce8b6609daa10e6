// The check phase runs the queue as it was; new immediates wait a turn.
setImmediate(() => {
  console.log('imm1');
  setImmediate(() => console.log('imm3 (next iteration)'));
  process.nextTick(() => console.log('tick after imm1'));
});
setImmediate(() => console.log('imm2'));
