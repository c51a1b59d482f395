package engine

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/period"
)

// streamExport is long enough that the reader's 64 KiB peek does not hold
// it all, so the fast path must replay what opening read and go on.
func streamExport() []byte {
	var b bytes.Buffer
	b.WriteString("id,date,region,score\n")
	for i := range 6000 {
		fmt.Fprintf(&b, "%d,2025-%02d-%02dT10:00:00Z,%s,%d\n", i, i%12+1, i%28+1, []string{"EMEA", "APAC", "NA"}[i%3], i%11)
	}
	return b.Bytes()
}

// fifo makes a named pipe that a goroutine fills with data once a reader
// opens it.
func fifo(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pipe.csv")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.Write(data)
		f.Close()
	}()
	return p
}

func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// TestStreamsMatchFiles reads the same export from inputs that cannot be
// opened twice (a FIFO, standard input, gzip through either) and from a
// regular file, on both paths: every run must give the regular file's
// tallies (issue 12: the fast path opened inputs again by name, so pipes
// gave no rows or dropped a file).
func TestStreamsMatchFiles(t *testing.T) {
	data := streamExport()
	dir := t.TempDir()
	file := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	grouping := []Grouping{{By: []string{"region"}, Period: period.Quarter}}
	want := run1(t, Query{Files: []string{file}, Groupings: grouping, General: true})
	wantTwice := run1(t, Query{Files: []string{file, file}, Groupings: grouping, General: true})
	if slices.Equal(want, wantTwice) {
		t.Fatal("reading the file twice should double the counts")
	}
	tests := []struct {
		name  string
		query func() Query
		want  []string
	}{
		{"fifo", func() Query { return Query{Files: []string{fifo(t, data)}} }, want},
		{"stdin", func() Query { return Query{Stdin: bytes.NewReader(data)} }, want},
		{"stdin dash", func() Query { return Query{Files: []string{"-"}, Stdin: bytes.NewReader(data)} }, want},
		{"gzip fifo", func() Query { return Query{Files: []string{fifo(t, gz(t, data))}} }, want},
		{"gzip stdin", func() Query { return Query{Stdin: bytes.NewReader(gz(t, data))} }, want},
		{"file then fifo", func() Query { return Query{Files: []string{file, fifo(t, data)}} }, wantTwice},
		{"fifo then file", func() Query { return Query{Files: []string{fifo(t, data), file}} }, wantTwice},
	}
	for _, tt := range tests {
		for _, general := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/general=%v", tt.name, general), func(t *testing.T) {
				q := tt.query()
				q.Groupings, q.General = grouping, general
				if got := run1(t, q); !slices.Equal(got, tt.want) {
					t.Errorf("got %q\nwant %q", got, tt.want)
				}
			})
		}
	}
}

// run1 runs q with a time limit (a FIFO read twice would hang) and returns
// its first grouping's counts and its stats.
func run1(t *testing.T, q Query) []string {
	t.Helper()
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := Run(context.Background(), q)
		done <- outcome{res, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			t.Fatal(o.err)
		}
		return append(counts(o.res.Groupings[0]), fmt.Sprintf("%+v", o.res.Stats))
	case <-time.After(20 * time.Second):
		t.Fatal("the run hangs")
	}
	return nil
}

// TestManySmallFilesAllocate: a one-row file costs a few kilobytes of
// buffers, not the 64 KiB peek and read buffers a large file gets (issue
// 12: 100,000 one-row files allocated 13 GB and took a minute).
func TestManySmallFilesAllocate(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i := range 400 {
		p := filepath.Join(dir, fmt.Sprintf("f%d.csv", i))
		if err := os.WriteFile(p, fmt.Appendf(nil, "score\n%d\n", i%11), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	for _, general := range []bool{false, true} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res, err := Run(context.Background(), Query{Files: files, General: general})
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.Valid != 400 {
			t.Fatalf("general=%v: %d valid scores, want 400", general, res.Stats.Valid)
		}
		perFile := (after.TotalAlloc - before.TotalAlloc) / 400
		t.Logf("general=%v: %d bytes per file", general, perFile)
		if perFile > 48<<10 {
			t.Errorf("general=%v: %d bytes allocated per one-row file, want at most 48 KiB", general, perFile)
		}
	}
}

// TestManySmallGzipFilesAllocate: the fast path streams a gzip file in
// blocks of 1 MiB; one-row files reuse the blocks of the file before
// instead of allocating three each (3 MiB a file, and a collection every
// few files, before).
func TestManySmallGzipFilesAllocate(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i := range 200 {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		fmt.Fprintf(zw, "score\n%d\n", i%11)
		zw.Close()
		p := filepath.Join(dir, fmt.Sprintf("f%d.csv.gz", i))
		if err := os.WriteFile(p, z.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := Run(context.Background(), Query{Files: files})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Valid != 200 {
		t.Fatalf("%d valid scores, want 200", res.Stats.Valid)
	}
	perFile := (after.TotalAlloc - before.TotalAlloc) / 200
	t.Logf("%d bytes per file", perFile)
	if perFile > 256<<10 {
		t.Errorf("%d bytes allocated per one-row gzip file, want at most 256 KiB", perFile)
	}
}
