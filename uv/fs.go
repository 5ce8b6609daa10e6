//go:build cgo

package uv

/*
#cgo nocallback uvgo_fs_open
#cgo nocallback uvgo_fs_simple
#cgo nocallback uvgo_fs_rename
#cgo nocallback uvgo_fs_read
#cgo noescape uvgo_fs_write
#cgo nocallback uvgo_fs_write
#cgo nocallback uvgo_fs_scandir_next
#cgo nocallback uvgo_fs_buf
#cgo nocallback uvgo_getaddrinfo
#cgo nocallback uvgo_ai_addr
#cgo noescape uvgo_ai_addr
#include "fsglue.h"
*/
import "C"

import (
	"errors"
	"strings"
	"unsafe"
)

// Filesystem requests on libuv's threadpool (uv_fs_*), the layer under
// package fs. Each function starts one request and returns at once; its
// callback runs later on the loop, in the poll phase, as Node's fs
// callbacks do. A pending request keeps the loop alive. Every function
// here is loop thread only. Errors given to a callback are *Error values
// whose Syscall names the operation ("open", "read", "scandir", ...); the
// error a function returns means the request was not started (the loop
// is closed, or the arguments were refused) and its callback will not run.

// ErrNulInPath is returned when a path contains a NUL byte, which no
// system call can take (Node throws ERR_INVALID_ARG_VALUE for it).
var ErrNulInPath = errors.New("uv: path contains a NUL byte")

// Timespec is a time as libuv reports it: seconds and nanoseconds since
// the Unix epoch.
type Timespec struct {
	Sec  int64
	Nsec int64
}

// FileStat is the result of a stat request (libuv's uv_stat_t).
type FileStat struct {
	Dev, Mode, Nlink, UID, GID, Rdev, Ino, Size, Blksize, Blocks, Flags, Gen uint64
	Atime, Mtime, Ctime, Birthtime                                           Timespec
}

// DirentType is the type of a directory entry as scandir reports it.
type DirentType int

// Directory entry types (libuv's uv_dirent_type_t).
const (
	DirentUnknown DirentType = C.UV_DIRENT_UNKNOWN
	DirentFile    DirentType = C.UV_DIRENT_FILE
	DirentDir     DirentType = C.UV_DIRENT_DIR
	DirentLink    DirentType = C.UV_DIRENT_LINK
	DirentFIFO    DirentType = C.UV_DIRENT_FIFO
	DirentSocket  DirentType = C.UV_DIRENT_SOCKET
	DirentChar    DirentType = C.UV_DIRENT_CHAR
	DirentBlock   DirentType = C.UV_DIRENT_BLOCK
)

// Dirent is one entry of a directory listing.
type Dirent struct {
	Name string
	Type DirentType
}

// fsStart registers done, runs start with the request id and a C copy of
// each path, and undoes the registration when libuv refused the request.
func fsStart(l *Loop, syscall string, done func(*C.uvgo_fs_req), start func(rid C.uintptr_t, paths []*C.char) C.int, paths ...string) error {
	if l.closed {
		return ErrLoopClosed
	}
	cpaths := make([]*C.char, len(paths))
	for i, p := range paths {
		if strings.IndexByte(p, 0) >= 0 {
			return ErrNulInPath
		}
		cpaths[i] = C.CString(p)
	}
	defer func() {
		for _, c := range cpaths {
			C.free(unsafe.Pointer(c))
		}
	}()
	id := addPending(done)
	if r := start(C.uintptr_t(id), cpaths); r < 0 {
		takePending(id)
		return newError(r, syscall)
	}
	return nil
}

func fsResult(r *C.uvgo_fs_req) int64 { return int64(r.req.result) }

// fsErr returns the request's error, or nil when it succeeded.
func fsErr(r *C.uvgo_fs_req, syscall string) error {
	if res := r.req.result; res < 0 {
		return &Error{Code: int(res), Syscall: syscall}
	}
	return nil
}

func (l *Loop) simple(op C.int, syscall, path string, fd int, arg int64, done func(*C.uvgo_fs_req)) error {
	var paths []string
	if path != "" || op != C.UVGO_FS_CLOSE && op != C.UVGO_FS_FSTAT && op != C.UVGO_FS_FTRUNCATE && op != C.UVGO_FS_FSYNC {
		paths = []string{path}
	}
	return fsStart(l, syscall, done, func(rid C.uintptr_t, p []*C.char) C.int {
		var cp *C.char
		if len(p) > 0 {
			cp = p[0]
		}
		return C.uvgo_fs_simple(l.ptr, rid, op, cp, C.int(fd), C.int64_t(arg))
	}, paths...)
}

func errDone(syscall string, cb func(error)) func(*C.uvgo_fs_req) {
	return func(r *C.uvgo_fs_req) { cb(fsErr(r, syscall)) }
}

// FsOpen opens path (uv_fs_open) with open(2) flags (os.O_RDONLY, ...;
// libuv adds O_CLOEXEC) and mode for a created file, and calls cb with
// the descriptor.
func FsOpen(l *Loop, path string, flags, mode int, cb func(fd int, err error)) error {
	return fsStart(l, "open", func(r *C.uvgo_fs_req) {
		if err := fsErr(r, "open"); err != nil {
			cb(-1, err)
			return
		}
		cb(int(fsResult(r)), nil)
	}, func(rid C.uintptr_t, p []*C.char) C.int {
		return C.uvgo_fs_open(l.ptr, rid, p[0], C.int(flags), C.int(mode))
	}, path)
}

// FsClose closes fd (uv_fs_close).
func FsClose(l *Loop, fd int, cb func(err error)) error {
	return l.simple(C.UVGO_FS_CLOSE, "close", "", fd, 0, errDone("close", cb))
}

// FsRead reads up to n bytes from fd at offset pos, or at the file's
// current position when pos is negative (uv_fs_read). The bytes land in
// C memory: p is valid only during cb, which must copy what it keeps. At
// the end of the file p is empty and err nil.
func FsRead(l *Loop, fd, n int, pos int64, cb func(p []byte, err error)) error {
	if n < 0 || n > 1<<31-1 {
		return &Error{Code: int(C.UV_EINVAL), Syscall: "read"}
	}
	if pos < 0 {
		pos = -1
	}
	return fsStart(l, "read", func(r *C.uvgo_fs_req) {
		if err := fsErr(r, "read"); err != nil {
			cb(nil, err)
			return
		}
		got := int(fsResult(r))
		if got == 0 {
			cb([]byte{}, nil)
			return
		}
		cb(unsafe.Slice((*byte)(unsafe.Pointer(C.uvgo_fs_buf(r))), got), nil)
	}, func(rid C.uintptr_t, _ []*C.char) C.int {
		return C.uvgo_fs_read(l.ptr, rid, C.int(fd), C.size_t(n), C.int64_t(pos))
	})
}

// FsWrite writes p to fd at offset pos, or at the file's current position
// when pos is negative (uv_fs_write), and calls cb with the count written.
// p is copied to C memory before FsWrite returns: the caller may reuse it
// at once.
func FsWrite(l *Loop, fd int, p []byte, pos int64, cb func(n int, err error)) error {
	if len(p) > 1<<31-1 {
		return &Error{Code: int(C.UV_EINVAL), Syscall: "write"}
	}
	if pos < 0 {
		pos = -1
	}
	return fsStart(l, "write", func(r *C.uvgo_fs_req) {
		if err := fsErr(r, "write"); err != nil {
			cb(0, err)
			return
		}
		cb(int(fsResult(r)), nil)
	}, func(rid C.uintptr_t, _ []*C.char) C.int {
		var ptr *C.char
		if len(p) > 0 {
			ptr = (*C.char)(unsafe.Pointer(&p[0]))
		}
		return C.uvgo_fs_write(l.ptr, rid, C.int(fd), ptr, C.size_t(len(p)), C.int64_t(pos))
	})
}

func statDone(syscall string, cb func(FileStat, error)) func(*C.uvgo_fs_req) {
	return func(r *C.uvgo_fs_req) {
		if err := fsErr(r, syscall); err != nil {
			cb(FileStat{}, err)
			return
		}
		s := &r.req.statbuf
		ts := func(t C.uv_timespec_t) Timespec { return Timespec{Sec: int64(t.tv_sec), Nsec: int64(t.tv_nsec)} }
		cb(FileStat{
			Dev: uint64(s.st_dev), Mode: uint64(s.st_mode), Nlink: uint64(s.st_nlink),
			UID: uint64(s.st_uid), GID: uint64(s.st_gid), Rdev: uint64(s.st_rdev),
			Ino: uint64(s.st_ino), Size: uint64(s.st_size), Blksize: uint64(s.st_blksize),
			Blocks: uint64(s.st_blocks), Flags: uint64(s.st_flags), Gen: uint64(s.st_gen),
			Atime: ts(s.st_atim), Mtime: ts(s.st_mtim), Ctime: ts(s.st_ctim), Birthtime: ts(s.st_birthtim),
		}, nil)
	}
}

// FsStat stats path, following symbolic links (uv_fs_stat).
func FsStat(l *Loop, path string, cb func(FileStat, error)) error {
	return l.simple(C.UVGO_FS_STAT, "stat", path, 0, 0, statDone("stat", cb))
}

// FsLstat stats path itself, not what a symbolic link points to
// (uv_fs_lstat).
func FsLstat(l *Loop, path string, cb func(FileStat, error)) error {
	return l.simple(C.UVGO_FS_LSTAT, "lstat", path, 0, 0, statDone("lstat", cb))
}

// FsFstat stats an open descriptor (uv_fs_fstat).
func FsFstat(l *Loop, fd int, cb func(FileStat, error)) error {
	return l.simple(C.UVGO_FS_FSTAT, "fstat", "", fd, 0, statDone("fstat", cb))
}

// FsUnlink removes a file (uv_fs_unlink).
func FsUnlink(l *Loop, path string, cb func(error)) error {
	return l.simple(C.UVGO_FS_UNLINK, "unlink", path, 0, 0, errDone("unlink", cb))
}

// FsRmdir removes an empty directory (uv_fs_rmdir).
func FsRmdir(l *Loop, path string, cb func(error)) error {
	return l.simple(C.UVGO_FS_RMDIR, "rmdir", path, 0, 0, errDone("rmdir", cb))
}

// FsMkdir creates one directory with mode (uv_fs_mkdir).
func FsMkdir(l *Loop, path string, mode int, cb func(error)) error {
	return l.simple(C.UVGO_FS_MKDIR, "mkdir", path, 0, int64(mode), errDone("mkdir", cb))
}

// FsFtruncate truncates (or extends) an open file to size bytes
// (uv_fs_ftruncate).
func FsFtruncate(l *Loop, fd int, size int64, cb func(error)) error {
	return l.simple(C.UVGO_FS_FTRUNCATE, "ftruncate", "", fd, size, errDone("ftruncate", cb))
}

// FsFsync flushes an open file to storage (uv_fs_fsync).
func FsFsync(l *Loop, fd int, cb func(error)) error {
	return l.simple(C.UVGO_FS_FSYNC, "fsync", "", fd, 0, errDone("fsync", cb))
}

// FsRename renames from to to (uv_fs_rename).
func FsRename(l *Loop, from, to string, cb func(error)) error {
	return fsStart(l, "rename", errDone("rename", cb), func(rid C.uintptr_t, p []*C.char) C.int {
		return C.uvgo_fs_rename(l.ptr, rid, p[0], p[1])
	}, from, to)
}

// FsScandir lists a directory (uv_fs_scandir) without "." and "..", in
// the order libuv returns (sorted by name).
func FsScandir(l *Loop, path string, cb func([]Dirent, error)) error {
	return l.simple(C.UVGO_FS_SCANDIR, "scandir", path, 0, 0, func(r *C.uvgo_fs_req) {
		if err := fsErr(r, "scandir"); err != nil {
			cb(nil, err)
			return
		}
		out := make([]Dirent, 0, int(fsResult(r)))
		for {
			var name *C.char
			var typ C.int
			if C.uvgo_fs_scandir_next(r, &name, &typ) != 0 {
				break
			}
			out = append(out, Dirent{Name: C.GoString(name), Type: DirentType(typ)})
		}
		cb(out, nil)
	})
}

// FsRealpath resolves path to its canonical absolute form, every symbolic
// link followed (uv_fs_realpath, Node's fs.realpath.native).
func FsRealpath(l *Loop, path string, cb func(string, error)) error {
	return l.simple(C.UVGO_FS_REALPATH, "realpath", path, 0, 0, func(r *C.uvgo_fs_req) {
		if err := fsErr(r, "realpath"); err != nil {
			cb("", err)
			return
		}
		cb(C.GoString((*C.char)(r.req.ptr)), nil)
	})
}
