// refresh() restarts a timer; on a fired one it arms it again; on a
// cleared one it does nothing.
const t = setTimeout(() => console.log('refreshed fires'), 20);
setTimeout(() => { console.log('refresh at 10'); t.refresh(); }, 10);
setTimeout(() => console.log('25 runs before the refreshed 20'), 25);
let shots = 0;
const once = setTimeout(() => {
  console.log('once', ++shots);
  if (shots === 1) once.refresh();
}, 5);
const gone = setTimeout(() => console.log('never'), 5);
clearTimeout(gone);
gone.refresh();
