package engine

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestProgressCounts: a pass adds the input's bytes to Read.Progress, on
// the fast path (parallel chunks, or streamed) and on the general reader,
// for plain, gzip and standard input. The general reader reads every byte
// once: its count is the input's size. The fast path reads a file again
// after the format was detected, so its count may pass the size by what
// detection read (at most the 64 KiB peek and a buffer), never fall short.
func TestProgressCounts(t *testing.T) {
	// streamExport's rows 20 times over: about 4 MB, several 512 KiB chunks
	one := streamExport()
	header, rows, _ := bytes.Cut(one, []byte("\n"))
	var b bytes.Buffer
	b.Write(header)
	b.WriteByte('\n')
	for range 20 {
		b.Write(rows)
	}
	dir := t.TempDir()
	plain := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(plain, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(b.Bytes())
	zw.Close()
	gz := filepath.Join(dir, "big.csv.gz")
	if err := os.WriteFile(gz, z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// The same rows as JSON Lines and as a top-level JSON array.
	var jl, ja bytes.Buffer
	ja.WriteString("[\n")
	for i, l := range strings.Split(strings.TrimSpace(b.String()), "\n")[1:] {
		f := strings.Split(l, ",")
		obj := fmt.Sprintf(`{"id":%q,"date":%q,"region":%q,"score":%s}`, f[0], f[1], f[2], f[3])
		jl.WriteString(obj + "\n")
		if i > 0 {
			ja.WriteString(",\n")
		}
		ja.WriteString(obj)
	}
	ja.WriteString("\n]\n")
	jsonl, jsonArr := filepath.Join(dir, "big.jsonl"), filepath.Join(dir, "big.json")
	if err := os.WriteFile(jsonl, jl.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jsonArr, ja.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	const slack = 128 << 10
	for _, tt := range []struct {
		name    string
		file    string
		stdin   bool
		size    int64
		general bool
	}{
		{"csv fast", plain, false, int64(b.Len()), false},
		{"csv general", plain, false, int64(b.Len()), true},
		{"gzip fast", gz, false, int64(z.Len()), false},
		{"gzip general", gz, false, int64(z.Len()), true},
		{"jsonl fast", jsonl, false, int64(jl.Len()), false},
		{"jsonl general", jsonl, false, int64(jl.Len()), true},
		{"json array fast", jsonArr, false, int64(ja.Len()), false},
		{"json array general", jsonArr, false, int64(ja.Len()), true},
		{"stdin fast", "-", true, int64(b.Len()), false},
		{"stdin general", "-", true, int64(b.Len()), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int64
			q := Query{Files: []string{tt.file}, Groupings: []Grouping{{By: []string{"region"}}}, General: tt.general}
			q.Read.Progress = &n
			if tt.stdin {
				q.Stdin = strings.NewReader(b.String())
			}
			res, err := Run(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if all := res.Groupings[0].Overall(); all.N() != 20*6000 {
				t.Fatalf("n = %d", all.N())
			}
			got := n.Load()
			switch {
			case tt.general || tt.stdin:
				if got != tt.size {
					t.Errorf("counted %d bytes, the input has %d", got, tt.size)
				}
			case got < tt.size || got > tt.size+slack:
				t.Errorf("counted %d bytes, the input has %d (+ at most %d read twice)", got, tt.size, slack)
			default:
				t.Logf("counted %d bytes, the input has %d", got, tt.size)
			}
		})
	}
}
