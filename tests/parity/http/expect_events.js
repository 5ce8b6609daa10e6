// Expect: 100-continue without and with a 'checkContinue' listener, and
// an unknown expectation with a 'checkExpectation' listener.
const http = require('http');
const net = require('net');
const server = http.createServer((req, res) => {
  console.log('request', req.url, 'expect', req.headers.expect);
  let n = 0;
  req.on('data', (d) => { n += d.length; });
  req.on('end', () => { console.log('request body', req.url, n); res.end(`ok ${n}\n`); });
});
const steps = [];
function run(i) {
  if (i === steps.length) { server.close(() => console.log('server closed')); return; }
  steps[i](() => run(i + 1));
}
function send(head, body, next) {
  const c = net.connect(server.address().port, '127.0.0.1');
  let got = '';
  c.on('data', (d) => {
    got += d;
    if (got.startsWith('HTTP/1.1 100 Continue\r\n\r\n') && body !== null) {
      console.log('client: 100 Continue');
      got = got.slice(25);
      c.write(body);
      body = null;
    }
    if (/\r\n\r\n[\s\S]*\n$/.test(got) || got.startsWith('HTTP/1.1 417')) {
      console.log('client:', JSON.stringify(got.split('\r\n')[0]), JSON.stringify(got.slice(got.indexOf('\r\n\r\n') + 4)));
      c.end();
    }
  });
  c.on('close', next);
  c.write(head);
}
steps.push((next) => send('POST /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n', 'abc', next));
steps.push((next) => {
  server.on('checkContinue', (req, res) => {
    console.log('checkContinue', req.url);
    res.writeContinue();
    server.emit('request', req, res);
  });
  send('POST /b HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n', 'xy', next);
});
steps.push((next) => {
  server.on('checkExpectation', (req, res) => {
    console.log('checkExpectation', req.url, req.headers.expect);
    res.writeHead(417);
    res.end();
  });
  send('GET /c HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n', null, next);
});
server.listen(0, '127.0.0.1', () => run(0));
