// dns.lookup, Node's default resolver (getaddrinfo on the threadpool):
// IP literals answered without a lookup but still asynchronously,
// localhost over IPv4, and the error shape for names under .invalid,
// which never resolve (errno, code ENOTFOUND, syscall, hostname, message).
const dns = require('dns');

function show(e) {
  return `errno=${e.errno} code=${e.code} syscall=${e.syscall} hostname=${e.hostname} message=${e.message}`;
}

dns.lookup('127.0.0.1', (e, a, f) => {
  console.log('literal v4', e, a, f);
  dns.lookup('::1', { all: true }, (e, all) => {
    console.log('literal v6 all', e, JSON.stringify(all));
    dns.lookup('::1', { family: 4 }, (e, a, f) => {
      console.log('literal ignores family', e, a, f);
      dns.lookup('localhost', { family: 4 }, (e, a, f) => {
        console.log("localhost v4", e === null, a, f);
        dns.lookup('localhost', { family: 4, all: true }, (e, all) => {
          console.log("localhost v4 all", e === null, JSON.stringify(all));
          dns.lookup('no-such-host.invalid', (e, a, f) => {
            console.log('invalid', show(e), a, f);
            dns.lookup('no-such-host.invalid', { all: true }, (e, all) => {
              console.log('invalid all', show(e), all);
              dns.lookup('x.invalid', { family: 6 }, (e) => {
                console.log('invalid v6', show(e));
              });
            });
          });
        });
      });
    });
  });
});
console.log('after first lookup call');
