package pipeline

import (
	"fmt"
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
