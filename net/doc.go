// Package net is Node 20's net module on libuv: Server accepts TCP
// connections or connections to a Unix-domain socket, Socket is a
// stream.Duplex over a uv stream handle (uv.TCP or uv.Pipe). Connect and
// ConnectPath open client connections.
//
// # Unix-domain sockets
//
// Server.ListenPath (or ListenOptions.Path) listens on a path with a
// uv.Pipe, ConnectPath connects to one; the Socket, its backpressure, its
// events and the HTTP server on top are the same code as for TCP (one
// socket layer drives any uv.Stream). As in Node: listening on a path
// that exists fails with EADDRINUSE, whether a live server, a stale
// socket left by a process that died or a plain file holds it, and the
// path is never removed first (remove a stale socket yourself if you
// know it is stale); closing the server removes its socket file;
// connecting to a path nobody listens on fails with ECONNREFUSED, to a
// missing path with ENOENT; Server.Path returns the path (Node's
// server.address() for a pipe server); RemoteAddress is "" (Node's is
// undefined); SetNoDelay and SetKeepAlive do nothing. Keep paths short:
// sun_path holds 107 bytes and a longer path is truncated (uv.MaxPipePath).
//
// # Threading
//
// Everything here belongs to the loop's goroutine. Work from other
// goroutines goes through Loop.Post, or the stream bridges
// (stream.NewWriter / stream.NewReader).
//
// # Backpressure
//
// Socket.Write hands its bytes to the kernel at once (uv_try_write), as
// Node does; a chunk the kernel did not take whole stays counted in
// WritableLength until libuv has written the rest, which stays pinned in
// place meanwhile. Write returns false once that count reaches the
// writable high-water mark (16 KiB); 'drain' follows when it is all
// written. Cork and Uncork batch writes into one vectored write. The read side
// stops reading the socket while the Socket is paused or its buffer is at
// the readable high-water mark, and starts again when the data is
// consumed, so a slow consumer slows the peer instead of growing a buffer.
//
// # Events and errors
//
// 'connect', 'ready', 'data', 'end', 'finish', 'timeout', 'error' and
// 'close' (with hadError, from the handle's close callback, in the loop's
// close phase) follow Node's order. ECONNRESET, EPIPE and connection
// failures arrive as 'error' events carrying a *uv.Error (errors.Is works
// with syscall errno values). Server.Listen returns bind and listen
// failures instead of emitting them: they happen synchronously in libuv.
//
// # Differences from Node
//
//   - Connect looks a name up with dns.Lookup (getaddrinfo, Node's
//     default) and tries its addresses in turn (Node 20's autoSelectFamily
//     without the 250 ms race). Listen looks a host name up at once, with
//     the system's resolver, and blocks meanwhile (it returns its error
//     synchronously; Node looks up asynchronously and emits 'error');
//     "localhost" is the IPv4 loopback address.
//   - Listen reports EADDRINUSE and friends as its return value, not as an
//     'error' event. For a path, the error's Syscall is "bind" where Node
//     says "listen", and it carries no address field (Node's err.address
//     is the path).
//   - Server.Address returns a netip.AddrPort, so a pipe server's path
//     comes from Server.Path instead; ListenOptions.Path wins over Port
//     (Node lets an explicit port win, Go cannot tell port 0 from unset).
//   - 'close' listeners that want hadError use OnSocketClose; OnClose (from
//     the stream) ignores the argument.
package net
