// refresh() restarts a timer from now: the refreshed 20 ms timer fires
// after a 15 ms timer created at the moment of the refresh (times x5, a
// margin for a loaded machine).
const t = setTimeout(() => console.log('refreshed fires'), 100);
setTimeout(() => {
  console.log('refresh at 10');
  t.refresh();
  setTimeout(() => console.log('15 after the refresh, before the refreshed 20'), 75);
}, 50);
