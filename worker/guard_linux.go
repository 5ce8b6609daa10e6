package worker

import (
	"bufio"
	"encoding/binary"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/uvgo/uvgo/net"
)

// probe binds o's address without SO_REUSEPORT (with SO_REUSEADDR, as
// libuv binds): the kernel refuses it when any other socket holds the
// address, listening with SO_REUSEPORT or not. The probe never listens and
// is closed at once.
func probe(o net.ListenOptions) error {
	if o.Port == 0 {
		return nil
	}
	var hosts []string
	switch o.Host {
	case "":
		hosts = []string{"::", "0.0.0.0"}
	case "localhost":
		hosts = []string{"127.0.0.1"}
	default:
		hosts = []string{o.Host}
	}
	for _, h := range hosts {
		a, err := netip.ParseAddr(h)
		if err != nil {
			return nil // not an address: ListenWith reports it
		}
		err = probeBind(netip.AddrPortFrom(a, uint16(o.Port)), o.IPv6Only)
		if errors.Is(err, syscall.EAFNOSUPPORT) {
			continue
		}
		if errors.Is(err, syscall.EADDRINUSE) {
			return &AddrInUseError{Addr: displayAddr(o)}
		}
		return nil // other failures are the real bind's to report
	}
	return nil
}

func probeBind(ap netip.AddrPort, v6only bool) error {
	var (
		sa  syscall.Sockaddr
		fam = syscall.AF_INET
	)
	if ap.Addr().Is4() {
		sa = &syscall.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}
	} else {
		fam = syscall.AF_INET6
		sa = &syscall.SockaddrInet6{Port: int(ap.Port()), Addr: ap.Addr().As16(), ZoneId: zoneID(ap.Addr().Zone())}
	}
	fd, err := syscall.Socket(fam, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1); err != nil {
		return err
	}
	if fam == syscall.AF_INET6 {
		only := 0
		if v6only {
			only = 1
		}
		if err := syscall.SetsockoptInt(fd, syscall.IPPROTO_IPV6, syscall.IPV6_V6ONLY, only); err != nil {
			return err
		}
	}
	return syscall.Bind(fd, sa)
}

func zoneID(zone string) uint32 {
	if zone == "" {
		return 0
	}
	if n, err := strconv.Atoi(zone); err == nil {
		return uint32(n)
	}
	if ifi, err := interfaceIndex(zone); err == nil {
		return ifi
	}
	return 0
}

// interfaceIndex reads a network interface's index from sysfs.
func interfaceIndex(name string) (uint32, error) {
	b, err := os.ReadFile(filepath.Join("/sys/class/net", name, "ifindex"))
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	return uint32(n), err
}

// foreignListener reports EADDRINUSE when a socket listening on addr's
// port, on an overlapping address, belongs to no descriptor of this
// process: another process joined (or holds) the port.
func foreignListener(addr netip.AddrPort) error {
	ours, err := ownSocketInodes()
	if err != nil {
		return nil // no /proc: the probe is all there is
	}
	for _, file := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		ls, err := listeners(file, addr.Port())
		if err != nil {
			continue
		}
		for _, l := range ls {
			if !ours[l.inode] && overlap(l.addr, addr.Addr()) {
				return &AddrInUseError{Addr: addr.String()}
			}
		}
	}
	return nil
}

func overlap(a, b netip.Addr) bool {
	a, b = a.Unmap(), b.Unmap()
	return a.IsUnspecified() || b.IsUnspecified() || a == b
}

// ownSocketInodes returns the inodes of this process's sockets.
func ownSocketInodes() (map[string]bool, error) {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return nil, err
	}
	ours := make(map[string]bool, len(ents))
	for _, e := range ents {
		t, err := os.Readlink("/proc/self/fd/" + e.Name())
		if err != nil {
			continue
		}
		if inode, ok := strings.CutPrefix(t, "socket:["); ok {
			ours[strings.TrimSuffix(inode, "]")] = true
		}
	}
	return ours, nil
}

type listener struct {
	addr  netip.Addr
	inode string
}

// listeners parses a /proc/net/tcp{,6} table: the sockets in LISTEN state
// (st 0A) on port.
func listeners(file string, port uint16) ([]listener, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []listener
	sc := bufio.NewScanner(f)
	sc.Scan() // the header
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 10 || fs[3] != "0A" {
			continue
		}
		host, p, ok := strings.Cut(fs[1], ":")
		if !ok {
			continue
		}
		pn, err := strconv.ParseUint(p, 16, 16)
		if err != nil || uint16(pn) != port {
			continue
		}
		a, ok := procAddr(host)
		if !ok {
			continue
		}
		out = append(out, listener{addr: a, inode: fs[9]})
	}
	return out, sc.Err()
}

// procAddr decodes the kernel's hex address: 32-bit words printed in host
// byte order.
func procAddr(h string) (netip.Addr, bool) {
	if len(h) != 8 && len(h) != 32 {
		return netip.Addr{}, false
	}
	b := make([]byte, len(h)/2)
	for i := 0; i < len(h); i += 8 {
		w, err := strconv.ParseUint(h[i:i+8], 16, 32)
		if err != nil {
			return netip.Addr{}, false
		}
		binary.NativeEndian.PutUint32(b[i/2:], uint32(w))
	}
	a, ok := netip.AddrFromSlice(b)
	return a, ok
}
