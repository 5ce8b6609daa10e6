// A timeout due in this timers phase but not yet run can be cleared.
let t2;
setTimeout(() => { console.log('t1 clears t2'); clearTimeout(t2); }, 2);
t2 = setTimeout(() => console.log('t2 (must not run)'), 2);
setTimeout(() => console.log('t3'), 2);
const busy = Date.now() + 5; while (Date.now() < busy);
