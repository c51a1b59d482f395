package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// runSlowly runs nps with args, writing data to its standard input in ten
// pieces over two seconds; stderr is a pseudo-terminal when onPTY. It
// returns stdout and what reached stderr.
func runSlowly(t *testing.T, data []byte, onPTY bool, args ...string) (stdout, stderr string) {
	t.Helper()
	bin, err := exec.LookPath("nps") // this test binary, see TestMain
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout = &out
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var ptmx *os.File
	done := make(chan struct{})
	if onPTY {
		var tty *os.File
		ptmx, tty, err = pty.Open()
		if err != nil {
			t.Skipf("no pseudo-terminal: %v", err)
		}
		defer ptmx.Close()
		if err := pty.Setsize(tty, &pty.Winsize{Rows: 24, Cols: 80}); err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = tty
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		tty.Close() // the child holds it
		go func() {
			io.Copy(&errb, ptmx) // ends with EIO once the child exits
			close(done)
		}()
	} else {
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		close(done)
	}
	step := (len(data) + 9) / 10
	for i := 0; i < len(data); i += step {
		if _, err := in.Write(data[i:min(i+step, len(data))]); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	<-done
	return out.String(), errb.String()
}

// TestProgressOnTerminal: on a slow input, the progress line appears on
// stderr when it is a terminal (bytes read and a rate: standard input has
// no total), and is cleared at the end; nothing when stderr is a pipe or
// with -q; stdout is the same in every case.
func TestProgressOnTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("takes two seconds a run")
	}
	data, err := os.ReadFile("../../testdata/responses.csv") // 242 kB
	if err != nil {
		t.Fatal(err)
	}
	var quick bytes.Buffer
	st := streams{in: bytes.NewReader(data), out: &quick, err: io.Discard, getenv: func(string) string { return "" }}
	if code := run(t.Context(), []string{"score", "--by", "region"}, st); code != 0 {
		t.Fatalf("status %d", code)
	}
	for _, tt := range []struct {
		name     string
		onPTY    bool
		args     []string
		progress bool
	}{
		{"terminal", true, []string{"score", "--by", "region"}, true},
		{"pipe", false, []string{"score", "--by", "region"}, false},
		{"terminal -q", true, []string{"score", "--by", "region", "-q"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stdout, stderr := runSlowly(t, data, tt.onPTY, tt.args...)
			if stdout != quick.String() {
				t.Errorf("stdout differs from a run without progress:\n%s\nwant:\n%s", stdout, quick.String())
			}
			if !tt.progress {
				if stderr != "" {
					t.Errorf("stderr: %q", stderr)
				}
				return
			}
			lines := strings.Split(stderr, "\r")
			if len(lines) < 3 {
				t.Fatalf("no progress lines in %q", stderr)
			}
			drawn := lines[len(lines)-2] // the last line drawn, then cleared
			t.Logf("progress line: %q", drawn)
			for _, s := range []string{"reading", "kB", "B/s)"} {
				if !strings.Contains(drawn, s) {
					t.Errorf("no %q in the progress line %q", s, drawn)
				}
			}
			if !strings.HasSuffix(stderr, "\x1b[2K\r") {
				t.Errorf("the progress line is not cleared at the end: %q", stderr[max(0, len(stderr)-40):])
			}
			if w := len([]rune(strings.TrimSuffix(drawn, "\x1b[0K"))); w > 80 {
				t.Errorf("the progress line is %d columns wide: %q", w, drawn)
			}
		})
	}
}

func TestInputSize(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	os.WriteFile(a, make([]byte, 1000), 0o644)
	os.WriteFile(b, make([]byte, 234), 0o644)
	for _, tt := range []struct {
		files []string
		want  int64
	}{
		{[]string{a}, 1000},
		{[]string{a, b}, 1234},
		{nil, -1},                       // standard input
		{[]string{a, "-"}, -1},          // standard input among them
		{[]string{a, "/dev/stdin"}, -1}, // not a regular file
		{[]string{filepath.Join(dir, "missing.csv")}, -1},
	} {
		if got := inputSize(tt.files); got != tt.want {
			t.Errorf("inputSize(%v) = %d, want %d", tt.files, got, tt.want)
		}
	}
}
