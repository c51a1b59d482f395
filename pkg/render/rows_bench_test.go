package render

import (
	"io"
	"testing"
)

// benchRow is a classify row as an export gives it: an id, a date, a
// segment, the score, a comment that needs quoting, and the category.
var benchRow = []string{"R1042", "2025-03-07T10:24:07Z", "user1042@example.com", "EMEA", "Pro", "web", "6",
	`Too expensive, and the "reports" are slow`, "detractor"}

var benchHeader = []string{"response_id", "submitted_at", "email", "region", "plan", "channel", "score", "comment", "category"}

// BenchmarkRowWriter is the classify hot path: one op writes one row. It
// streams to io.Discard, so it measures the writer alone.
func BenchmarkRowWriter(b *testing.B) {
	for _, f := range []Format{CSV, TSV, JSONL, JSON} {
		b.Run(f.String(), func(b *testing.B) {
			rw, err := NewRowWriter(io.Discard, f, benchHeader, Style{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := rw.Write(benchRow); err != nil {
					b.Fatal(err)
				}
			}
			if err := rw.Flush(); err != nil {
				b.Fatal(err)
			}
		})
	}
}
