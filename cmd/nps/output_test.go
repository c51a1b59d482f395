package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/npskit/nps/pkg/usererr"
)

// spoolOf writes data to a spool file, as spool does past spoolMemory,
// and rewinds it.
func spoolOf(t *testing.T, data []byte) *os.File {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "spool-*")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	return f
}

// pipeReader returns the write end of a pipe whose other end is read to
// its end, and a function that closes the write end and returns what was
// read.
func pipeReader(t *testing.T) (*os.File, func() []byte) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		r.Close()
		got <- b
	}()
	return w, func() []byte { w.Close(); return <-got }
}

// TestCopyOut copies a spool of several MiB to each kind of stdout: every
// byte arrives, in order, and the progress display is stopped first.
func TestCopyOut(t *testing.T) {
	data := make([]byte, 5<<20+3)
	for i := range data {
		data[i] = byte('a' + i%23)
	}
	data[len(data)-1] = '\n'
	for _, tc := range []struct {
		name string
		// out returns the writer and a function that returns what
		// reached it once copyOut has returned
		out func(t *testing.T) (io.Writer, func() []byte)
	}{
		{"regular file", func(t *testing.T) (io.Writer, func() []byte) {
			path := filepath.Join(t.TempDir(), "out.csv")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f, func() []byte { b, _ := os.ReadFile(path); return b }
		}},
		{"file in append mode", func(t *testing.T) (io.Writer, func() []byte) {
			path := filepath.Join(t.TempDir(), "out.csv")
			f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f, func() []byte { b, _ := os.ReadFile(path); return b }
		}},
		{"pipe", func(t *testing.T) (io.Writer, func() []byte) { return pipeReader(t) }},
		{"not a file", func(t *testing.T) (io.Writer, func() []byte) {
			var b bytes.Buffer
			return &b, b.Bytes
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, got := tc.out(t)
			stopped := 0
			if err := copyOut(stopFirst{w, func() { stopped++ }}, spoolOf(t, data)); err != nil {
				t.Fatal(err)
			}
			if b := got(); !bytes.Equal(b, data) {
				t.Errorf("%d bytes arrived, want the %d written", len(b), len(data))
			}
			if stopped != 1 {
				t.Errorf("progress stopped %d times, want once", stopped)
			}
		})
	}
}

// TestCopyOutClosedPipe: a reader that went away is EPIPE, which the
// command line ends on quietly.
func TestCopyOutClosedPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	defer w.Close()
	err = copyOut(w, spoolOf(t, bytes.Repeat([]byte("x"), 1<<20)))
	if !errors.Is(err, syscall.EPIPE) {
		t.Errorf("copyOut to a closed pipe: %v, want EPIPE", err)
	}
}

// TestSpoolErrorSaysWhatToDo: a spool that cannot get its temporary file
// fails with a user error that names the directory, not the file, and
// tells what to do.
func TestSpoolErrorSaysWhatToDo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing")
	t.Setenv("TMPDIR", dir)
	s := &spool{out: io.Discard}
	defer s.abort()
	_, err := s.Write(make([]byte, spoolMemory+1))
	var ue *usererr.Error
	if !errors.As(err, &ue) || ue.Kind != usererr.Data {
		t.Fatalf("error %v (%T), want a data error", err, err)
	}
	for _, want := range []string{"cannot hold the output in " + dir, "no such file or directory", "set TMPDIR", "-o FILE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "nps-spool") {
		t.Errorf("%q names the temporary file", err)
	}
}
