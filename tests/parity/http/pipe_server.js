// An HTTP server on a Unix-domain socket: server.address() is the path,
// requests have no remote address, keep-alive and a request body work as
// on TCP, and closing the server removes the socket file.
const http = require('http');
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uvgo-'));
const file = path.join(dir, 'http.sock');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    console.log('request', req.method, req.url, 'remoteAddress empty', !req.socket.remoteAddress, 'body', JSON.stringify(body));
    res.setHeader('Content-Type', 'text/plain');
    res.end(req.method + ' ' + req.url + ' ' + body.length + '\n');
  });
  res.on('finish', () => console.log('finish', req.url));
});
server.on('connection', (s) => console.log('connection, remoteAddress empty', !s.remoteAddress));
server.listen(file, () => {
  console.log('listening, address is the path', server.address() === file);
  const c = net.connect(file);
  let got = '';
  c.on('data', (d) => {
    got += d;
    const responses = got.split('HTTP/1.1 ').length - 1;
    if (responses === 2 && got.endsWith('\n') && got.includes('POST /b 5')) {
      for (const line of got.replace(/Date: [^\r]*/g, 'Date: -').split('\r\n')) console.log('client:', JSON.stringify(line));
      c.end();
    }
  });
  c.on('close', () => {
    server.close(() => {
      console.log('closed, file exists', fs.existsSync(file));
      fs.rmdirSync(dir);
    });
  });
  c.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello');
});
