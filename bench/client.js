'use strict';
// bench/clientbench in Node: C concurrent keep-alive request loops
// against one server for a fixed time. Prints "node REQ/S RSS_KIB".
// usage: node bench/client.js HOST:PORT [C] [SECONDS] [PATH]
const http = require('http');

const [host, port] = process.argv[2].split(':');
const conc = +(process.argv[3] || 50);
const secs = +(process.argv[4] || 5);
const path = process.argv[5] || '/hello';
const agent = new http.Agent({ keepAlive: true, maxSockets: conc });
let done = 0;
let errs = 0;
let stopping = false;
const one = () => {
  if (stopping) return;
  const req = http.get({ host, port: +port, path, agent }, (res) => {
    res.on('data', () => {});
    res.on('end', () => { done++; one(); });
  });
  req.on('error', () => { errs++; setImmediate(one); });
};
setImmediate(() => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < conc; i++) one();
  setTimeout(() => {
    stopping = true;
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(`node ${Math.round(done / secs)} ${Math.round(process.memoryUsage().rss / 1024)}`);
    if (errs) console.error(`client.js: ${errs} errors`);
    agent.destroy();
  }, secs * 1000);
});
