// Shared by the fs scenarios: a fresh temporary directory, and how an fs
// error is printed (every field Node gives it, the path made relative).
const fs = require('fs');
const os = require('os');
const path = require('path');

exports.tmpdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'uvgo-parity-'));

exports.err = (e) => {
  if (!e) return String(e);
  const rel = (p) => (p === undefined ? 'undefined' : path.basename(p));
  return `${e.code} errno=${e.errno} syscall=${e.syscall} path=${rel(e.path)} dest=${rel(e.dest)} message=${e.message.replace(/'[^']*\//g, "'")}`;
};
