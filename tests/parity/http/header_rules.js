// Node's automatic headers and the app's: a 204/304 with the app's
// chunked coding closes, an app's Keep-Alive replaces Node's, removing
// Date / Content-Length / Transfer-Encoding / Connection turns the
// automatic one off; writeHead with raw pairs sends them as given when no
// header was set (a repeated name on lines of its own, not kept for
// getHeader), and sets them one by one otherwise. Each request on its own connection; the trace is
// the response (Date masked) and whether the server closed.
const http = require('http');
const net = require('net');
const server = http.createServer((req, res) => {
  switch (req.url) {
    case '/204': res.writeHead(204, { 'Transfer-Encoding': 'chunked' }); res.end(); break;
    case '/304': res.setHeader('Transfer-Encoding', 'chunked'); res.statusCode = 304; res.end(); break;
    case '/204ka': res.writeHead(204, { 'Transfer-Encoding': 'chunked', Connection: 'keep-alive' }); res.end(); break;
    case '/head': res.setHeader('Transfer-Encoding', 'chunked'); res.end(); break;
    case '/ka': res.setHeader('Keep-Alive', 'timeout=50'); res.end('x'); break;
    case '/nodate': res.removeHeader('Date'); res.end('x'); break;
    case '/rmcl': res.removeHeader('Content-Length'); res.end('abc'); break;
    case '/rmte': res.removeHeader('Transfer-Encoding'); res.write('a'); res.end('bc'); break;
    case '/rmconn': res.removeHeader('Connection'); res.end('abc'); break;
    case '/rawdup': res.writeHead(200, ['Set-Cookie', 'a=1', 'X-B', '2', 'Set-Cookie', 'b=2']); res.end(String(res.getHeader('x-b'))); break;
    case '/setdup': res.setHeader('X-Pre', 'p'); res.writeHead(200, ['Set-Cookie', 'a=1', 'X-B', '2', 'Set-Cookie', 'b=2']); res.end(String(res.getHeader('x-b'))); break;
    default: res.end('ok');
  }
});
const reqs = [['GET', '/204'], ['GET', '/304'], ['GET', '/204ka'], ['HEAD', '/head'], ['GET', '/ka'],
  ['GET', '/nodate'], ['GET', '/rmcl'], ['GET', '/rmte'], ['GET', '/rmconn'], ['GET', '/rawdup'], ['GET', '/setdup']];
server.listen(0, '127.0.0.1', () => {
  let i = 0;
  const next = () => {
    if (i === reqs.length) { server.close(() => console.log('server closed')); return; }
    const [method, path] = reqs[i++];
    const c = net.connect(server.address().port, '127.0.0.1');
    c.write(`${method} ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    let out = '';
    c.on('data', (d) => { out += d; });
    const show = (state) => console.log(method, path, state, JSON.stringify(out.replace(/Date: [^\r]*\r\n/g, 'Date: DATE\r\n')));
    const t = setTimeout(() => { show('open'); c.destroy(); next(); }, 300);
    c.on('end', () => { clearTimeout(t); show('closed'); c.destroy(); next(); });
  };
  next();
});
