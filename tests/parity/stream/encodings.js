// Node's encodings wherever a stream takes one: Readable's encoding
// option and setEncoding (bytes split across pushes are held back),
// push/unshift of strings with an encoding, Writable's decodeStrings of
// string chunks, setDefaultEncoding, and ERR_UNKNOWN_ENCODING.
const { Readable, Writable } = require('stream');
const { code } = require('./_util');
const show = (x) => (typeof x === 'string' ? 'string ' + JSON.stringify(x) : x === null ? 'null' : 'bytes ' + x.toString('hex'));
const input = Buffer.from('héllo wörld 😀 \u00ff', 'utf8');
for (const enc of ['utf8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'utf16le', 'ucs2', 'UTF-8', 'Base64']) {
  const r = new Readable({ read() {} });
  r.setEncoding(enc);
  const out = [];
  r.on('data', (d) => out.push(d));
  r.on('end', () => console.log(enc, r.readableEncoding, JSON.stringify(out)));
  // Split into pieces of 1, 2 and 4 bytes so characters and base64
  // groups straddle the pushes.
  for (let i = 0, k = 0; i < input.length; k++) {
    const n = [1, 2, 4][k % 3];
    r.push(input.subarray(i, i + n));
    i += n;
  }
  r.push(null);
}
const r2 = new Readable({ read() {}, encoding: 'base64' });
r2.push(Buffer.from('abcd'));
r2.push(null);
r2.on('data', (d) => console.log('option base64 data', show(d)));
const r3 = new Readable({ read() {} });
r3.setEncoding('utf16le');
r3.unshift('6869', 'hex');
r3.push('zz', 'latin1');
console.log('utf16le unshift/push', show(r3.read()), r3.readableEncoding);
const r4 = new Readable({ read() {} });
r4.unshift('aGk=', 'base64');
r4.push('de', 'hex');
console.log('no encoding unshift/push', show(r4.read()));
const r5 = new Readable({ read() {} });
try { r5.setEncoding('bogus'); } catch (e) { console.log('setEncoding bogus', code(e), e.message); }
console.log('encoding after bogus', r5.readableEncoding);
try { new Readable({ encoding: 'nope' }); } catch (e) { console.log('option nope', code(e)); }

const seen = (name) => (c, e, cb) => { console.log(name, e, show(c)); cb(); };
const w = new Writable({ write: seen('decode') });
w.write('6869', 'hex');
w.write('aGk', 'base64');
w.write('aGk_', 'base64url');
w.write('\u00e9\u00ff', 'latin1');
w.write('\u00e9', 'ascii');
w.write('h\u00e9', 'utf16le');
w.write('zz9', 'hex');
w.setDefaultEncoding('HEX');
w.write('4142');
w.end('43');
try { w.write('x', 'bogus'); } catch (e) { console.log('write bogus', code(e), e.message); }
try { w.setDefaultEncoding('bogus'); } catch (e) { console.log('setDefaultEncoding bogus', code(e)); }
const w2 = new Writable({ decodeStrings: false, write: seen('keep') });
w2.write('6869', 'hex');
w2.write('plain');
w2.write(Buffer.from('b'));
