// Node side of bench/net.sh: the same two scenarios as bench/netbench.
// Prints: name MB/s peakRSS_KiB.
const net = require('net');
const { Readable, Writable } = require('stream');
const total = (Number(process.argv[2]) || 256) * 1024 * 1024;
const chunk = 64 * 1024;
const buf = Buffer.alloc(chunk);
const peak = () => Math.round(process.resourceUsage().maxRSS);
const report = (name, t0) => {
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(name, (total / 1048576 / s).toFixed(1), peak());
};

function echo(next) {
  const srv = net.createServer((s) => { srv.close(); s.pipe(s); });
  srv.listen(0, '127.0.0.1', () => {
    const t0 = process.hrtime.bigint();
    const c = net.connect(srv.address().port, '127.0.0.1');
    let sent = 0, got = 0;
    const pump = () => { while (sent < total) { sent += chunk; if (!c.write(buf)) return; } c.end(); };
    c.on('drain', pump);
    c.on('connect', pump);
    c.on('data', (d) => { got += d.length; });
    c.on('close', () => { if (got !== total) throw new Error('short'); report('echo', t0); next(); });
  });
}

function pipe() {
  let produced = 0, consumed = 0;
  const src = new Readable({ read() { while (produced < total) { produced += chunk; if (!this.push(buf)) return; } this.push(null); } });
  const dst = new Writable({ write(c, e, cb) { consumed += c.length; cb(); } });
  const t0 = process.hrtime.bigint();
  src.pipe(dst).on('finish', () => { if (consumed !== total) throw new Error('short'); report('pipe', t0); });
}

echo(pipe);
