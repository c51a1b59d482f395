package scan

import (
	"fmt"
	"testing"
)

// export builds n rows shaped like cmd/npsgen's output: 8 columns, an RFC
// 3339 date, a quoted comment (some with a comma, an escaped quote or a
// newline).
func export(n int) []byte {
	regions := []string{"EMEA", "NA", "APAC", "LATAM"}
	plans := []string{"Free", "Pro", "Enterprise"}
	comments := []string{"", `"Fine, but the reports are slow"`, `"Too expensive for what it does"`,
		`"Love the ""dashboards"" feature, use it daily"`, "\"Support was great\nthanks\""}
	b := []byte("response_id,submitted_at,email,region,plan,channel,score,comment\n")
	for i := 0; i < n; i++ {
		b = fmt.Appendf(b, "R%d,2025-%02d-%02dT%02d:%02d:05Z,user%d@example.com,%s,%s,web,%d,%s\n",
			i, i%12+1, i%28+1, i%24, i%60, i%7919, regions[i%4], plans[i%3], i%11, comments[i%len(comments)])
	}
	return b
}

func benchScan(b *testing.B, fields []int) {
	data := export(100000)
	s := New(',', fields)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s.Reset(data, 1, true)
		n := 0
		for s.Next() {
			n++
		}
		if s.Err != nil || n != 100001 {
			b.Fatal(s.Err, n)
		}
	}
}

// BenchmarkScanScore extracts the score column only (nps score).
func BenchmarkScanScore(b *testing.B) { benchScan(b, []int{6}) }

// BenchmarkScanGrouped extracts date, region and score (--by region --period month).
func BenchmarkScanGrouped(b *testing.B) { benchScan(b, []int{1, 3, 6}) }

// BenchmarkCounts is the quote and newline count of the chunk pre-pass.
func BenchmarkCounts(b *testing.B) {
	data := export(100000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Counts(data)
	}
}
