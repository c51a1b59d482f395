package render

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
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

// TestAtomicLargeWrite writes a file of several writeback steps in pieces
// that straddle them: every byte arrives, in order, and the steps were
// taken.
func TestAtomicLargeWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	want := make([]byte, 0, 2*writebackStep+13)
	for i := 0; len(want) < 2*writebackStep+13; i++ {
		piece := bytes.Repeat([]byte{byte('a' + i%26)}, min(1<<20+7, 2*writebackStep+13-len(want)))
		if n, err := f.Write(piece); n != len(piece) || err != nil {
			t.Fatalf("Write: %d, %v", n, err)
		}
		want = append(want, piece...)
	}
	if f.queued == 0 || f.queued > f.written || f.written-f.queued >= writebackStep {
		t.Errorf("%d of %d bytes queued for writing back", f.queued, f.written)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read back %d bytes (%v), wrote %d", len(got), err, len(want))
	}
}
