package fs

import (
	"syscall"
	"time"

	"github.com/uvgo/uvgo/uv"
)

// Stats is what Stat, Lstat and Fstat report: Node's fs.Stats, with the
// times both as milliseconds (AtimeMs, ...) and as time.Time.
type Stats struct {
	Dev, Mode, Nlink, UID, GID, Rdev, Blksize, Ino, Size, Blocks int64

	AtimeMs, MtimeMs, CtimeMs, BirthtimeMs float64
	Atime, Mtime, Ctime, Birthtime         time.Time
}

func newStats(s uv.FileStat) *Stats {
	ms := func(t uv.Timespec) float64 { return float64(t.Sec)*1e3 + float64(t.Nsec)/1e6 }
	tm := func(t uv.Timespec) time.Time { return time.Unix(t.Sec, t.Nsec) }
	return &Stats{
		Dev: int64(s.Dev), Mode: int64(s.Mode), Nlink: int64(s.Nlink), UID: int64(s.UID),
		GID: int64(s.GID), Rdev: int64(s.Rdev), Blksize: int64(s.Blksize), Ino: int64(s.Ino),
		Size: int64(s.Size), Blocks: int64(s.Blocks),
		AtimeMs: ms(s.Atime), MtimeMs: ms(s.Mtime), CtimeMs: ms(s.Ctime), BirthtimeMs: ms(s.Birthtime),
		Atime: tm(s.Atime), Mtime: tm(s.Mtime), Ctime: tm(s.Ctime), Birthtime: tm(s.Birthtime),
	}
}

func (s *Stats) is(kind int64) bool { return s.Mode&syscall.S_IFMT == kind }

// IsFile reports whether the entry is a regular file.
func (s *Stats) IsFile() bool { return s.is(syscall.S_IFREG) }

// IsDirectory reports whether the entry is a directory.
func (s *Stats) IsDirectory() bool { return s.is(syscall.S_IFDIR) }

// IsSymbolicLink reports whether the entry is a symbolic link (only Lstat
// can see one).
func (s *Stats) IsSymbolicLink() bool { return s.is(syscall.S_IFLNK) }

// IsFIFO reports whether the entry is a named pipe.
func (s *Stats) IsFIFO() bool { return s.is(syscall.S_IFIFO) }

// IsSocket reports whether the entry is a Unix-domain socket.
func (s *Stats) IsSocket() bool { return s.is(syscall.S_IFSOCK) }

// IsCharacterDevice reports whether the entry is a character device.
func (s *Stats) IsCharacterDevice() bool { return s.is(syscall.S_IFCHR) }

// IsBlockDevice reports whether the entry is a block device.
func (s *Stats) IsBlockDevice() bool { return s.is(syscall.S_IFBLK) }

// Dirent is one entry of ReaddirEntries (Node's fs.Dirent, from readdir
// with withFileTypes).
type Dirent struct {
	Name string
	typ  uv.DirentType
}

// IsFile reports whether the entry is a regular file.
func (d Dirent) IsFile() bool { return d.typ == uv.DirentFile }

// IsDirectory reports whether the entry is a directory.
func (d Dirent) IsDirectory() bool { return d.typ == uv.DirentDir }

// IsSymbolicLink reports whether the entry is a symbolic link.
func (d Dirent) IsSymbolicLink() bool { return d.typ == uv.DirentLink }

// IsFIFO reports whether the entry is a named pipe.
func (d Dirent) IsFIFO() bool { return d.typ == uv.DirentFIFO }

// IsSocket reports whether the entry is a Unix-domain socket.
func (d Dirent) IsSocket() bool { return d.typ == uv.DirentSocket }

// IsCharacterDevice reports whether the entry is a character device.
func (d Dirent) IsCharacterDevice() bool { return d.typ == uv.DirentChar }

// IsBlockDevice reports whether the entry is a block device.
func (d Dirent) IsBlockDevice() bool { return d.typ == uv.DirentBlock }
