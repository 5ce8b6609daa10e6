// Node's static file serving as its docs show it: stat for the length,
// then fs.createReadStream(path).pipe(res). Files under argv[2] at
// /static/<name>; prints the port it listens on.
const http = require('http');
const fs = require('fs');
const path = require('path');

const root = process.argv[2];
const server = http.createServer((req, res) => {
  const file = path.join(root, path.basename(req.url));
  fs.stat(file, (err, st) => {
    if (err) { res.statusCode = 404; res.end(); return; }
    res.setHeader('Content-Length', st.size);
    res.setHeader('Content-Type', 'application/octet-stream');
    const rs = fs.createReadStream(file);
    res.on('close', () => rs.destroy());
    rs.pipe(res);
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
