package fs

import (
	"errors"
	"path/filepath"
	"syscall"

	"github.com/uvgo/uvgo/uv"
)

// started delivers the error of a request that could not start to its
// callback on the next tick, as Node delivers every fs result
// asynchronously. A closed loop is a programming error and panics.
func started(l *uv.Loop, err error, path, dest string, fail func(error)) {
	if err == nil {
		return
	}
	if errors.Is(err, uv.ErrLoopClosed) {
		panic("fs: the loop is closed: start fs operations before Loop.Close")
	}
	e := startErr(err, path, dest)
	l.NextTick(func() { fail(e) })
}

// Open opens path with Node's flags ("r" when empty, "w", "a+", ...; see
// Flags) and mode for a created file (0o666 when 0, before the umask), and
// calls cb with the file descriptor, which the caller closes with Close.
func Open(l *uv.Loop, path, flags string, mode uint32, cb func(fd int, err error)) {
	err := uv.FsOpen(l, path, flagsOr(flags, "r"), modeOr(mode, 0o666), func(fd int, err error) {
		cb(fd, wrap(err, path, ""))
	})
	started(l, err, path, "", func(e error) { cb(-1, e) })
}

// Close closes fd.
func Close(l *uv.Loop, fd int, cb func(err error)) {
	err := uv.FsClose(l, fd, func(err error) { cb(wrap(err, "", "")) })
	started(l, err, "", "", cb)
}

// Read reads into buf from fd at position, or from the file's current
// position when position is negative (Node's null), and calls cb with the
// count read (0 at the end of the file) and buf. buf belongs to the
// request until cb runs: the bytes are read into C memory on the
// threadpool and copied into buf on the loop.
func Read(l *uv.Loop, fd int, buf []byte, position int64, cb func(n int, buf []byte, err error)) {
	err := uv.FsRead(l, fd, len(buf), position, func(p []byte, err error) {
		if err != nil {
			cb(0, buf, wrap(err, "", ""))
			return
		}
		cb(copy(buf, p), buf, nil)
	})
	started(l, err, "", "", func(e error) { cb(0, buf, e) })
}

// Write writes p to fd at position, or at the file's current position
// when position is negative (Node's null), and calls cb with the count
// written. p is copied before Write returns, so the caller may reuse it
// at once (Node keeps the caller's buffer until the callback).
func Write(l *uv.Loop, fd int, p []byte, position int64, cb func(n int, err error)) {
	err := uv.FsWrite(l, fd, p, position, func(n int, err error) { cb(n, wrap(err, "", "")) })
	started(l, err, "", "", func(e error) { cb(0, e) })
}

// Stat reports on path, following symbolic links.
func Stat(l *uv.Loop, path string, cb func(*Stats, error)) {
	err := uv.FsStat(l, path, statCb(path, cb))
	started(l, err, path, "", func(e error) { cb(nil, e) })
}

// Lstat reports on path itself, a symbolic link included.
func Lstat(l *uv.Loop, path string, cb func(*Stats, error)) {
	err := uv.FsLstat(l, path, statCb(path, cb))
	started(l, err, path, "", func(e error) { cb(nil, e) })
}

// Fstat reports on an open descriptor.
func Fstat(l *uv.Loop, fd int, cb func(*Stats, error)) {
	err := uv.FsFstat(l, fd, statCb("", cb))
	started(l, err, "", "", func(e error) { cb(nil, e) })
}

func statCb(path string, cb func(*Stats, error)) func(uv.FileStat, error) {
	return func(s uv.FileStat, err error) {
		if err != nil {
			cb(nil, wrap(err, path, ""))
			return
		}
		cb(newStats(s), nil)
	}
}

// Unlink removes a file.
func Unlink(l *uv.Loop, path string, cb func(error)) {
	err := uv.FsUnlink(l, path, func(err error) { cb(wrap(err, path, "")) })
	started(l, err, path, "", cb)
}

// Rmdir removes an empty directory.
func Rmdir(l *uv.Loop, path string, cb func(error)) {
	err := uv.FsRmdir(l, path, func(err error) { cb(wrap(err, path, "")) })
	started(l, err, path, "", cb)
}

// Rename renames oldPath to newPath, replacing newPath if it exists.
func Rename(l *uv.Loop, oldPath, newPath string, cb func(error)) {
	err := uv.FsRename(l, oldPath, newPath, func(err error) { cb(wrap(err, oldPath, newPath)) })
	started(l, err, oldPath, newPath, cb)
}

// Realpath resolves path to an absolute path with every symbolic link
// followed (Node's fs.realpath.native, realpath(3) on the threadpool).
func Realpath(l *uv.Loop, path string, cb func(string, error)) {
	err := uv.FsRealpath(l, path, func(s string, err error) { cb(s, wrap(err, path, "")) })
	started(l, err, path, "", func(e error) { cb("", e) })
}

// MkdirOptions are Mkdir's options.
type MkdirOptions struct {
	// Recursive creates missing parents and is not an error when the
	// directory exists (mkdir -p).
	Recursive bool
	// Mode of the new directories, before the umask; 0o777 when 0.
	Mode uint32
}

// Mkdir creates a directory. With Recursive, cb gets the first directory
// it created ("" when all existed), as Node's callback gets (err, path).
// Without it, first is path on success.
func Mkdir(l *uv.Loop, path string, opts MkdirOptions, cb func(first string, err error)) {
	mode := modeOr(opts.Mode, 0o777)
	if !opts.Recursive {
		err := uv.FsMkdir(l, path, mode, func(err error) {
			if err != nil {
				cb("", wrap(err, path, ""))
				return
			}
			cb(path, nil)
		})
		started(l, err, path, "", func(e error) { cb("", e) })
		return
	}
	mkdirp(l, path, path, mode, func(first string, err error) {
		if err != nil {
			cb("", wrap(err, path, ""))
			return
		}
		cb(first, nil)
	})
}

// mkdirp creates dir and its missing parents, reporting the first one it
// created. Errors are raw (uv) errors; orig is the path Mkdir was given.
func mkdirp(l *uv.Loop, orig, dir string, mode int, cb func(string, error)) {
	err := uv.FsMkdir(l, dir, mode, func(err error) {
		switch {
		case err == nil:
			cb(dir, nil)
		case errors.Is(err, syscall.EEXIST):
			uv.FsStat(l, dir, func(st uv.FileStat, serr error) {
				if serr == nil && st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
					cb("", nil)
					return
				}
				cb("", err)
			})
		case errors.Is(err, syscall.ENOENT):
			parent := filepath.Dir(dir)
			if parent == dir {
				cb("", err)
				return
			}
			mkdirp(l, orig, parent, mode, func(first string, perr error) {
				if perr != nil {
					cb("", perr)
					return
				}
				mkdirp(l, orig, dir, mode, func(again string, err error) {
					if first == "" {
						first = again
					}
					cb(first, err)
				})
			})
		default:
			cb("", err)
		}
	})
	started(l, err, orig, "", func(e error) { cb("", e) })
}

// Readdir lists the names in a directory, without "." and "..", sorted
// (libuv's scandir order).
func Readdir(l *uv.Loop, path string, cb func([]string, error)) {
	err := uv.FsScandir(l, path, func(ents []uv.Dirent, err error) {
		if err != nil {
			cb(nil, wrap(err, path, ""))
			return
		}
		names := make([]string, len(ents))
		for i, e := range ents {
			names[i] = e.Name
		}
		cb(names, nil)
	})
	started(l, err, path, "", func(e error) { cb(nil, e) })
}

// ReaddirEntries lists a directory with each entry's type (Node's readdir
// with withFileTypes: true).
func ReaddirEntries(l *uv.Loop, path string, cb func([]Dirent, error)) {
	err := uv.FsScandir(l, path, func(ents []uv.Dirent, err error) {
		if err != nil {
			cb(nil, wrap(err, path, ""))
			return
		}
		out := make([]Dirent, len(ents))
		for i, e := range ents {
			out[i] = Dirent{Name: e.Name, typ: e.Type}
		}
		cb(out, nil)
	})
	started(l, err, path, "", func(e error) { cb(nil, e) })
}

// readFileChunk is how much ReadFile asks for per read (Node's
// kReadFileBufferLength).
const readFileChunk = 512 << 10

// ReadFile reads a whole file: open, fstat, reads of up to 512 KiB,
// close. A regular file is read into one slice of the size fstat gave,
// and to that size, as Node does; other files (pipes, /proc) are read
// until a read returns nothing. A read error is reported after the file
// was closed, without a path, as Node reports it (syscall "read").
func ReadFile(l *uv.Loop, path string, cb func([]byte, error)) {
	Open(l, path, "r", 0, func(fd int, err error) {
		if err != nil {
			cb(nil, err)
			return
		}
		var data []byte
		finish := func(rerr error) {
			uv.FsClose(l, fd, func(cerr error) {
				switch {
				case rerr != nil:
					cb(nil, rerr)
				case cerr != nil:
					cb(nil, wrap(cerr, "", ""))
				default:
					cb(data, nil)
				}
			})
		}
		uv.FsFstat(l, fd, func(st uv.FileStat, err error) {
			if err != nil {
				finish(wrap(err, "", ""))
				return
			}
			known := st.Mode&syscall.S_IFMT == syscall.S_IFREG && st.Size > 0
			if known {
				data = make([]byte, 0, st.Size)
			}
			var next func()
			next = func() {
				want := readFileChunk
				if known {
					want = min(want, cap(data)-len(data))
				}
				err := uv.FsRead(l, fd, want, -1, func(p []byte, err error) {
					switch {
					case err != nil:
						finish(wrap(err, "", ""))
					case len(p) == 0 || known && len(data)+len(p) == cap(data):
						data = append(data, p...)
						if data == nil {
							data = []byte{}
						}
						finish(nil)
					default:
						data = append(data, p...)
						next()
					}
				})
				if err != nil {
					finish(wrap(err, "", ""))
				}
			}
			next()
		})
	})
}

// WriteFileOptions are WriteFile's options.
type WriteFileOptions struct {
	// Flags to open the file with; "w" when empty ("a" appends, "wx"
	// refuses an existing file).
	Flags string
	// Mode of a created file, before the umask; 0o666 when 0.
	Mode uint32
}

// writeFileChunk bounds the C copy WriteFile makes per write.
const writeFileChunk = 512 << 10

// WriteFile writes data to a file, created or truncated as opts.Flags
// says, and closes it. data belongs to WriteFile until cb runs, as the
// buffer given to Node's writeFile does: it is copied to C memory one
// chunk (512 KiB) at a time as the writes go.
func WriteFile(l *uv.Loop, path string, data []byte, opts WriteFileOptions, cb func(error)) {
	flags := opts.Flags
	if flags == "" {
		flags = "w"
	}
	Open(l, path, flags, opts.Mode, func(fd int, err error) {
		if err != nil {
			cb(err)
			return
		}
		finish := func(werr error) {
			uv.FsClose(l, fd, func(cerr error) {
				if werr == nil {
					werr = wrap(cerr, "", "")
				}
				cb(werr)
			})
		}
		rest := data
		var next func()
		next = func() {
			if len(rest) == 0 {
				finish(nil)
				return
			}
			chunk := rest[:min(len(rest), writeFileChunk)]
			err := uv.FsWrite(l, fd, chunk, -1, func(n int, err error) {
				if err != nil {
					finish(wrap(err, "", ""))
					return
				}
				rest = rest[n:]
				next()
			})
			if err != nil {
				finish(wrap(err, "", ""))
			}
		}
		next()
	})
}
