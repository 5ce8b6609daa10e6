// The callback API in one chain: mkdir (recursive), writeFile, open,
// write at a position, read, fstat, close, stat, readdir, rename,
// readFile, unlink; and the errors of each kind of failure.
const fs = require('fs');
const path = require('path');
const { tmpdir, err } = require('./_util');

const dir = tmpdir();
const sub = path.join(dir, 'a', 'b', 'c');
fs.mkdir(sub, { recursive: true }, (e, first) => {
  console.log('mkdir recursive', err(e), path.relative(dir, first));
  fs.mkdir(sub, { recursive: true }, (e, first) => {
    console.log('mkdir again', err(e), first);
    fs.mkdir(sub, (e) => {
      console.log('mkdir plain existing', err(e));
      const f = path.join(sub, 'f.txt');
      fs.writeFile(f, 'hello world', (e) => {
        console.log('writeFile', err(e));
        fs.open(f, 'r+', (e, fd) => {
          console.log('open', err(e), typeof fd);
          fs.write(fd, Buffer.from('WORLD'), 0, 5, 6, (e, n, buf) => {
            console.log('write', err(e), n, buf.toString());
            const b = Buffer.alloc(20);
            fs.read(fd, b, 2, 10, 0, (e, n, buf) => {
              console.log('read', err(e), n, JSON.stringify(buf.toString('latin1', 2, 2 + n)), buf === b);
              fs.fstat(fd, (e, st) => {
                console.log('fstat', err(e), st.size, st.isFile(), st.isDirectory());
                fs.close(fd, (e) => {
                  console.log('close', err(e));
                  fs.close(fd, (e) => {
                    console.log('close again', err(e));
                    next(f);
                  });
                });
              });
            });
          });
        });
      });
    });
  });
});

function next(f) {
  fs.stat(path.join(dir, 'a'), (e, st) => {
    console.log('stat dir', err(e), st.isDirectory(), st.isFile());
    fs.writeFile(path.join(dir, 'a', 'z.txt'), Buffer.from('z'), (e) => {
      fs.readdir(path.join(dir, 'a'), (e, names) => {
        console.log('readdir', err(e), names.join(','));
        fs.readdir(path.join(dir, 'a'), { withFileTypes: true }, (e, ents) => {
          console.log('readdir types', err(e), ents.map((d) => `${d.name}:${d.isDirectory() ? 'dir' : d.isFile() ? 'file' : '?'}`).join(','));
          const g = path.join(dir, 'g.txt');
          fs.rename(f, g, (e) => {
            console.log('rename', err(e));
            fs.readFile(g, (e, data) => {
              console.log('readFile', err(e), JSON.stringify(data.toString()));
              fs.readFile(g, 'utf8', (e, s) => {
                console.log('readFile utf8', typeof s, s.length);
                fs.unlink(g, (e) => {
                  console.log('unlink', err(e));
                  errors();
                });
              });
            });
          });
        });
      });
    });
  });
}

function errors() {
  const missing = path.join(dir, 'missing');
  fs.readFile(missing, (e) => {
    console.log('readFile missing', err(e));
    fs.unlink(missing, (e) => {
      console.log('unlink missing', err(e));
      fs.rename(missing, path.join(dir, 'x'), (e) => {
        console.log('rename missing', err(e));
        fs.readdir(missing, (e) => {
          console.log('readdir missing', err(e));
          fs.stat(missing, (e) => {
            console.log('stat missing', err(e));
            fs.open(path.join(dir, 'a'), 'w', (e) => {
              console.log('open dir for writing', err(e));
              fs.readFile(path.join(dir, 'a'), (e) => {
                console.log('readFile dir', err(e));
                fs.writeFile(path.join(dir, 'a', 'z.txt'), 'x', { flag: 'wx' }, (e) => {
                  console.log('writeFile wx existing', err(e));
                  fs.mkdir(path.join(missing, 'q'), (e) => {
                    console.log('mkdir no parent', err(e));
                    fs.rmSync(dir, { recursive: true });
                  });
                });
              });
            });
          });
        });
      });
    });
  });
}
