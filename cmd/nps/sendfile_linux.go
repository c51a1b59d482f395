package main

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// sendFile copies src, from its offset to its end, to dst by sendfile(2)
// and reports whether it did the copy (false: dst or src cannot be used
// so, and nothing was written). A dst in non-blocking mode waits in the
// runtime's poller, as os.File's own writes do.
func sendFile(dst, src *os.File) (bool, error) {
	dc, err := dst.SyscallConn()
	if err != nil {
		return false, nil
	}
	sc, err := src.SyscallConn()
	if err != nil {
		return false, nil
	}
	var sent int64
	var serr error
	rerr := sc.Read(func(sfd uintptr) bool {
		werr := dc.Write(func(dfd uintptr) bool {
			for {
				n, err := unix.Sendfile(int(dfd), int(sfd), nil, 1<<30)
				if n > 0 {
					sent += int64(n)
				}
				switch {
				case errors.Is(err, unix.EINTR):
				case errors.Is(err, unix.EAGAIN):
					return false // dst is full: wait until it can take more
				case err != nil:
					serr = err
					return true
				case n == 0:
					return true // the end of src
				}
			}
		})
		if serr == nil {
			serr = werr
		}
		return true
	})
	if serr == nil {
		serr = rerr
	}
	if sent == 0 && (errors.Is(serr, unix.EINVAL) || errors.Is(serr, unix.ENOSYS)) {
		return false, nil // a destination sendfile cannot write to
	}
	if serr != nil {
		return true, &os.PathError{Op: "write", Path: dst.Name(), Err: serr} // as a write of dst says it
	}
	return true, nil
}
