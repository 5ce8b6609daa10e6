// mkdir with recursive: the first directory created, nothing created when
// all exist, and the errors when a component or the target is a file;
// then rmdir of a non-empty and of an empty directory.
const fs = require('fs');
const path = require('path');
const { tmpdir, err } = require('./_util');

const dir = tmpdir();
const rel = (p) => (p === undefined ? 'undefined' : path.relative(dir, p));
fs.writeFileSync(path.join(dir, 'file'), 'x');
fs.mkdir(path.join(dir, 'x', 'y', 'z'), { recursive: true }, (e, first) => {
  console.log('deep', err(e), rel(first));
  fs.mkdir(path.join(dir, 'x', 'y', 'w'), { recursive: true }, (e, first) => {
    console.log('one more', err(e), rel(first));
    fs.mkdir(path.join(dir, 'x'), { recursive: true }, (e, first) => {
      console.log('exists', err(e), rel(first));
      fs.mkdir(path.join(dir, 'file', 'sub'), { recursive: true }, (e, first) => {
        console.log('file component', err(e), rel(first));
        fs.mkdir(path.join(dir, 'file'), { recursive: true }, (e, first) => {
          console.log('file target', err(e), rel(first));
          fs.rmdir(path.join(dir, 'x', 'y'), (e) => {
            console.log('rmdir non-empty', err(e));
            fs.rmdir(path.join(dir, 'x', 'y', 'w'), (e) => {
              console.log('rmdir empty', err(e));
              fs.rmSync(dir, { recursive: true });
            });
          });
        });
      });
    });
  });
});
