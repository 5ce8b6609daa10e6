package fs

import (
	"fmt"
	"os"
	"syscall"
)

// openFlags maps Node's string flags to open(2) flags; "" is the
// default ("r" for reading, the caller passes its own default).
var openFlags = map[string]int{
	"r":   os.O_RDONLY,
	"rs":  os.O_RDONLY | syscall.O_SYNC,
	"sr":  os.O_RDONLY | syscall.O_SYNC,
	"r+":  os.O_RDWR,
	"rs+": os.O_RDWR | syscall.O_SYNC,
	"sr+": os.O_RDWR | syscall.O_SYNC,
	"w":   os.O_TRUNC | os.O_CREATE | os.O_WRONLY,
	"wx":  os.O_TRUNC | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"xw":  os.O_TRUNC | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"w+":  os.O_TRUNC | os.O_CREATE | os.O_RDWR,
	"wx+": os.O_TRUNC | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"xw+": os.O_TRUNC | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"a":   os.O_APPEND | os.O_CREATE | os.O_WRONLY,
	"ax":  os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"xa":  os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"as":  os.O_APPEND | os.O_CREATE | os.O_WRONLY | syscall.O_SYNC,
	"sa":  os.O_APPEND | os.O_CREATE | os.O_WRONLY | syscall.O_SYNC,
	"a+":  os.O_APPEND | os.O_CREATE | os.O_RDWR,
	"ax+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"xa+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"as+": os.O_APPEND | os.O_CREATE | os.O_RDWR | syscall.O_SYNC,
	"sa+": os.O_APPEND | os.O_CREATE | os.O_RDWR | syscall.O_SYNC,
}

// Flags returns the open(2) flags for one of Node's flag strings ("r",
// "r+", "w", "wx", "a", "a+", ...). An unknown string panics with Node's
// ERR_INVALID_ARG_VALUE message: flags are written by the programmer,
// not read from input.
func Flags(s string) int {
	f, ok := openFlags[s]
	if !ok {
		panic(fmt.Sprintf("fs: ERR_INVALID_ARG_VALUE: The argument 'flags' is invalid. Received %q (use \"r\", \"r+\", \"w\", \"wx\", \"w+\", \"a\", \"ax\", \"a+\" or another of Node's flag strings)", s))
	}
	return f
}

func flagsOr(s, def string) int {
	if s == "" {
		s = def
	}
	return Flags(s)
}

func modeOr(m uint32, def uint32) int {
	if m == 0 {
		return int(def)
	}
	return int(m)
}
