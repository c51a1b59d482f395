package render

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/nps"
)

func TestDistGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    Format
		st   Style
	}{
		{"dist.txt", Table, Style{}},
		{"dist.md", Markdown, Style{}},
		{"dist_color.txt", Table, Style{Color: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.f, Dist(distFixture()), tt.st); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, buf.Bytes())
			if hasESC := strings.Contains(buf.String(), "\x1b"); hasESC != tt.st.Color {
				t.Errorf("ANSI escapes present = %v with Color = %v", hasESC, tt.st.Color)
			}
		})
	}
}

func TestBar(t *testing.T) {
	tests := []struct {
		fraction float64
		want     string
	}{
		{1, strings.Repeat("█", 40)},
		{0, ""},
		{nan, ""},
		{0.01 / 55, "▏"}, // never invisible
		{0.5, strings.Repeat("█", 20)},
		{1.0 / 16, "██▌"}, // 2.5 columns
	}
	for _, tt := range tests {
		if got := bar(tt.fraction); got != tt.want {
			t.Errorf("bar(%v) = %q, want %q", tt.fraction, got, tt.want)
		}
	}
}

func TestDistJSON(t *testing.T) {
	rep := distFixture()
	var buf bytes.Buffer
	if err := Write(&buf, JSON, Dist(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		N       int64
		Counts  []int64
		Shares  []float64
		NPS     float64
		Blank   int64
		Invalid int64
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.N != 180 || len(doc.Counts) != 11 || len(doc.Shares) != 11 || doc.Blank != 2 {
		t.Fatalf("%+v", doc)
	}
	for s := range 11 {
		if doc.Counts[s] != rep.Tally.Count[s] {
			t.Errorf("counts[%d] = %d, want %d", s, doc.Counts[s], rep.Tally.Count[s])
		}
		if want := 100 * float64(rep.Tally.Count[s]) / 180; doc.Shares[s] != want {
			t.Errorf("shares[%d] = %v, want %v", s, doc.Shares[s], want)
		}
	}
	if doc.NPS != rep.Result.NPS {
		t.Errorf("nps = %v, want %v", doc.NPS, rep.Result.NPS)
	}
	keys := jsonKeys(t, buf.Bytes())
	want := "n,counts,shares,promoters,passives,detractors,promoters_pct,passives_pct,detractors_pct,nps,ci_low,ci_high,low_n,band,blank,invalid"
	if strings.Join(keys, ",") != want {
		t.Errorf("keys %v", keys)
	}
}

func TestDistEmpty(t *testing.T) {
	rep := &DistReport{Result: result(0, 0, 0, 0, true)}
	for _, f := range []Format{Table, JSON, CSV, JSONL, Markdown} {
		var buf bytes.Buffer
		if err := Write(&buf, f, Dist(rep), Style{}); err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		if strings.Contains(buf.String(), "NaN") {
			t.Errorf("%v: NaN in output:\n%s", f, buf.String())
		}
	}
}

func TestDistCSV(t *testing.T) {
	rep := distFixture()
	var buf bytes.Buffer
	if err := Write(&buf, TSV, Dist(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, &buf, TSV)
	if strings.Join(recs[0], ",") != "score,count,share,category" || len(recs) != 12 {
		t.Fatalf("got %v", recs)
	}
	for s := range 11 {
		row := recs[s+1]
		share, _ := strconv.ParseFloat(row[2], 64)
		if row[0] != strconv.Itoa(s) || row[1] != strconv.FormatInt(rep.Tally.Count[s], 10) ||
			share != 100*float64(rep.Tally.Count[s])/180 || row[3] != nps.Classify(s).String() {
			t.Errorf("row %d = %v", s, row)
		}
	}
}

func TestDistWeightedShares(t *testing.T) {
	var tl nps.Tally
	tl.AddWeighted(10, 3)
	tl.AddWeighted(0, 1)
	sh := shares(&tl)
	if sh[10] != 75 || sh[0] != 25 {
		t.Errorf("weighted shares %v", sh)
	}
}

func TestCompareGolden(t *testing.T) {
	lower := compareFixture()
	lower.A, lower.B = lower.B, lower.A
	c := &lower.Comparison
	c.Diff, c.DiffCILow, c.DiffCIHigh = -15, -27.75, -2.25
	noise := compareFixture()
	noise.Comparison.DiffCILow, noise.Comparison.DiffCIHigh = -3.5, 33.5
	noise.Comparison.PValue, noise.Comparison.Significant = 0.11, false
	noise.Comparison.MDD = 26.4440 // SE 18.5/1.959964 = 9.4390, times 2.801585
	for _, tt := range []struct {
		name string
		rep  *CompareReport
		f    Format
	}{
		{"compare.txt", compareFixture(), Table},
		{"compare.md", compareFixture(), Markdown},
		{"compare_lower.txt", lower, Table},
		{"compare_noise.txt", noise, Table},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.f, Compare(tt.rep), Style{}); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, buf.Bytes())
		})
	}
}

func TestVerdict(t *testing.T) {
	base := compareFixture()
	tests := []struct {
		name string
		edit func(r *CompareReport)
		want string
	}{
		{"higher", func(*CompareReport) {},
			"APAC is 15.0 points higher than EMEA (95% CI 2.3 to 27.8, p = 0.021): a significant difference at 95%"},
		{"lower reads the interval the same way round", func(r *CompareReport) {
			r.Comparison.Diff, r.Comparison.DiffCILow, r.Comparison.DiffCIHigh = -15, -27.75, -2.25
		}, "APAC is 15.0 points lower than EMEA (95% CI 2.3 to 27.8, p = 0.021): a significant difference at 95%"},
		{"noise", func(r *CompareReport) {
			r.Comparison.Diff, r.Comparison.DiffCILow, r.Comparison.DiffCIHigh = 4, -6, 14
			r.Comparison.PValue, r.Comparison.Significant = 0.43, false
			r.Comparison.MDD = 15.1167 // SE 10/1.644854 = 6.0795, times 1.644854 + 0.841621
			r.Confidence = 0.9
		}, "APAC is 4.0 points higher than EMEA: no significant difference detected (90% CI -6.0 to 14.0, p = 0.430); with these sample sizes a difference smaller than about 15.1 points could easily go undetected"},
		{"lower and not significant", func(r *CompareReport) {
			r.Comparison.Diff, r.Comparison.DiffCILow, r.Comparison.DiffCIHigh = -4, -14, 6
			r.Comparison.PValue, r.Comparison.Significant = 0.43, false
		}, "APAC is 4.0 points lower than EMEA: no significant difference detected (95% CI -6.0 to 14.0, p = 0.430); with these sample sizes a difference smaller than about 18.2 points could easily go undetected"},
		{"no MDD, no clause", func(r *CompareReport) {
			r.Comparison.PValue, r.Comparison.Significant, r.Comparison.MDD = 0.43, false, math.NaN()
		}, "APAC is 15.0 points higher than EMEA: no significant difference detected (95% CI 2.3 to 27.8, p = 0.430)"},
		{"zero", func(r *CompareReport) {
			r.Comparison.Diff, r.Comparison.DiffCILow, r.Comparison.DiffCIHigh = 0, -10, 10
			r.Comparison.PValue, r.Comparison.Significant = 1, false
			r.Comparison.MDD = 14.2941 // SE 10/1.959964 = 5.1021, times 2.801585
		}, "APAC and EMEA differ by 0.0 points: no significant difference detected (95% CI -10.0 to 10.0, p = 1.000); with these sample sizes a difference smaller than about 14.3 points could easily go undetected"},
		{"tiny p", func(r *CompareReport) { r.Comparison.PValue = 1e-9 },
			"APAC is 15.0 points higher than EMEA (95% CI 2.3 to 27.8, p < 0.001): a significant difference at 95%"},
		{"empty side", func(r *CompareReport) { r.B.Result = result(0, 0, 0, 0, true) },
			"Cannot compare: APAC has no responses."},
		{"sides without names", func(r *CompareReport) { r.A.KeyValues, r.B.KeyValues = nil, nil },
			"B is 15.0 points higher than A (95% CI 2.3 to 27.8, p = 0.021): a significant difference at 95%"},
		{"same names", func(r *CompareReport) { r.B.KeyValues = []string{"EMEA"} },
			"B (EMEA) is 15.0 points higher than A (EMEA) (95% CI 2.3 to 27.8, p = 0.021): a significant difference at 95%"},
		{"blank segment", func(r *CompareReport) { r.A.KeyValues = []string{""} },
			"APAC is 15.0 points higher than (blank) (95% CI 2.3 to 27.8, p = 0.021): a significant difference at 95%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := *base
			tt.edit(&r)
			a, b := r.sideNames()
			if got := verdict(&r, a, b); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCompareJSON(t *testing.T) {
	rep := compareFixture()
	var buf bytes.Buffer
	if err := Write(&buf, JSON, Compare(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		A, B        json.RawMessage
		Diff        float64
		DiffCILow   float64 `json:"diff_ci_low"`
		DiffCIHigh  float64 `json:"diff_ci_high"`
		Z           float64
		PValue      float64 `json:"p_value"`
		Significant bool
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	checkResultJSON(t, doc.A, rep.A.Result, false, "key")
	checkResultJSON(t, doc.B, rep.B.Result, false, "key")
	c := rep.Comparison
	if doc.Diff != c.Diff || doc.DiffCILow != c.DiffCILow || doc.DiffCIHigh != c.DiffCIHigh ||
		doc.Z != c.Z || doc.PValue != c.PValue || doc.Significant != c.Significant {
		t.Errorf("comparison fields %+v, want %+v", doc, c)
	}
	if !strings.Contains(string(doc.A), `"key":{"region":"EMEA"}`) && !strings.Contains(buf.String(), "\"region\": \"EMEA\"") {
		t.Errorf("side A key missing:\n%s", buf.String())
	}
	if got := strings.Join(jsonKeys(t, buf.Bytes()), ","); got != "a,b,diff,diff_ci_low,diff_ci_high,z,p_value,significant" {
		t.Errorf("keys %s", got)
	}
}

func TestCompareCSV(t *testing.T) {
	rep := compareFixture()
	rep.A.Result.Weighted, rep.A.Result.WeightTotal, rep.A.Result.EffectiveN = true, 101.5, 95.25
	var buf bytes.Buffer
	if err := Write(&buf, CSV, Compare(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, &buf, CSV)
	wantHeader := "side,region,n,promoters,passives,detractors,promoters_pct,passives_pct,detractors_pct,nps,ci_low,ci_high,low_n,band,weight_total,effective_n,z,p_value,significant"
	if strings.Join(recs[0], ",") != wantHeader {
		t.Fatalf("header %v", recs[0])
	}
	if len(recs) != 4 || recs[1][0] != "a" || recs[2][0] != "b" || recs[3][0] != "diff" {
		t.Fatalf("rows %v", recs)
	}
	if recs[1][1] != "EMEA" || recs[2][1] != "APAC" || recs[3][1] != "" {
		t.Errorf("key cells %q %q %q", recs[1][1], recs[2][1], recs[3][1])
	}
	checkResultCSV(t, recs[0], recs[1], rep.A.Result)
	col := map[string]string{}
	for i, h := range recs[0] {
		col[h] = recs[3][i]
	}
	if col["nps"] != "15" || col["ci_low"] != "2.25" || col["ci_high"] != "27.75" || col["z"] != "2.3" ||
		col["p_value"] != "0.02145" || col["significant"] != "true" || col["n"] != "" || col["low_n"] != "" {
		t.Errorf("diff row %v", col)
	}
	if recs[1][len(recs[1])-1] != "" {
		t.Errorf("significant must be empty on side rows: %v", recs[1])
	}
}

func TestCompareJSONL(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, JSONL, Compare(compareFixture()), Style{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines (a, b, diff):\n%s", buf.String())
	}
	for i, side := range []string{"a", "b", "diff"} {
		var m map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &m); err != nil {
			t.Fatal(err)
		}
		if m["side"] != side {
			t.Errorf("line %d side %v", i, m["side"])
		}
	}
}
