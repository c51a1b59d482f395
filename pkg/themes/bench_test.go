package themes

import (
	"strconv"
	"testing"

	"github.com/npskit/nps/pkg/breakdown"
)

// benchComments are comments like the benchmark export's, each made unique
// (the worst case: no comment repeats).
func benchComments(n int) []string {
	base := []string{"Support took a week to answer", "Too expensive for what it does", "The app keeps crashing, \"again\"",
		"Fine, but the reports are slow", "Missing an integration with our CRM", "Love it, the team uses it daily",
		"Great support, fast answers", "Best tool in its class\nwould recommend"}
	out := make([]string, n)
	for i := range out {
		out[i] = base[i%len(base)] + " case " + strconv.Itoa(i)
	}
	return out
}

func BenchmarkCounterUnique(b *testing.B) {
	texts := benchComments(100000)
	row := breakdown.Row{Fields: []string{""}}
	b.ReportAllocs()
	for b.Loop() {
		c := NewCounter(0, Options{Lang: Auto})
		for i, t := range texts {
			row.Fields[0], row.Line, row.Score = t, int64(i+2), i%11
			c.Add(breakdown.Key{}, &row)
		}
		c.Groups()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/comment")
}

func BenchmarkTerms(b *testing.B) {
	texts := benchComments(1000)
	a := newAnalyzer(Auto, false)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a.Terms(texts[i%len(texts)])
	}
}
