package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/usererr"
)

// output is where a command writes its result. Nothing reaches stdout or the
// -o file until commit, so a run that fails part-way prints nothing and
// leaves no partial file (SPEC section 7).
type output interface {
	io.Writer
	commit() error
	abort()
}

// checkOutput refuses an -o that cannot be written, before any input is
// read: a directory, a file in a directory that does not exist, or one of
// the inputs (whatever the path's spelling or links: the same file on
// disk), which the output would replace.
func (b *base) checkOutput() error {
	name := b.out.file
	if name == "" {
		return nil
	}
	fi, err := os.Stat(name)
	switch {
	case err == nil && fi.IsDir():
		return usererr.Usagef("give a file name, e.g. -o "+filepath.Join(name, "report"+filepath.Ext(name)+".csv"), "-o %s is a directory", name)
	case errors.Is(err, fs.ErrNotExist):
		if dir := filepath.Dir(name); !isDir(dir) {
			return usererr.Usagef("create it first, or write elsewhere", "-o %s: the directory %s does not exist", name, dir)
		}
		return nil
	case err != nil:
		return nil // CreateAtomic says what is wrong
	}
	for _, in := range b.files {
		if in == "-" {
			continue
		}
		if ii, err := os.Stat(in); err == nil && os.SameFile(fi, ii) {
			return usererr.Usagef("write the output to another file", "-o %s is the input %s: writing it would replace the data", name, in)
		}
	}
	return nil
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

func (b *base) openOutput() (output, error) {
	if b.out.file == "" {
		return &spool{out: stopFirst{b.app.out, b.stopProgress}}, nil
	}
	if fi, err := os.Stat(b.out.file); err == nil && !fi.Mode().IsRegular() {
		// A device or a pipe (-o /dev/null): written once the run has
		// succeeded, like stdout; there is no file to replace.
		f, err := os.OpenFile(b.out.file, os.O_WRONLY, 0)
		if err != nil {
			return nil, usererr.Newf(usererr.Data, "", 0, "check the -o path", "cannot write %s: %v", b.out.file, usererr.Reason(err))
		}
		return &spool{out: f, closer: f}, nil
	}
	f, err := render.CreateAtomic(b.out.file)
	if err != nil {
		return nil, err
	}
	openOutputs.Store(f, struct{}{})
	return atomicOutput{f}, nil
}

// openOutputs are the -o files being written, for abortOutputs.
var openOutputs sync.Map // *render.AtomicFile -> struct{}

// abortOutputs removes the temporary file of every -o being written, so
// that a run ended by a signal leaves each target as it was.
func abortOutputs() {
	openOutputs.Range(func(f, _ any) bool {
		f.(*render.AtomicFile).Abort()
		return true
	})
}

type atomicOutput struct{ *render.AtomicFile }

func (o atomicOutput) commit() error {
	defer openOutputs.Delete(o.AtomicFile)
	return o.Commit()
}

// truncate takes back what was written past the first n bytes.
func (o atomicOutput) truncate(n int64) error { return o.Truncate(n) }

func (o atomicOutput) abort() {
	openOutputs.Delete(o.AtomicFile)
	o.Abort()
}

// spoolMemory is how much output is held in memory before it moves to an
// unlinked temporary file, so that memory stays flat on big classify runs.
const spoolMemory = 4 << 20

// spool holds stdout output until the run has succeeded.
type spool struct {
	out    io.Writer
	closer io.Closer // closes out (an -o device), or nil
	buf    bytes.Buffer
	file   *os.File
}

func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && s.buf.Len()+len(p) > spoolMemory {
		f, err := os.CreateTemp("", "nps-spool-*")
		if err != nil {
			return 0, spoolError(err)
		}
		os.Remove(f.Name()) // unlinked: gone with the process whatever happens
		s.file = f
		if _, err := s.buf.WriteTo(f); err != nil {
			return 0, spoolError(err)
		}
	}
	if s.file != nil {
		n, err := s.file.Write(p)
		if err != nil {
			err = spoolError(err)
		}
		return n, err
	}
	return s.buf.Write(p)
}

// truncate takes back what was written past the first n bytes.
func (s *spool) truncate(n int64) error {
	if s.file == nil {
		s.buf.Truncate(int(n))
		return nil
	}
	if err := s.file.Truncate(n); err != nil {
		return spoolError(err)
	}
	_, err := s.file.Seek(n, io.SeekStart)
	return err
}

// spoolError says that the spool's temporary file failed, where it is
// and what to do: its name means nothing to the user, and a small /tmp
// (a tmpfs) can be full when the disk of a redirect is not.
func spoolError(err error) error {
	return usererr.Newf(usererr.Data, "", 0, "set TMPDIR to a directory with room for it, or write it with -o FILE",
		"cannot hold the output in %s until the run has succeeded: %v", os.TempDir(), usererr.Reason(err))
}

func (s *spool) commit() error {
	if s.closer != nil {
		defer s.closer.Close()
	}
	if s.file == nil {
		_, err := s.buf.WriteTo(s.out)
		return err
	}
	defer s.file.Close()
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return copyOut(s.out, s.file)
}

// copyOut copies the spool file, from its offset, to out: by the kernel
// when out is a file (copy_file_range to a regular file, sendfile to a
// pipe or a device), so that a large output does not pass through the
// process a second time.
func copyOut(out io.Writer, spool *os.File) error {
	if s, ok := out.(stopFirst); ok {
		s.stop()
		out = s.w
	}
	if f, ok := out.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			_, err := f.ReadFrom(spool) // copy_file_range where it can
			return err
		}
		if done, err := sendFile(f, spool); done {
			return err
		}
	}
	_, err := io.Copy(out, spool)
	return err
}

func (s *spool) abort() {
	s.buf.Reset()
	if s.file != nil {
		s.file.Close()
	}
	if s.closer != nil {
		s.closer.Close()
	}
}

// emit opens the output, lets write fill it, and commits it only when write
// succeeded.
func (b *base) emit(write func(w io.Writer) error) error {
	out, err := b.openOutput()
	if err != nil {
		return err
	}
	if err := write(out); err != nil {
		out.abort()
		return err
	}
	if b.ctx != nil && b.ctx.Err() != nil { // Ctrl-C while writing: keep the old output
		out.abort()
		return usererr.Newf(usererr.Data, "", 0, "", "interrupted")
	}
	return out.commit()
}
