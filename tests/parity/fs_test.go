package parity

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/uvgo/uvgo/fs"
)

// fsTmpdir is the scenarios' fresh temporary directory (fs/_util.js).
func fsTmpdir(p *P) string {
	dir, err := os.MkdirTemp("", "uvgo-parity-")
	if err != nil {
		p.t.Fatalf("MkdirTemp: %v", err)
	}
	return dir
}

var dirPrefix = regexp.MustCompile(`'[^']*/`)

// undefinedOr prints a callback's error argument that Node leaves out.
func undefinedOr(err error) string {
	if err == nil {
		return "undefined"
	}
	return err.Error()
}

// fsErr prints an fs error as fs/_util.js's err() does.
func fsErr(err error) string {
	if err == nil {
		return "null"
	}
	var e *fs.Error
	if !errors.As(err, &e) {
		return "not an fs.Error: " + err.Error()
	}
	rel := func(s string) string {
		if s == "" {
			return "undefined"
		}
		return filepath.Base(s)
	}
	return fmt.Sprintf("%s errno=%d syscall=%s path=%s dest=%s message=%s", e.Code, e.Errno, e.Syscall,
		rel(e.Path), rel(e.Dest), dirPrefix.ReplaceAllString(e.Error(), "'"))
}

func init() {
	register("fs/read_stream_events", func(p *P) {
		l := p.Loop()
		dir := fsTmpdir(p)
		file := filepath.Join(dir, "big.bin")
		os.WriteFile(file, []byte(strings.Repeat("a", 150000)), 0o644)
		rs := fs.CreateReadStream(l, file, fs.ReadStreamOptions{})
		p.Log("created pending", rs.Pending(), "hwm", rs.ReadableHighWaterMark(), "bytesRead", rs.BytesRead())
		rs.OnOpen(func(fd int) { p.Log("open", "number", "pending", rs.Pending()) })
		rs.OnReady(func() { p.Log("ready") })
		rs.OnData(func(b []byte) { p.Log("data", len(b), "bytesRead", rs.BytesRead()) })
		rs.OnEnd(func() { p.Log("end", "bytesRead", rs.BytesRead()) })
		rs.OnClose(func() {
			p.Log("close", "destroyed", rs.Destroyed())
			os.RemoveAll(dir)
		})
		l.NextTick(func() { p.Log("tick after create") })
		p.Run()
	})

	register("fs/read_stream_range", func(p *P) {
		l := p.Loop()
		dir := fsTmpdir(p)
		file := filepath.Join(dir, "abc.txt")
		os.WriteFile(file, []byte("abcdefghijklmnopqrstuvwxyz"), 0o644)
		rs := fs.CreateReadStream(l, file, fs.ReadStreamOptions{Start: new(int64(3)), End: new(int64(12)), HighWaterMark: 4})
		rs.OnData(func(b []byte) { p.Log("data", strconv.Quote(string(b))) })
		rs.OnEnd(func() { p.Log("end", rs.BytesRead()) })
		rs.OnClose(func() {
			p.Log("close")
			past := fs.CreateReadStream(l, file, fs.ReadStreamOptions{Start: new(int64(100))})
			past.OnData(func(b []byte) { p.Log("past data", len(b)) })
			past.OnEnd(func() { p.Log("past end", past.BytesRead()) })
			past.OnClose(func() {
				p.Log("past close")
				utf := fs.CreateReadStream(l, file, fs.ReadStreamOptions{End: new(int64(4)), Encoding: "utf8"})
				utf.OnDataString(func(s string) { p.Log("utf8 data", "string", s) })
				utf.OnClose(func() { p.Log("utf8 close"); os.RemoveAll(dir) })
			})
		})
		p.Run()
	})

	register("fs/read_stream_enoent", func(p *P) {
		l := p.Loop()
		rs := fs.CreateReadStream(l, "does-not-exist.txt", fs.ReadStreamOptions{})
		rs.OnOpen(func(int) { p.Log("open (must not happen)") })
		rs.OnReady(func() { p.Log("ready (must not happen)") })
		rs.OnError(func(err error) { p.Log("error", fsErr(err), "destroyed", rs.Destroyed()) })
		rs.OnClose(func() { p.Log("close") })
		p.Log("path", rs.Path())
		p.Run()
	})

	register("fs/write_stream_events", func(p *P) {
		l := p.Loop()
		dir := fsTmpdir(p)
		file := filepath.Join(dir, "out.txt")
		ws := fs.CreateWriteStream(l, file, fs.WriteStreamOptions{})
		p.Log("hwm", ws.WritableHighWaterMark(), "pending", ws.Pending())
		ws.OnOpen(func(int) { p.Log("open", "number") })
		ws.OnReady(func() { p.Log("ready") })
		p.Log("write small", ws.WriteString("hello ", nil))
		p.Log("write big", ws.Write([]byte(strings.Repeat("x", 20000)), nil), "length", ws.WritableLength())
		ws.OnDrain(func() {
			p.Log("drain", "bytesWritten", ws.BytesWritten())
			ws.EndString("bye\n", nil)
		})
		ws.OnFinish(func() { p.Log("finish", "bytesWritten", ws.BytesWritten()) })
		ws.OnClose(func() {
			b, _ := os.ReadFile(file)
			d := string(b)
			p.Log("close", len(d), strconv.Quote(d[:8]), strconv.Quote(d[len(d)-6:]))
			app := fs.CreateWriteStream(l, file, fs.WriteStreamOptions{Flags: "a"})
			app.EndString("more", func(error) { p.Log("append end callback") })
			app.OnClose(func() {
				b, _ := os.ReadFile(file)
				d2 := string(b)
				p.Log("append close", len(d2), strconv.Quote(d2[len(d2)-7:]))
				os.RemoveAll(dir)
			})
		})
		p.Run()
	})

	register("fs/callbacks", fsCallbacks)

	register("fs/write_stream_enoent", func(p *P) {
		l := p.Loop()
		ws := fs.CreateWriteStream(l, "no-such-dir/out.txt", fs.WriteStreamOptions{})
		ws.OnOpen(func(int) { p.Log("open (must not happen)") })
		ws.OnReady(func() { p.Log("ready (must not happen)") })
		ws.OnFinish(func() { p.Log("finish (must not happen)") })
		ws.OnError(func(err error) {
			p.Log("error", fsErr(err), "destroyed", ws.Destroyed(), "errored", ws.Errored() == err)
		})
		ws.OnClose(func() { p.Log("close", "writableFinished", ws.WritableFinished()) })
		ws.End(nil)
		p.Log("ended", ws.WritableEnded(), "pending", ws.Pending())
		p.Run()
	})

	register("fs/close_methods", func(p *P) {
		l := p.Loop()
		dir := fsTmpdir(p)
		file := filepath.Join(dir, "f.txt")
		os.WriteFile(file, []byte("content"), 0o644)
		read := func(name string) string { b, _ := os.ReadFile(filepath.Join(dir, name)); return string(b) }
		rs := fs.CreateReadStream(l, file, fs.ReadStreamOptions{})
		rs.OnClose(func() { p.Log("rs close event") })
		rs.Close(func(err error) {
			p.Log("rs close cb", code(err))
			ws := fs.CreateWriteStream(l, filepath.Join(dir, "w.txt"), fs.WriteStreamOptions{})
			ws.WriteString("abc", nil)
			ws.OnFinish(func() { p.Log("ws finish") })
			ws.OnClose(func() { p.Log("ws close event") })
			ws.Close(func(err error) {
				p.Log("ws close cb", undefinedOr(err), read("w.txt"))
				nac := fs.CreateWriteStream(l, filepath.Join(dir, "n.txt"), fs.WriteStreamOptions{DisableAutoClose: true})
				nac.WriteString("xyz", nil)
				nac.OnFinish(func() { p.Log("nac finish") })
				nac.Close(func(error) {
					p.Log("nac close cb", nac.Destroyed(), read("n.txt"))
					os.RemoveAll(dir)
				})
			})
		})
		p.Run()
	})

	register("fs/mkdir_recursive", func(p *P) {
		l := p.Loop()
		dir := fsTmpdir(p)
		rel := func(s string) string {
			if s == "" {
				return "undefined"
			}
			r, _ := filepath.Rel(dir, s)
			return r
		}
		os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o644)
		rec := fs.MkdirOptions{Recursive: true}
		fs.Mkdir(l, filepath.Join(dir, "x", "y", "z"), rec, func(first string, err error) {
			p.Log("deep", fsErr(err), rel(first))
			fs.Mkdir(l, filepath.Join(dir, "x", "y", "w"), rec, func(first string, err error) {
				p.Log("one more", fsErr(err), rel(first))
				fs.Mkdir(l, filepath.Join(dir, "x"), rec, func(first string, err error) {
					p.Log("exists", fsErr(err), rel(first))
					fs.Mkdir(l, filepath.Join(dir, "file", "sub"), rec, func(first string, err error) {
						p.Log("file component", fsErr(err), rel(first))
						fs.Mkdir(l, filepath.Join(dir, "file"), rec, func(first string, err error) {
							p.Log("file target", fsErr(err), rel(first))
							fs.Rmdir(l, filepath.Join(dir, "x", "y"), func(err error) {
								p.Log("rmdir non-empty", fsErr(err))
								fs.Rmdir(l, filepath.Join(dir, "x", "y", "w"), func(err error) {
									p.Log("rmdir empty", fsErr(err))
									os.RemoveAll(dir)
								})
							})
						})
					})
				})
			})
		})
		p.Run()
	})
}

func fsCallbacks(p *P) {
	l := p.Loop()
	dir := fsTmpdir(p)
	rel := func(s string) string { r, _ := filepath.Rel(dir, s); return r }
	undef := func(s string) string {
		if s == "" {
			return "undefined"
		}
		return s
	}
	sub := filepath.Join(dir, "a", "b", "c")
	var next func(f string)
	var errs func()
	fs.Mkdir(l, sub, fs.MkdirOptions{Recursive: true}, func(first string, err error) {
		p.Log("mkdir recursive", fsErr(err), rel(first))
		fs.Mkdir(l, sub, fs.MkdirOptions{Recursive: true}, func(first string, err error) {
			p.Log("mkdir again", fsErr(err), undef(first))
			fs.Mkdir(l, sub, fs.MkdirOptions{}, func(_ string, err error) {
				p.Log("mkdir plain existing", fsErr(err))
				f := filepath.Join(sub, "f.txt")
				fs.WriteFile(l, f, []byte("hello world"), fs.WriteFileOptions{}, func(err error) {
					p.Log("writeFile", fsErr(err))
					fs.Open(l, f, "r+", 0, func(fd int, err error) {
						p.Log("open", fsErr(err), "number")
						fs.Write(l, fd, []byte("WORLD"), 6, func(n int, err error) {
							p.Log("write", fsErr(err), n, "WORLD")
							b := make([]byte, 20)
							fs.Read(l, fd, b[2:12], 0, func(n int, buf []byte, err error) {
								p.Log("read", fsErr(err), n, strconv.Quote(string(buf[:n])), &buf[0] == &b[2])
								fs.Fstat(l, fd, func(st *fs.Stats, err error) {
									p.Log("fstat", fsErr(err), st.Size, st.IsFile(), st.IsDirectory())
									fs.Close(l, fd, func(err error) {
										p.Log("close", fsErr(err))
										fs.Close(l, fd, func(err error) {
											p.Log("close again", fsErr(err))
											next(f)
										})
									})
								})
							})
						})
					})
				})
			})
		})
	})
	next = func(f string) {
		fs.Stat(l, filepath.Join(dir, "a"), func(st *fs.Stats, err error) {
			p.Log("stat dir", fsErr(err), st.IsDirectory(), st.IsFile())
			fs.WriteFile(l, filepath.Join(dir, "a", "z.txt"), []byte("z"), fs.WriteFileOptions{}, func(error) {
				fs.Readdir(l, filepath.Join(dir, "a"), func(names []string, err error) {
					p.Log("readdir", fsErr(err), strings.Join(names, ","))
					fs.ReaddirEntries(l, filepath.Join(dir, "a"), func(ents []fs.Dirent, err error) {
						var parts []string
						for _, d := range ents {
							k := "?"
							if d.IsDirectory() {
								k = "dir"
							} else if d.IsFile() {
								k = "file"
							}
							parts = append(parts, d.Name+":"+k)
						}
						p.Log("readdir types", fsErr(err), strings.Join(parts, ","))
						g := filepath.Join(dir, "g.txt")
						fs.Rename(l, f, g, func(err error) {
							p.Log("rename", fsErr(err))
							fs.ReadFile(l, g, func(data []byte, err error) {
								p.Log("readFile", fsErr(err), strconv.Quote(string(data)))
								fs.ReadFile(l, g, func(data []byte, err error) {
									p.Log("readFile utf8", "string", len(string(data)))
									fs.Unlink(l, g, func(err error) {
										p.Log("unlink", fsErr(err))
										errs()
									})
								})
							})
						})
					})
				})
			})
		})
	}
	errs = func() {
		missing := filepath.Join(dir, "missing")
		fs.ReadFile(l, missing, func(_ []byte, err error) {
			p.Log("readFile missing", fsErr(err))
			fs.Unlink(l, missing, func(err error) {
				p.Log("unlink missing", fsErr(err))
				fs.Rename(l, missing, filepath.Join(dir, "x"), func(err error) {
					p.Log("rename missing", fsErr(err))
					fs.Readdir(l, missing, func(_ []string, err error) {
						p.Log("readdir missing", fsErr(err))
						fs.Stat(l, missing, func(_ *fs.Stats, err error) {
							p.Log("stat missing", fsErr(err))
							fs.Open(l, filepath.Join(dir, "a"), "w", 0, func(_ int, err error) {
								p.Log("open dir for writing", fsErr(err))
								fs.ReadFile(l, filepath.Join(dir, "a"), func(_ []byte, err error) {
									p.Log("readFile dir", fsErr(err))
									fs.WriteFile(l, filepath.Join(dir, "a", "z.txt"), []byte("x"), fs.WriteFileOptions{Flags: "wx"}, func(err error) {
										p.Log("writeFile wx existing", fsErr(err))
										fs.Mkdir(l, filepath.Join(missing, "q"), fs.MkdirOptions{}, func(_ string, err error) {
											p.Log("mkdir no parent", fsErr(err))
											os.RemoveAll(dir)
										})
									})
								})
							})
						})
					})
				})
			})
		})
	}
	p.Run()
}
