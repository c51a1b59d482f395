package render

import (
	"io"
	"strconv"
	"testing"

	"github.com/npskit/nps/pkg/nps"
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

// BenchmarkScoreEach is `score --by response_id`'s writing: one op writes
// a report of 100,000 groups, a respondent each, whose results are one of
// eleven (a score each), yielded by Each, to io.Discard.
func BenchmarkScoreEach(b *testing.B) {
	var results [11]nps.Result
	for s := range results {
		var t nps.Tally
		t.Add(s)
		results[s] = t.Result(nps.Options{Confidence: 0.95, MinN: 30})
	}
	keys := make([][]string, 100_000)
	for i := range keys {
		keys[i] = []string{"R" + strconv.Itoa(i)}
	}
	each := func(yield func(GroupResult) bool) {
		for i, k := range keys {
			if !yield(GroupResult{Key: k, Result: results[i*7%11]}) {
				return
			}
		}
	}
	rep := &ScoreReport{KeyNames: []string{"response_id"}, Overall: results[9], Confidence: 0.95, Each: each}
	for _, f := range []Format{CSV, JSONL} {
		b.Run(f.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, f, Score(rep), Style{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRecord is classify's line of a kept row (one op), made from
// the record's bytes (Record) and from its fields (Line; the fields are
// given, so the split that Record saves is not counted).
func BenchmarkRecord(b *testing.B) {
	rec := []byte(`R1042,2025-03-07T10:24:07Z,user1042@example.com,EMEA,Pro,web,6,"Too expensive, and the ""reports"" are slow"`)
	enc, _ := NewLineEncoder(CSV, benchHeader)
	var line []byte
	b.Run("record", func(b *testing.B) {
		for b.Loop() {
			var ok bool
			if line, ok = enc.(RecordEncoder).Record(line[:0], rec, ',', "detractor"); !ok {
				b.Fatal("refused")
			}
		}
	})
	b.Run("line", func(b *testing.B) {
		for b.Loop() {
			line, _ = enc.Line(line[:0], benchRow)
		}
	})
}
