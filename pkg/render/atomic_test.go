package render

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// dirNames lists a directory, to prove no temporary file is left behind.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestAtomicCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	if _, err := f.Write([]byte("a,b\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("target exists before Commit")
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "a,b\n" {
		t.Fatalf("got %q, %v", got, err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v", names)
	}
	if err := f.Abort(); err != nil {
		t.Errorf("Abort after Commit: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Error("Abort after Commit removed the file")
	}
	if _, err := f.Write([]byte("x")); err == nil {
		t.Error("Write after Commit accepted")
	}
	if err := f.Commit(); err == nil {
		t.Error("second Commit accepted")
	}
}

func TestAtomicReplaceKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("new"))
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(got) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("got %q mode %v", got, fi.Mode().Perm())
	}
}

func TestAtomicAbortLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("previous run"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("partial"))
	if err := f.Abort(); err != nil {
		t.Fatal(err)
	}
	if err := f.Abort(); err != nil {
		t.Errorf("second Abort: %v", err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "previous run" {
		t.Errorf("target changed to %q", got)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("temporary file left: %v", names)
	}
}

func TestAtomicFailedRenameLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out")
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("data"))
	// the target turns into a non-empty directory before Commit
	if err := os.MkdirAll(filepath.Join(path, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err == nil {
		t.Fatal("Commit over a directory succeeded")
	}
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "out" {
		t.Errorf("directory holds %v", names)
	}
	if err := f.Abort(); err != nil {
		t.Errorf("Abort after failed Commit: %v", err)
	}
}

func TestAtomicBadTargets(t *testing.T) {
	dir := t.TempDir()
	if _, err := CreateAtomic(dir); err == nil {
		t.Error("a directory target accepted")
	}
	if _, err := CreateAtomic(filepath.Join(dir, "missing", "out.csv")); err == nil {
		t.Error("a target in a missing directory accepted")
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("left %v", names)
	}
}

func TestAtomicThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.csv")
	link := filepath.Join(dir, "link.csv")
	os.WriteFile(real, []byte("old"), 0o644)
	if err := os.Symlink(real, link); err != nil {
		t.Skip(err)
	}
	f, err := CreateAtomic(link)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("new"))
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("symlink replaced by a file")
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Errorf("target holds %q", got)
	}
}

func TestAtomicWithRenderer(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "score.json")
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	if err := Write(f, JSON, Score(scoreFixture()), Style{}); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Errorf("stat %v, %v", fi, err)
	}
}

// TestAtomicLargeWrite writes a file of several sync steps in pieces that
// straddle them: every byte arrives, in order, and the file was synced
// behind the writer.
func TestAtomicLargeWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.csv")
	f, syncs, synced := createCounted(t, path, func(f *AtomicFile, _ int32) error { return f.tmp.Sync() })
	want := writeSteps(t, f, syncStep+13)
	waitSync(t, synced)
	want = append(want, writeSteps(t, f, syncStep)...)
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	// the first step's in the background, maybe the second's, and
	// Commit's own
	if n := syncs.Load(); n < 2 || n > 3 {
		t.Errorf("%d syncs, want 2 or 3", n)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read back %d bytes (%v), wrote %d", len(got), err, len(want))
	}
}

// TestAtomicSyncBehindFails: a background sync that fails fails Commit,
// though Commit's own sync succeeds (Linux reports a writeback error to
// one sync only), and the target keeps its old content.
func TestAtomicSyncBehindFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, _, synced := createCounted(t, path, func(_ *AtomicFile, n int32) error {
		if n == 1 {
			return errors.New("input/output error")
		}
		return nil
	})
	writeSteps(t, f, syncStep+1)
	waitSync(t, synced)
	err := f.Commit()
	if err == nil || !strings.Contains(err.Error(), "input/output error") || !strings.Contains(err.Error(), path) {
		t.Fatalf("Commit: %v, want the background sync's error naming %s", err, path)
	}
	if got, _ := os.ReadFile(path); string(got) != "old\n" {
		t.Errorf("target now %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".big.csv.tmp-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// createCounted creates an atomic file at path whose syncs are counted
// and done by sync (given the file and the sync's number, from 1); each
// sync is announced on the channel returned. The file is aborted when
// the test ends.
func createCounted(t *testing.T, path string, sync func(f *AtomicFile, n int32) error) (*AtomicFile, *atomic.Int32, <-chan struct{}) {
	t.Helper()
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Abort() })
	syncs := new(atomic.Int32)
	synced := make(chan struct{}, 8)
	f.sync = func() error {
		defer func() { synced <- struct{}{} }()
		return sync(f, syncs.Add(1))
	}
	return f, syncs, synced
}

// waitSync waits for a background sync.
func waitSync(t *testing.T, synced <-chan struct{}) {
	t.Helper()
	select {
	case <-synced:
	case <-time.After(30 * time.Second):
		t.Fatal("no sync in the background after a step was written")
	}
}

// writeSteps writes n bytes to f in pieces of 1 MiB and 7 bytes and
// returns them.
func writeSteps(t *testing.T, f *AtomicFile, n int) []byte {
	t.Helper()
	want := make([]byte, 0, n)
	for i := 0; len(want) < n; i++ {
		piece := bytes.Repeat([]byte{byte('a' + i%26)}, min(1<<20+7, n-len(want)))
		if k, err := f.Write(piece); k != len(piece) || err != nil {
			t.Fatalf("Write: %d, %v", k, err)
		}
		want = append(want, piece...)
	}
	return want
}

// TestAtomicAbortWhileWriting aborts (as the signal handler does) while
// another goroutine writes steps past the first background sync: the
// writes then fail, the temporary file is gone, the target is untouched,
// and -race finds nothing.
func TestAtomicAbortWhileWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, _, synced := createCounted(t, path, func(f *AtomicFile, _ int32) error { return f.tmp.Sync() })
	piece := bytes.Repeat([]byte("x"), 1<<20)
	failed := make(chan error)
	go func() {
		for {
			if _, err := f.Write(piece); err != nil {
				failed <- err
				return
			}
		}
	}()
	waitSync(t, synced)
	if err := f.Abort(); err != nil {
		t.Fatal(err)
	}
	if err := <-failed; err == nil {
		t.Error("writes went on after Abort")
	}
	if got, _ := os.ReadFile(path); string(got) != "old\n" {
		t.Errorf("target now %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".big.csv.tmp-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
