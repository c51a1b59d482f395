package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// textExport is a UTF-8 export of n rows with "Zürich" in it; the rows
// in bad (1-based data rows) are written with Windows-1252 bytes instead.
func textExport(n int, bad ...int) []byte {
	var b strings.Builder
	b.WriteString("id,date,city,score\n")
	for i := 1; i <= n; i++ {
		city := "Zürich"
		for _, k := range bad {
			if k == i {
				city = "Z\xfcrich \"q\xe9\""
			}
		}
		if i%3 == 0 {
			city = "Bern"
		}
		fmt.Fprintf(&b, "%d,2025-%02d-%02d,\"%s\",%d\n", i, 1+i%12, 1+i%28, strings.ReplaceAll(city, `"`, `""`), i%11)
	}
	return []byte(b.String())
}

// TestFastMatchesGeneralEncoding: rows that are not UTF-8 are kept as
// they are and warned about with their lines, by both paths, whether they
// come in the first 64 KiB (the encoding sample) or after it, in any
// chunk.
func TestFastMatchesGeneralEncoding(t *testing.T) {
	for _, data := range [][]byte{
		textExport(40, 2, 7),
		textExport(6000, 5000, 5900, 5901),
		textExport(6000, 1, 2, 4, 5, 7, 8, 5999),
	} {
		if _, ok := fast(nil, data, survey.Options{}, nil, period.None, Config{}); !ok {
			t.Fatal("the fast path does not take UTF-8 with stray bytes")
		}
		same(t, data, query{by: []string{"city"}})
		same(t, data, query{opt: survey.Options{NeedDate: true}, by: []string{"city"}, unit: period.Month})
	}
}

// TestFastMatchesGeneralLineEnds: input the general reader reads otherwise
// than as plain lines (lines that end in a lone CR, a sep= line, a title
// above the header) is left to it; a stray CR inside a field of an LF
// file is read alike by both.
func TestFastMatchesGeneralLineEnds(t *testing.T) {
	for _, tt := range []struct {
		in   string
		fast bool
	}{
		{"id,region,score\r1,EMEA,9\r2,NA,3\r3,EMEA,10\r", false},
		{"id,region,score\r\n1,EMEA,9\r2,NA,3\r\n", false},
		{"sep=,\nid,region,score\n1,EMEA,9\n", false},
		{"NPS export\nid,region,score\n1,EMEA,9\n", false},
		{"id,region,score\n1,EM\rEA,9\n2,NA,3\n", true},
		{"id,region,score\n1,\"EM\rEA\",9\r\n2,NA,3\r\n", true},
	} {
		_, ok := fast(nil, []byte(tt.in), survey.Options{}, nil, period.None, Config{})
		if ok != tt.fast {
			t.Errorf("%q: the fast path takes it: %v, want %v", tt.in, ok, tt.fast)
		}
		same(t, []byte(tt.in), query{by: []string{"region"}})
	}
}

// TestFastMatchesGeneralNUL: a NUL byte after the first 64 KiB stops
// both paths with the same error, wherever the chunks' bounds fall
// around it (the chunk pre-pass finds NULs in a chunk's own bytes, the
// read the rest).
func TestFastMatchesGeneralNUL(t *testing.T) {
	data := textExport(6000)
	at := strings.Index(string(data), "\n5000,") + 3
	data = append(append(append([]byte(nil), data[:at]...), 0), data[at:]...)
	if _, ok := fast(nil, data, survey.Options{}, nil, period.None, Config{}); !ok {
		t.Fatal("the fast path does not take the export")
	}
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := general([]string{path}, nil, survey.Options{}, []string{"city"}, period.None)
	for size := 16; size <= 96; size++ {
		got, _ := fast([]string{path}, nil, survey.Options{}, []string{"city"}, period.None, Config{Workers: 2, ChunkSize: size})
		if want.err == "" || got.String() != want.String() {
			t.Fatalf("chunks of %d: fast:\n%s\ngeneral:\n%s", size, got, want)
		}
	}
}
