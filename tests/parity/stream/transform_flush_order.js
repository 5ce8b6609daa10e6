// Transform with a flowing consumer: flushed data, prefinish, end, end cb, finish, close.
const { Transform } = require('stream');
const t = new Transform({
  transform(c, e, cb) { cb(null, c.toString() + '!'); },
  flush(cb) { console.log('_flush'); cb(null, 'flushed'); },
});
t.on('data', (d) => console.log('data', d.toString()));
for (const ev of ['prefinish', 'end', 'finish', 'close']) t.on(ev, () => console.log(ev));
t.write('x');
t.end(() => console.log('end cb'));
