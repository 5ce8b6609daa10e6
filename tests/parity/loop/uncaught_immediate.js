// A throwing immediate: the rest of its phase runs right away, with no
// tick drain before the next one.
process.on('uncaughtException', (e) => console.log('caught', e.message));
setTimeout(() => {
  setImmediate(() => {
    console.log('imm1');
    process.nextTick(() => console.log('tick from imm1'));
    throw new Error('z');
  });
  setImmediate(() => console.log('imm2'));
  setImmediate(() => console.log('imm3'));
  setTimeout(() => console.log('timeout 0'), 0);
}, 5);
