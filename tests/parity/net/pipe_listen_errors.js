// Listening on a path that exists (a live server's socket, a stale socket
// whose listener is gone, a plain file) fails with EADDRINUSE and leaves
// the path alone; connecting to a stale socket is refused, to a missing
// path ENOENT. Node reports listen errors as 'error' events, uvgo returns
// them from Listen: the trace prints the code either way.
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uvgo-'));
const live = path.join(dir, 'live.sock');
const stale = path.join(dir, 'stale.sock');
const plain = path.join(dir, 'plain');
fs.writeFileSync(plain, '');

function listenOn(file, next) {
  const s = net.createServer();
  s.on('error', (e) => { console.log('listen', path.basename(file), e.code, 'listening', s.listening); next(); });
  s.listen(file, () => { console.log('listen', path.basename(file), 'ok'); next(s); });
}

function connectTo(file, next) {
  const c = net.connect(file);
  c.on('connect', () => console.log('connected?!'));
  c.on('error', (e) => console.log('connect', path.basename(file), e.code, e.syscall));
  c.on('close', (had) => { console.log('close', had); next(); });
}

// A stale socket: a server's file renamed away, then the server closed.
const tmp = net.createServer();
tmp.listen(path.join(dir, 'tmp.sock'), () => {
  fs.renameSync(path.join(dir, 'tmp.sock'), stale);
  tmp.close(() => {
    listenOn(live, (srv) => {
      listenOn(live, () => listenOn(stale, () => listenOn(plain, () => {
        console.log('stale still there', fs.existsSync(stale), 'plain still there', fs.existsSync(plain));
        connectTo(stale, () => connectTo(path.join(dir, 'missing'), () => {
          srv.close(() => {
            console.log('live removed', !fs.existsSync(live));
            fs.unlinkSync(stale);
            fs.unlinkSync(plain);
            fs.rmdirSync(dir);
          });
        }));
      })));
    });
  });
});
