// refresh() on a timer that already fired arms it again; on a cleared one
// it does nothing.
let shots = 0;
const once = setTimeout(() => {
  console.log('once', ++shots);
  if (shots === 1) once.refresh();
}, 5);
const gone = setTimeout(() => console.log('never'), 5);
clearTimeout(gone);
gone.refresh();
