// An unref'd timer does not keep the loop alive, but fires if it is
// alive anyway.
const a = setTimeout(() => console.log('unref 10 fires while 30 keeps the loop alive'), 10);
a.unref();
console.log('hasRef', a.hasRef());
setTimeout(() => {
  console.log('ref 30');
  setTimeout(() => console.log('never: unref 50'), 50).unref();
}, 30);
