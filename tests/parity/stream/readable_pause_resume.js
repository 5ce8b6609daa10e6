// pause() is synchronous; resume() emits on a tick, even if paused again (J7).
const { Readable } = require('stream');
const r = new Readable({ read() {} });
r.on('pause', () => console.log('pause event'));
r.on('resume', () => console.log('resume event', 'flowing', r.readableFlowing));
r.resume();
r.pause();
console.log('after resume+pause', r.readableFlowing, r.isPaused());
r.push('x');
r.on('data', (d) => console.log('data (must not happen while paused)', d.toString()));
setImmediate(() => { console.log('resume again'); r.resume(); r.push(null); });
r.on('end', () => console.log('end'));
