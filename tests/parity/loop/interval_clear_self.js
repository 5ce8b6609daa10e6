// An interval cleared from its own callback stops.
let n = 0;
const iv = setInterval(() => {
  n++;
  console.log('interval', n);
  if (n === 3) clearInterval(iv);
}, 1);
setTimeout(() => console.log('after, n =', n), 300); // a wide margin for a loaded machine
