// The response header API: setHeader with invalid names and values (Node's
// errors, so a value cannot split the response), appendHeader, the bytes
// that go out, and the request's remote address.
const http = require('http');
const net = require('net');
const server = http.createServer((req, res) => {
  console.log('remote', req.socket.remoteAddress, typeof req.socket.remotePort);
  const tries = [['X-T', 'a\r\nb'], ['X-T', 'a\nb'], ['X-T', 'tab\tok'], ['X-T', 'caf\u00e9'], ['X-T', '\x7f'], ['Bad Name', 'x'], ['', 'x']];
  for (const [n, v] of tries) {
    try { res.setHeader(n, v); console.log('setHeader', JSON.stringify(n), JSON.stringify(v), 'ok'); } catch (e) { console.log('setHeader', JSON.stringify(n), JSON.stringify(v), e.code, e.message); }
  }
  res.setHeader('X-A', 'a');
  res.appendHeader('x-a', 'b');
  res.appendHeader('X-B', ['c', 'd']);
  try { res.appendHeader('X-C', 'bad\r\nvalue'); } catch (e) { console.log('appendHeader', e.code, e.message); }
  console.log('names', JSON.stringify(res.getHeaderNames()));
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => c.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
  let got = '';
  c.on('data', (d) => { got += d; });
  c.on('close', () => { console.log('client:', JSON.stringify(got.replace(/Date: .*\r\n/, ''))); server.close(); });
});
