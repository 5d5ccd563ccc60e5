//go:build unix

package corpus

import (
	"io/fs"
	"syscall"
)

// Reading a corpus file costs more in system calls than in copying it. A
// file opened through os.DirFS is offered to the runtime's poller (two
// fcntl calls to make it non-blocking, an epoll_ctl that a regular file
// refuses, two more to undo it), stat'ed, then read until a read returns
// nothing: ten calls for a 4 KB page. Here it is four: open, fstat, one
// read of the whole file (one byte more than its size, so that a short read
// is its end), close. System calls are dear on virtual machines; the
// README's Reading section has the figures.
func readDiskFile(dir, p string, limit int64) ([]byte, error) {
	if !fs.ValidPath(p) {
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrInvalid}
	}
	// O_NONBLOCK: a FIFO (behind a symlink, as the walk lets those through)
	// must not hang the run waiting for a writer; it is refused below.
	var fd int
	var err error
	for {
		fd, err = syscall.Open(dir+"/"+p, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: p, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, &fs.PathError{Op: "read", Path: p, Err: errNotRegular}
	}
	if st.Size > limit {
		return nil, errOverLimit(st.Size, limit)
	}
	buf := make([]byte, st.Size+1)
	n := 0
	for {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: p, Err: err}
		}
		n += m
		if m == 0 || n < len(buf) {
			// A regular file reads short only at its end.
			return buf[:n], nil
		}
		// The file grew since fstat: read on, up to one byte past the limit.
		if int64(n) > limit {
			return nil, errOverLimit(-1, limit)
		}
		grown := min(int64(2*len(buf)), limit+1)
		buf = append(buf, make([]byte, grown-int64(len(buf)))...)
	}
}
