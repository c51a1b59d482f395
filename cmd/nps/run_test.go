package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// errWriter fails every write, as a closed pipe does.
type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }

func runWith(t *testing.T, st streams, args ...string) (code int, stderr string) {
	t.Helper()
	var errBuf bytes.Buffer
	st.err = &errBuf
	if st.in == nil {
		st.in = strings.NewReader("")
	}
	if st.out == nil {
		st.out = &bytes.Buffer{}
	}
	st.getenv = func(string) string { return "" }
	return run(context.Background(), args, st), errBuf.String()
}

func TestRunRefusesToWaitOnATerminal(t *testing.T) {
	for _, args := range [][]string{{"score"}, {"classify", "-"}, {"trend", "--period", "month"}} {
		code, stderr := runWith(t, streams{inTerminal: true}, args...)
		if code != 2 || !strings.HasPrefix(stderr, "nps: ") || !strings.Contains(stderr, "give a FILE") {
			t.Errorf("%v: status %d, stderr %q; want 2 and a hint", args, code, stderr)
		}
	}
	// piped stdin is read as usual
	code, stderr := runWith(t, streams{in: strings.NewReader("score\n9\n")}, "score", "-f", "csv")
	if code != 0 {
		t.Errorf("piped stdin: status %d, %s", code, stderr)
	}
}

func TestRunClosedStdoutIsSuccess(t *testing.T) {
	file := filepath.Join(t.TempDir(), "s.csv")
	if err := os.WriteFile(file, []byte("score\n9\n0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stderr := runWith(t, streams{out: errWriter{syscall.EPIPE}}, "score", file)
	if code != 0 || stderr != "" {
		t.Errorf("EPIPE: status %d, stderr %q; want 0 and silence", code, stderr)
	}
	code, stderr = runWith(t, streams{out: errWriter{syscall.ENOSPC}}, "score", file)
	if code != 1 || !strings.Contains(stderr, "no space") {
		t.Errorf("ENOSPC: status %d, stderr %q; want 1 and the reason", code, stderr)
	}
}
