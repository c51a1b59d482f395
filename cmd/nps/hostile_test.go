package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runNPS runs the command in-process and returns its status, stdout and
// stderr, and the bytes allocated while it ran.
func runNPS(t *testing.T, args ...string) (int, string, string, uint64) {
	t.Helper()
	var out, errb bytes.Buffer
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	code := run(context.Background(), args, streams{in: strings.NewReader(""), out: &out, err: &errb, getenv: func(string) string { return "" }})
	runtime.ReadMemStats(&after)
	return code, out.String(), errb.String(), after.TotalAlloc - before.TotalAlloc
}

// writeBig writes head, then n bytes of filler, then tail, without holding
// the file in memory.
func writeBig(t *testing.T, path, head string, n int64, filler byte, tail string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(head)
	chunk := bytes.Repeat([]byte{filler}, 1<<20)
	for left := n; left > 0; left -= int64(len(chunk)) {
		w.Write(chunk[:min(int64(len(chunk)), left)])
	}
	w.WriteString(tail)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// checkFailure checks the contract of a failed run: the exit status, one
// line on stderr matching re, nothing on stdout.
func checkFailure(t *testing.T, code int, stdout, stderr string, wantCode int, re string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("exit status %d, want %d (stderr %q)", code, wantCode, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", truncateString(stdout))
	}
	if strings.Count(stderr, "\n") != 1 || !regexp.MustCompile(re).MatchString(stderr) {
		t.Errorf("stderr = %q, want one line matching %s", truncateString(stderr), re)
	}
}

func truncateString(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// TestHugeField: a single 64 MiB field is refused at the 8 MiB record cap
// (survey.maxRecordBytes) with the file and line, in CSV, JSON and JSON
// Lines. Memory is bounded by the cap, not by the input: the run allocates
// no more for a 64 MiB field than for a 16 MiB one (readers grow their
// buffers by doubling up to about twice the cap, so the whole run allocates
// at most ~8 x 8 MiB and holds at most ~3 x 8 MiB at a time).
func TestHugeField(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 64 MiB files")
	}
	const capBytes = 8 << 20
	dir := t.TempDir()
	cases := []struct {
		name, head, tail string
		re               string
	}{
		{"big.csv", "score,comment\n9,fine\n7,\"", "\"\n", `^nps: .*big\.csv:3: a record longer than 8 MiB; `},
		{"unquoted.csv", "score,comment\n9,fine\n7,", "\n", `^nps: .*unquoted\.csv:3: a record longer than 8 MiB; `},
		{"big.json", "[{\"score\": 9},\n{\"score\": 7, \"comment\": \"", "\"}]\n", `^nps: .*big\.json:2: a record longer than 8 MiB; `},
		{"big.jsonl", "{\"score\": 9}\n{\"score\": 7, \"comment\": \"", "\"}\n", `^nps: .*big\.jsonl:2: a record longer than 8 MiB; `},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var allocs []uint64
			for _, size := range []int64{16 << 20, 64 << 20} {
				p := filepath.Join(dir, c.name)
				writeBig(t, p, c.head, size, 'x', c.tail)
				code, out, errOut, alloc := runNPS(t, "score", p)
				checkFailure(t, code, out, errOut, 1, c.re)
				allocs = append(allocs, alloc)
				os.Remove(p)
			}
			if allocs[1] > allocs[0]+capBytes/2 || allocs[1] > 8*capBytes {
				t.Errorf("allocated %d MiB for a 16 MiB field and %d MiB for a 64 MiB one; want the same, at most %d MiB",
					allocs[0]>>20, allocs[1]>>20, 8*capBytes>>20)
			}
		})
	}
}

// TestDeepJSON: JSON nested 100,000 deep, as an array and as an object,
// ends with a one-line data error, no stack overflow or hang.
func TestDeepJSON(t *testing.T) {
	const depth = 100000
	dir := t.TempDir()
	cases := []struct {
		name, content, re string
	}{
		{"arrays.json", strings.Repeat("[", depth) + strings.Repeat("]", depth), `^nps: .*arrays\.json:1: invalid JSON: .*exceeded max depth; `},
		{"objects.json", strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth), `^nps: .*objects\.json: no array of responses found in the JSON object; `},
		{"inarray.json", "[" + strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth) + "]", `^nps: .*inarray\.json:1: invalid JSON: .*exceeded max depth; `},
		{"lines.jsonl", `{"score": 9}` + "\n" + strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth) + "\n", `^nps: .*lines\.jsonl:2: invalid JSON`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name)
			if err := os.WriteFile(p, []byte(c.content), 0o644); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			var code int
			var out, errOut string
			go func() {
				defer close(done)
				code, out, errOut, _ = runNPS(t, "score", p)
			}()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("no answer after 30 s")
			}
			checkFailure(t, code, out, errOut, 1, c.re)
		})
	}
}

// TestUnreadableFile: a file without read permission (not testable as
// root, who may read anything).
func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	p := filepath.Join(t.TempDir(), "secret.csv")
	if err := os.WriteFile(p, []byte("score\n9\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	code, out, errOut, _ := runNPS(t, "score", p)
	checkFailure(t, code, out, errOut, 1, `^nps: .*secret\.csv: permission denied; check the file's permissions`)
}

// TestInterrupt starts the real binary (this test binary, which runs main
// when called as "nps": see TestMain) on a large input with -o, sends
// SIGINT while it writes, and checks that it ends with status 1 and leaves
// neither the output nor its temporary file.
func TestInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large input")
	}
	bin, err := exec.LookPath("nps")
	if err != nil {
		t.Skip("no nps command on PATH:", err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "big.csv")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("id,region,score,comment\n")
	for i := 0; i < 2_000_000; i++ {
		fmt.Fprintf(w, "%d,EMEA,%d,some comment text\n", i, i%11)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	outDir := filepath.Join(dir, "out")
	if err := os.Mkdir(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(outDir, "follow-up.csv")
	cmd := exec.Command(bin, "classify", in, "-o", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the run is writing (its temporary file exists), then
	// interrupt it.
	deadline := time.Now().Add(20 * time.Second)
	for {
		ents, _ := os.ReadDir(outDir)
		if len(ents) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no temporary output file appeared")
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	if code != 130 {
		t.Fatalf("exit status %d (%v), want 130; stderr %q", code, err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr = %q, want it to say interrupted", stderr.String())
	}
	ents, _ := os.ReadDir(outDir)
	for _, e := range ents {
		t.Errorf("left behind: %s", e.Name())
	}
}

// TestSignalWhileBlocked: a run blocked in a read (a FIFO that no one
// writes to) stops promptly on SIGINT or SIGTERM with 130 or 143, and an
// -o file it would have replaced is left as it was (issue 12: only SIGKILL
// ended it).
func TestSignalWhileBlocked(t *testing.T) {
	bin, err := exec.LookPath("nps")
	if err != nil {
		t.Skip("no nps command on PATH:", err)
	}
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			fifo := filepath.Join(dir, "pipe.csv")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skip("no FIFOs here:", err)
			}
			out := filepath.Join(dir, "out.csv")
			if err := os.WriteFile(out, []byte("old\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "score", fifo, "-o", out)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitBlockedOnFIFO(cmd.Process.Pid)
			start := time.Now()
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatal("still running 10 s after the signal")
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v to stop", took)
			}
			if code := cmd.ProcessState.ExitCode(); code != tt.code {
				t.Errorf("exit status %d, want %d; stderr %q", code, tt.code, stderr.String())
			}
			if stderr.String() != "nps: interrupted\n" || stdout.Len() != 0 {
				t.Errorf("stdout %q, stderr %q; want nothing and one line", stdout.String(), stderr.String())
			}
			if b, _ := os.ReadFile(out); string(b) != "old\n" {
				t.Errorf("-o file is now %q", b)
			}
			ents, _ := os.ReadDir(dir)
			if len(ents) != 2 {
				t.Errorf("left behind: %v", ents)
			}
		})
	}
}

// waitBlockedOnFIFO waits until a thread of process pid waits in the
// kernel for a FIFO's writer (wait_for_partner; the signal handlers are
// set up before any input is opened), or 5 s where /proc does not tell:
// a fixed sleep was too short on a loaded machine, and the signal then
// came before nps could catch it.
func waitBlockedOnFIFO(pid int) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/wchan", pid))
		for _, w := range tasks {
			if b, _ := os.ReadFile(w); strings.Contains(string(b), "wait_for_partner") {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
}
