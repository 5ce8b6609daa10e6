// 'error' with no listener throws: the error itself, or ERR_UNHANDLED_ERROR.
const EE = require('events');
const e = new EE();
const values = [[], ['boom'], [42], [1.5], [null], [true], ["it's"], [[1, 2]], [{ a: 1 }]];
for (const args of values) {
  try { e.emit('error', ...args); } catch (err) { console.log(err.code, err.message); }
}
const boom = new Error('boom');
try { e.emit('error', boom); } catch (err) { console.log('same error', err === boom, err.message); }
