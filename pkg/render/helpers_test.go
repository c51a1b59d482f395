package render

import (
	"bytes"
	"encoding/csv"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/npskit/nps/pkg/nps"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ (then read every one by eye)")

var nan = math.NaN()

// result builds an nps.Result the way the nps package defines it, with a
// made-up symmetric interval of ±half around the NPS (the renderer must
// print what it is given, not recompute anything).
func result(promoters, passives, detractors int64, half float64, lowN bool) nps.Result {
	n := promoters + passives + detractors
	r := nps.Result{N: n, Promoters: promoters, Passives: passives, Detractors: detractors, LowN: lowN}
	if n == 0 {
		r.PromotersPct, r.PassivesPct, r.DetractorsPct = nan, nan, nan
		r.NPS, r.CILow, r.CIHigh = nan, nan, nan
		return r
	}
	f := float64(n)
	r.PromotersPct = 100 * float64(promoters) / f
	r.PassivesPct = 100 * float64(passives) / f
	r.DetractorsPct = 100 * float64(detractors) / f
	r.NPS = r.PromotersPct - r.DetractorsPct
	r.CILow, r.CIHigh = math.Max(-100, r.NPS-half), math.Min(100, r.NPS+half)
	r.Band = specBand(r.NPS)
	return r
}

// specBand is SPEC §6's band of an NPS, written out here.
func specBand(x float64) string {
	switch {
	case x < 0:
		return "needs improvement"
	case x < 30:
		return "good"
	case x < 70:
		return "great"
	}
	return "excellent"
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update, then check the file by eye)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden:\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

// readCSV parses all records of CSV (or, for TSV, tab-separated) output.
func readCSV(t *testing.T, r io.Reader, f Format) [][]string {
	t.Helper()
	cr := csv.NewReader(r)
	if f == TSV {
		cr.Comma = '\t'
	}
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// scoreFixture: two regions over two quarters, one group blank, one low n.
func scoreFixture() *ScoreReport {
	return &ScoreReport{
		KeyNames: []string{"region", "period"},
		Overall:  result(172, 96, 62, 7.2, false),
		Groups: []GroupResult{
			{Key: []string{"", "2025-Q1"}, Result: result(4, 6, 2, 30.4, true)},
			{Key: []string{"APAC", "2025-Q1"}, Result: result(60, 25, 15, 12.8, false)},
			{Key: []string{"APAC", "2025-Q2"}, Result: result(48, 30, 22, 13.9, false)},
			{Key: []string{"EMEA", "2025-Q1"}, Result: result(50, 30, 20, 13.5, false)},
			{Key: []string{"EMEA", "2025-Q2"}, Result: result(10, 5, 3, 27.0, true)},
		},
		Blank:      7,
		Invalid:    2,
		Confidence: 0.95,
		MinN:       30,
	}
}

// weightedFixture: an ungrouped weighted report.
func weightedFixture() *ScoreReport {
	r := result(50, 30, 20, 11.1, false)
	r.Weighted = true
	r.PromotersPct, r.PassivesPct, r.DetractorsPct = 52.5, 27.5, 20
	r.NPS = 32.5
	r.Band = specBand(r.NPS)
	r.CILow, r.CIHigh = 20.25, 44.75
	r.WeightTotal = 123.456
	r.EffectiveN = 87.65432101234
	return &ScoreReport{Overall: r, Confidence: 0.9}
}

// trendFixture: eight months, one without responses, one with low n.
func trendFixture() *TrendReport {
	months := []string{"2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08"}
	counts := [][3]int64{{30, 10, 10}, {25, 15, 10}, {0, 0, 0}, {20, 10, 20}, {3, 1, 1}, {30, 20, 5}, {40, 10, 5}, {38, 12, 6}}
	rep := &TrendReport{ScoreReport: ScoreReport{
		KeyNames: []string{"period"}, Overall: result(186, 78, 57, 8.0, false), Confidence: 0.95, MinN: 30,
	}, Periods: months}
	for i, c := range counts {
		n := c[0] + c[1] + c[2]
		rep.Groups = append(rep.Groups, GroupResult{Key: []string{months[i]}, Result: result(c[0], c[1], c[2], 12, n < 30)})
	}
	return rep
}

// segmentTrendFixture: three regions over four quarters.
func segmentTrendFixture() *TrendReport {
	qs := []string{"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"}
	data := []struct {
		seg    string
		counts [][3]int64
	}{
		{"APAC", [][3]int64{{30, 10, 10}, {25, 15, 10}, {0, 0, 0}, {20, 10, 20}}},
		{"EMEA", [][3]int64{{10, 10, 30}, {15, 15, 20}, {20, 10, 20}, {35, 10, 5}}},
		{"LATAM", [][3]int64{{1, 1, 1}, {2, 2, 2}, {3, 3, 3}, {1, 1, 1}}},
	}
	rep := &TrendReport{ScoreReport: ScoreReport{
		KeyNames: []string{"region", "period"}, Overall: result(162, 88, 122, 8.0, false), Confidence: 0.95, MinN: 30,
	}, Periods: qs}
	for _, d := range data {
		for i, c := range d.counts {
			n := c[0] + c[1] + c[2]
			rep.Groups = append(rep.Groups, GroupResult{Key: []string{d.seg, qs[i]}, Result: result(c[0], c[1], c[2], 15, n < 30)})
		}
	}
	return rep
}

func distFixture() *DistReport {
	var t nps.Tally
	copy(t.Count[:], []int64{3, 1, 2, 4, 2, 8, 10, 20, 35, 40, 55})
	return &DistReport{Tally: t, Result: result(95, 55, 30, 9.6, false), Blank: 2, Confidence: 0.95}
}

func compareFixture() *CompareReport {
	a := result(50, 30, 20, 13.5, false)
	b := result(60, 25, 15, 12.8, false)
	// MDD: the half-width 12.75 at 95% is SE 12.75/1.959964 = 6.5052, times
	// 1.959964 + 0.841621 = 18.2249.
	return &CompareReport{
		A:          Side{KeyNames: []string{"region"}, KeyValues: []string{"EMEA"}, Result: a},
		B:          Side{KeyNames: []string{"region"}, KeyValues: []string{"APAC"}, Result: b},
		Comparison: nps.Comparison{A: a, B: b, Diff: 15, DiffCILow: 2.25, DiffCIHigh: 27.75, Z: 2.3, PValue: 0.02145, Significant: true, MDD: 18.2249},
		Confidence: 0.95,
	}
}
