'use strict';
// A raw TCP server for the client scenarios: it cuts what each connection
// receives into requests (head, then a Content-Length or chunked body),
// records them with the port replaced by PORT, and lets the scenario
// answer with raw bytes. The records are printed at the end (dump), so
// the trace does not depend on how server and client events interleave.
const net = require('net');

function requestEnd(buf) {
  const i = buf.indexOf('\r\n\r\n');
  if (i < 0) return -1;
  const head = buf.slice(0, i);
  const start = i + 4;
  if (/\r\ntransfer-encoding:[^\r]*chunked/i.test(head)) {
    const j = buf.indexOf('0\r\n\r\n', start);
    return j < 0 ? -1 : j + 5;
  }
  const m = /\r\ncontent-length: *(\d+)/i.exec(head);
  const n = m ? +m[1] : 0;
  return buf.length >= start + n ? start + n : -1;
}

function rawServer(reply, cb) {
  const log = [];
  let conns = 0;
  let port = 0;
  const srv = net.createServer((s) => {
    const id = ++conns;
    let buf = '';
    let n = 0;
    s.setEncoding('latin1');
    s.on('data', (d) => {
      buf += d;
      // Expect: 100-continue is answered as soon as the head is in.
      const h = buf.indexOf('\r\n\r\n');
      if (h >= 0 && /\r\nexpect: *100-continue/i.test(buf.slice(0, h)) && !s.continued) {
        s.continued = true;
        log.push(`server: conn ${id} continue`);
        s.write('HTTP/1.1 100 Continue\r\n\r\n');
      }
      for (;;) {
        const end = requestEnd(buf);
        if (end < 0) break;
        const req = buf.slice(0, end);
        buf = buf.slice(end);
        n++;
        log.push(`server: conn ${id} req ${n} ${JSON.stringify(req.split(String(port)).join('PORT'))}`);
        reply(s, req, id, n);
      }
    });
    s.on('error', () => {});
  });
  srv.listen(0, '127.0.0.1', () => {
    port = srv.address().port;
    cb(port);
  });
  srv.dump = () => {
    for (const l of log) console.log(l);
  };
  return srv;
}

module.exports = { rawServer };
