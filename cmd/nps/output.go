package main

import (
	"bytes"
	"io"
	"os"

	"github.com/npskit/nps/pkg/render"
)

// output is where a command writes its result. Nothing reaches stdout or the
// -o file until commit, so a run that fails part-way prints nothing and
// leaves no partial file (SPEC section 7).
type output interface {
	io.Writer
	commit() error
	abort()
}

func (b *base) openOutput() (output, error) {
	if b.out.file != "" {
		f, err := render.CreateAtomic(b.out.file)
		if err != nil {
			return nil, err
		}
		return atomicOutput{f}, nil
	}
	return &spool{out: b.app.out}, nil
}

type atomicOutput struct{ *render.AtomicFile }

func (o atomicOutput) commit() error { return o.Commit() }
func (o atomicOutput) abort()        { o.Abort() }

// spoolMemory is how much output is held in memory before it moves to an
// unlinked temporary file, so that memory stays flat on big classify runs.
const spoolMemory = 4 << 20

// spool holds stdout output until the run has succeeded.
type spool struct {
	out  io.Writer
	buf  bytes.Buffer
	file *os.File
}

func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && s.buf.Len()+len(p) > spoolMemory {
		f, err := os.CreateTemp("", "nps-spool-*")
		if err != nil {
			return 0, err
		}
		os.Remove(f.Name()) // unlinked: gone with the process whatever happens
		s.file = f
		if _, err := s.buf.WriteTo(f); err != nil {
			return 0, err
		}
	}
	if s.file != nil {
		return s.file.Write(p)
	}
	return s.buf.Write(p)
}

func (s *spool) commit() error {
	if s.file == nil {
		_, err := s.buf.WriteTo(s.out)
		return err
	}
	defer s.file.Close()
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(s.out, s.file)
	return err
}

func (s *spool) abort() {
	s.buf.Reset()
	if s.file != nil {
		s.file.Close()
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
	return out.commit()
}
