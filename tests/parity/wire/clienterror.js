// A server whose 'clientError' listener answers with the error's code and
// reason, for the wire corpus recorder (tests/parity/wire_corpus_test.go):
// usage: node clienterror.js PORT (prints "listening PORT" when ready).
'use strict';
const http = require('http');

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end());
});
server.on('clientError', (err, socket) => {
  socket.end(`\nclientError ${err.code} ${err.reason || ''}\n`);
});
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log('listening', server.address().port);
});
