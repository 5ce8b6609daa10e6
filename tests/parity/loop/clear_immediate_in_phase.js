// clearImmediate on one queued later in the same phase prevents it.
let b;
setImmediate(() => { console.log('a clears b'); clearImmediate(b); });
b = setImmediate(() => console.log('b (must not run)'));
setImmediate(() => console.log('c'));
const u = setImmediate(() => console.log('unref immediate still runs here'));
u.unref();
console.log('hasRef', u.hasRef());
