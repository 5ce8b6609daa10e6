// refresh() restarts a timer from now: the refreshed 20 ms timer fires
// after a 15 ms timer created at the moment of the refresh.
const t = setTimeout(() => console.log('refreshed fires'), 20);
setTimeout(() => {
  console.log('refresh at 10');
  t.refresh();
  setTimeout(() => console.log('15 after the refresh, before the refreshed 20'), 15);
}, 10);
