// Package fs is Node 20's fs module on libuv: every operation is a libuv
// filesystem request (uv_fs_*) that runs on libuv's threadpool, and its
// callback runs later on the loop, in the poll phase, as Node's fs
// callbacks do. The loop never blocks on disk.
//
//   - The callback API: Open, Close, Read, Write, Stat, Lstat, Fstat,
//     ReadFile, WriteFile, Unlink, Rename, Mkdir (Recursive), Rmdir,
//     Readdir, ReaddirEntries and Realpath.
//   - Streams: CreateReadStream returns a ReadStream (a stream.Readable)
//     and CreateWriteStream a WriteStream (a stream.Writable), with Node's
//     options (Flags, Mode, FD, Start, End, HighWaterMark 64 KiB for
//     reading, DisableAutoClose for autoClose: false) and events ('open',
//     'ready', then the stream's own, 'close' after the descriptor was
//     closed).
//
// fs.CreateReadStream(loop, path, opts).Pipe(res) is Node's backpressure
// example and works the same: a read is started only when the stream's
// buffer is below its high-water mark, the pipe pauses the stream while
// the destination is full, so a slow client holds the loop to a few
// chunks of memory whatever the file's size.
//
// # Threading
//
// Every function and every method of the streams is loop thread only
// (or before Run), like every object on a uv loop. A pending request
// keeps the loop alive. Functions take the loop first; a closed loop is a
// programming error and panics.
//
// # Errors
//
// A failed operation gives its callback an *Error with Node's fields and
// message ("ENOENT: no such file or directory, open 'x'"): Errno, Code,
// Syscall, Path and Dest, and it unwraps to the errno, so
// errors.Is(err, os.ErrNotExist) works. Errors are delivered
// asynchronously, even those found before the request started.
//
// # Bytes
//
// Reads land in C memory on the threadpool and are copied on the loop:
// into the caller's buffer for Read, into a fresh slice per chunk for a
// ReadStream (the stream owns it), into one growing slice for ReadFile.
// Write and the WriteStream copy the caller's bytes to C memory when the
// request starts; WriteFile copies one 512 KiB chunk at a time, so its
// data must stay unchanged until its callback.
//
// # Differences from Node
//
//   - Optional numeric options are pointers (Start, End, FD: nil is
//     Node's undefined; new(int64(5)) sets one); options that default to
//     true are negated (DisableAutoClose, DisableEmitClose).
//   - Flags are Node's flag strings only ("r", "w", "a+", ...; Flags
//     lists them); an unknown one panics, as Node throws.
//   - A path with a NUL byte is an ERR_INVALID_ARG_VALUE error given to the
//     callback (Node throws it): paths often come from input.
//   - Read's callback gets (n, buf, err) and Write's (n, err); Write copies
//     the bytes at once, where Node keeps the caller's buffer until the
//     callback.
//   - Mkdir's callback gets the created path as its first argument with
//     or without Recursive ("" when a recursive mkdir created nothing,
//     Node's undefined).
//   - ReadFile and WriteFile take bytes only (no encoding option: convert
//     with string(b)); a file that grows while read is read to its end.
//   - A WriteStream finishes a short write itself (Node counts it and
//     moves on); a regular file only writes short when the disk is full.
//   - Known gap, in package stream: writes buffered in a WriteStream whose
//     open fails do not get the error in their callbacks (Node fails them
//     with it); 'error' and 'close' are Node's.
//   - Not yet built: the promise API, fs.watch, symlink/readlink/chmod/
//     chown/utimes/copyFile/rm, and the synchronous *Sync functions (use
//     package os from a goroutine, or uv.Work).
package fs
