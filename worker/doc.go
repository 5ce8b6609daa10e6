// Package worker runs one server on N event loops in one process: each
// loop on its own locked OS thread, each with its own listening socket on
// the same address (SO_REUSEPORT), so the kernel spreads the connections
// among the loops. Node needs cluster processes for this; here the loops
// share one process, so a Go program can use every core with Node's
// one-loop-per-thread model.
//
//	g, err := worker.Start(worker.Options{Workers: 4, Listen: net.ListenOptions{Host: "127.0.0.1", Port: 8080}},
//		func(i int, loop *uv.Loop) (worker.Server, error) {
//			return http.CreateServer(loop, handler), nil
//		})
//	...
//	err = g.Shutdown(ctx) // stop accepting, let requests finish, force the rest at ctx's deadline
//
// # Why a package of its own, named worker
//
// It sits above http and net (it takes any server with ListenWith, Close,
// Address and Connections: *http.Server and *net.Server both have them),
// so it belongs in neither. It is not Node's cluster (no processes, no
// master handing out handles) nor worker_threads (no message channels):
// the name says what it runs, workers, each a loop.
//
// # Life of a group
//
// Start creates the loops, calls setup for each one (on the calling
// goroutine, before the loop runs, so setup may use the loop freely),
// listens, and runs every loop on its own goroutine, which Run locks to
// its thread. Close stops accepting (each server's Close, on its loop);
// Drained is closed when every server has emitted 'close' (its last
// connection is gone); the loops keep running (a drained loop waits for
// the others, so Post and Connections reach every loop until the end);
// Stop force-closes what is left (the connections, when the server has
// CloseAllConnections, and the loop itself, even if the app's timers
// would keep it alive); Wait waits for every loop to return and be
// closed. Shutdown(ctx) is Close, then Drained or ctx's end,
// then Stop and Wait: graceful with a deadline.
//
// # State shared between loops: the rules
//
//   - Everything made on a loop (servers, sockets, timers, streams,
//     requests, responses) belongs to that loop: touch it only from its
//     callbacks. From elsewhere, Group.Post(i, fn) (loop.Post) runs fn on
//     loop i. The uv package panics on a loop-only method called from
//     another goroutine while the loop runs.
//   - setup runs once per loop and should build that loop's state (its own
//     caches, its own static-file handler): a loop never waits for another.
//   - State truly shared by all loops (counters, a configuration snapshot,
//     a cache) must be safe for concurrent use: sync/atomic, a sync.Mutex
//     held briefly and never across a callback, or immutable values. A
//     blocking lock stalls every connection of the loop holding it, so
//     keep shared state small and lock-free where possible.
//   - The handler must not assume a connection's next request reaches the
//     same loop's state as another connection of the same client: the
//     kernel picks the loop per connection.
//
// # The foot-gun guarded: another process on the same address
//
// SO_REUSEPORT lets any socket of the same user join the port, so a second
// copy of the program started by mistake would silently share the port
// (each getting some of the connections) instead of failing as Node does.
// Start refuses it with EADDRINUSE ("bind EADDRINUSE: address already in
// use 127.0.0.1:8080") in two steps, on Linux:
//
//  1. Before binding, a probe socket binds the address without
//     SO_REUSEPORT (and with SO_REUSEADDR, as libuv does): the kernel
//     refuses it if any other socket holds the address, whatever that
//     socket's options. (Skipped for port 0: nobody else can hold a port
//     not yet picked.)
//  2. After the group's sockets listen, /proc/net/tcp and tcp6 are read:
//     a listening socket on the same port and an overlapping address
//     (equal, or either one a wildcard) whose inode is not one of this
//     process's descriptors belongs to another process, and Start closes
//     everything and fails with EADDRINUSE. This closes the race in which
//     two processes both pass the probe at the same moment (both then
//     fail, which is the safe outcome).
//
// Between the bind and the check, the kernel may queue a connection or two
// on the refused process's sockets; they are reset when it closes them.
// On other systems neither check runs (Linux only, for now). With Workers
// 1 no SO_REUSEPORT is set and the kernel refuses a second process by
// itself.
//
// # Differences from Node
//
//   - Node's cluster forks processes; here the workers are threads of one
//     process (cheaper, and shared memory is allowed under the rules
//     above). A worker that panics (an uncaught error on its loop) takes
//     the process down, as an uncaught exception does in Node, instead of
//     the master forking a replacement.
//   - Node's cluster master accepts and hands connections round-robin by
//     default on Linux; here the kernel's SO_REUSEPORT hashing spreads
//     them (Node's SCHED_NONE), which is faster but can be uneven with few
//     clients.
package worker
