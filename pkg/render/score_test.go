package render

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/nps"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    Format
		wantErr bool
	}{
		{"table", Table, false},
		{"csv", CSV, false},
		{"tsv", TSV, false},
		{"json", JSON, false},
		{"jsonl", JSONL, false},
		{"markdown", Markdown, false},
		{"md", Markdown, false},
		{"JSON", JSON, false},
		{" csv ", CSV, false},
		{"xml", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil {
			for _, name := range []string{"table", "csv", "tsv", "json", "jsonl", "markdown"} {
				if !strings.Contains(err.Error(), name) {
					t.Errorf("error %q does not list %s", err, name)
				}
			}
		}
	}
	for f := Table; f <= Markdown; f++ {
		if got, err := ParseFormat(f.String()); err != nil || got != f {
			t.Errorf("ParseFormat(%v.String()) = %v, %v", f, got, err)
		}
	}
}

// jsonNum reads a JSON number or null (NaN) as decoded into any.
func jsonNum(t *testing.T, v any) float64 {
	t.Helper()
	switch x := v.(type) {
	case nil:
		return math.NaN()
	case float64:
		return x
	}
	t.Fatalf("not a number: %#v", v)
	return 0
}

func sameFloat(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}

// checkResultJSON compares a decoded result object with r, field by field
// and in the contract's key order.
func checkResultJSON(t *testing.T, raw json.RawMessage, r nps.Result, weighted bool, extraFirst ...string) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	ints := map[string]int64{"n": r.N, "promoters": r.Promoters, "passives": r.Passives, "detractors": r.Detractors}
	for k, want := range ints {
		if got := jsonNum(t, m[k]); got != float64(want) {
			t.Errorf("%s = %v, want %v", k, got, want)
		}
	}
	floats := map[string]float64{
		"promoters_pct": r.PromotersPct, "passives_pct": r.PassivesPct, "detractors_pct": r.DetractorsPct,
		"nps": r.NPS, "ci_low": r.CILow, "ci_high": r.CIHigh,
	}
	if weighted {
		floats["weight_total"] = r.WeightTotal
		floats["effective_n"] = r.EffectiveN
	}
	for k, want := range floats {
		if got := jsonNum(t, m[k]); !sameFloat(got, want) {
			t.Errorf("%s = %v, want %v (unrounded)", k, got, want)
		}
	}
	if m["low_n"] != r.LowN {
		t.Errorf("low_n = %v, want %v", m["low_n"], r.LowN)
	}
	wantBand := any(r.Band)
	if r.Band == "" {
		wantBand = nil
	}
	if m["band"] != wantBand {
		t.Errorf("band = %v, want %v", m["band"], wantBand)
	}
	want := append(extraFirst, specFields(weighted)...)
	if got := jsonKeys(t, raw); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("keys = %v, want %v", got, want)
	}
}

// specFields are the field names of a result as SPEC §6 spells them, in
// order: written out here, not taken from the code under test.
func specFields(weighted bool) []string {
	names := []string{"n", "promoters", "passives", "detractors",
		"promoters_pct", "passives_pct", "detractors_pct",
		"nps", "ci_low", "ci_high", "low_n", "band"}
	if weighted {
		names = append(names, "weight_total", "effective_n")
	}
	return names
}

// jsonKeys returns an object's keys in document order.
func jsonKeys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestScoreJSON(t *testing.T) {
	rep := scoreFixture()
	var buf bytes.Buffer
	if err := Write(&buf, JSON, Score(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasSuffix(out, "}\n") || !strings.HasPrefix(out, "{\n  \"overall\": {\n    \"n\": 330,") {
		t.Errorf("not 2-space indented with a trailing newline:\n%s", out)
	}
	var doc struct {
		Overall json.RawMessage
		Groups  []json.RawMessage
		Blank   int64
		Invalid int64
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if got := jsonKeys(t, buf.Bytes()); strings.Join(got, ",") != "overall,groups,blank,invalid" {
		t.Errorf("top-level keys %v", got)
	}
	checkResultJSON(t, doc.Overall, rep.Overall, false)
	if doc.Blank != 7 || doc.Invalid != 2 {
		t.Errorf("blank, invalid = %d, %d", doc.Blank, doc.Invalid)
	}
	if len(doc.Groups) != len(rep.Groups) {
		t.Fatalf("%d groups, want %d", len(doc.Groups), len(rep.Groups))
	}
	for i, g := range doc.Groups {
		checkResultJSON(t, g, rep.Groups[i].Result, false, "key")
		var k struct{ Key json.RawMessage }
		if err := json.Unmarshal(g, &k); err != nil {
			t.Fatal(err)
		}
		if got := jsonKeys(t, k.Key); strings.Join(got, ",") != "region,period" {
			t.Errorf("key order %v", got)
		}
		var kv map[string]string
		if err := json.Unmarshal(k.Key, &kv); err != nil {
			t.Fatal(err)
		}
		if kv["region"] != rep.Groups[i].Key[0] || kv["period"] != rep.Groups[i].Key[1] {
			t.Errorf("group %d key = %v, want %v (verbatim, blank stays empty)", i, kv, rep.Groups[i].Key)
		}
	}
}

func TestScoreJSONUngroupedWeighted(t *testing.T) {
	rep := weightedFixture()
	var buf bytes.Buffer
	if err := Write(&buf, JSON, Score(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Overall json.RawMessage
		Groups  []json.RawMessage
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Groups == nil || len(doc.Groups) != 0 {
		t.Errorf("groups must be [] without grouping:\n%s", buf.String())
	}
	checkResultJSON(t, doc.Overall, rep.Overall, true)
}

func TestScoreJSONNaN(t *testing.T) {
	rep := &ScoreReport{KeyNames: []string{"period"}, Overall: result(1, 0, 0, 0, true),
		Groups: []GroupResult{{Key: []string{"2025-01"}, Result: result(0, 0, 0, 0, true)}}}
	var buf bytes.Buffer
	if err := Write(&buf, JSON, Score(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "NaN") {
		t.Fatalf("NaN leaked into JSON:\n%s", buf.String())
	}
	var doc struct{ Groups []map[string]any }
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"nps", "ci_low", "ci_high", "promoters_pct"} {
		v, ok := doc.Groups[0][k]
		if !ok || v != nil {
			t.Errorf("%s = %v (present %v), want null", k, v, ok)
		}
	}
}

func TestScoreJSONL(t *testing.T) {
	rep := scoreFixture()
	var buf bytes.Buffer
	if err := Write(&buf, JSONL, Score(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(rep.Groups) {
		t.Fatalf("%d lines, want %d", len(lines), len(rep.Groups))
	}
	for i, l := range lines {
		checkResultJSON(t, json.RawMessage(l), rep.Groups[i].Result, false, "key")
	}
	// ungrouped: one line, the overall result, no key
	buf.Reset()
	w := weightedFixture()
	if err := Write(&buf, JSONL, Score(w), Style{}); err != nil {
		t.Fatal(err)
	}
	if strings.Count(buf.String(), "\n") != 1 {
		t.Fatalf("want one line:\n%s", buf.String())
	}
	checkResultJSON(t, bytes.TrimSpace(buf.Bytes()), w.Overall, true)
}

// parseFloatCell reads a CSV number cell; empty is NaN.
func parseFloatCell(t *testing.T, s string) float64 {
	t.Helper()
	if s == "" {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("cell %q: %v", s, err)
	}
	return f
}

func checkResultCSV(t *testing.T, header, row []string, r nps.Result) {
	t.Helper()
	col := map[string]string{}
	for i, h := range header {
		col[h] = row[i]
	}
	for k, want := range map[string]int64{"n": r.N, "promoters": r.Promoters, "passives": r.Passives, "detractors": r.Detractors} {
		if col[k] != strconv.FormatInt(want, 10) {
			t.Errorf("%s = %q, want %d", k, col[k], want)
		}
	}
	floats := map[string]float64{
		"promoters_pct": r.PromotersPct, "passives_pct": r.PassivesPct, "detractors_pct": r.DetractorsPct,
		"nps": r.NPS, "ci_low": r.CILow, "ci_high": r.CIHigh,
	}
	if r.Weighted {
		floats["weight_total"] = r.WeightTotal
		floats["effective_n"] = r.EffectiveN
	}
	for k, want := range floats {
		if got := parseFloatCell(t, col[k]); !sameFloat(got, want) {
			t.Errorf("%s = %q, want %v exactly", k, col[k], want)
		}
	}
	if col["low_n"] != strconv.FormatBool(r.LowN) {
		t.Errorf("low_n = %q, want %v", col["low_n"], r.LowN)
	}
}

func TestScoreCSV(t *testing.T) {
	for _, f := range []Format{CSV, TSV} {
		t.Run(f.String(), func(t *testing.T) {
			rep := scoreFixture()
			var buf bytes.Buffer
			if err := Write(&buf, f, Score(rep), Style{}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if strings.Contains(out, "\r") || strings.HasPrefix(out, "\ufeff") {
				t.Error("want LF line ends and no BOM")
			}
			recs := readCSV(t, &buf, f)
			want := append([]string{"region", "period"}, specFields(false)...)
			if strings.Join(recs[0], ",") != strings.Join(want, ",") {
				t.Errorf("header %v, want %v", recs[0], want)
			}
			if len(recs) != 1+len(rep.Groups) {
				t.Fatalf("%d rows, want header + %d groups and no overall row", len(recs), len(rep.Groups))
			}
			for i, g := range rep.Groups {
				if recs[i+1][0] != g.Key[0] || recs[i+1][1] != g.Key[1] {
					t.Errorf("row %d key %v, want %v", i, recs[i+1][:2], g.Key)
				}
				checkResultCSV(t, recs[0], recs[i+1], g.Result)
			}
		})
	}
}

func TestScoreCSVUngroupedWeighted(t *testing.T) {
	rep := weightedFixture()
	var buf bytes.Buffer
	if err := Write(&buf, CSV, Score(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, &buf, CSV)
	if want := specFields(true); strings.Join(recs[0], ",") != strings.Join(want, ",") {
		t.Errorf("header %v, want %v", recs[0], want)
	}
	if len(recs) != 2 {
		t.Fatalf("want header and one row, got %d", len(recs))
	}
	checkResultCSV(t, recs[0], recs[1], rep.Overall)
}

func TestScoreCSVNaNAndInjection(t *testing.T) {
	rep := &ScoreReport{
		KeyNames: []string{"=team", "period"},
		Overall:  result(3, 0, 0, 0, true),
		Groups: []GroupResult{
			{Key: []string{"=HYPERLINK(\"http://x\")", "2025-01"}, Result: result(0, 0, 0, 0, true)},
			{Key: []string{"-12.5", "2025-02"}, Result: result(3, 0, 0, 0, true)},
			{Key: []string{"@sum", "2025-03"}, Result: result(3, 0, 0, 0, true)},
		},
	}
	var buf bytes.Buffer
	if err := Write(&buf, CSV, Score(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, &buf, CSV)
	if recs[0][0] != "'=team" {
		t.Errorf("header cell %q not neutralised", recs[0][0])
	}
	if recs[1][0] != `'=HYPERLINK("http://x")` || recs[2][0] != "-12.5" || recs[3][0] != "'@sum" {
		t.Errorf("key cells %q %q %q", recs[1][0], recs[2][0], recs[3][0])
	}
	// empty group: NaN fields are empty cells, counts are 0
	col := map[string]string{}
	for i, h := range recs[0] {
		col[h] = recs[1][i]
	}
	for _, k := range []string{"nps", "ci_low", "ci_high", "promoters_pct", "passives_pct", "detractors_pct"} {
		if col[k] != "" {
			t.Errorf("%s = %q, want empty for NaN", k, col[k])
		}
	}
	if col["n"] != "0" || col["low_n"] != "true" {
		t.Errorf("n = %q, low_n = %q", col["n"], col["low_n"])
	}
}

func TestFormatFloat(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{30, "30"},
		{-46.15384615384615, "-46.15384615384615"},
		{0.30000000000000004, "0.30000000000000004"},
		{1e-7, "1e-7"},
		{1234567.5, "1234567.5"},
		{1e21, "1e+21"},
		{100, "100"},
		{-100, "-100"},
		{math.Copysign(0, -1), "-0"},
		{999999999999999, "999999999999999"},
		{1e15, "1000000000000000"},
		{1 << 53, "9007199254740992"},
		{math.NaN(), ""},
		{math.Inf(1), ""},
	}
	for _, tt := range tests {
		if got := formatFloat(tt.in); got != tt.want {
			t.Errorf("formatFloat(%v) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.want != "" {
			js, _ := json.Marshal(tt.in)
			if string(js) != tt.want {
				t.Errorf("formatFloat(%v) = %q but JSON writes %s", tt.in, tt.want, js)
			}
		}
	}
}

// formatFloat spells whole numbers itself; every spelling must still be
// strconv's shortest 'f' form, which encoding/json also writes in this range.
func TestFormatFloatMatchesStrconv(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var x float64
		switch rng.IntN(3) {
		case 0:
			x = float64(rng.Int64N(2e15) - 1e15)
		case 1:
			x = float64(rng.IntN(20001)-10000) / float64(1+rng.IntN(1000))
		default:
			x = (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(21)))
		}
		if math.Abs(x) < 1e-6 {
			continue
		}
		if got, want := formatFloat(x), strconv.FormatFloat(x, 'f', -1, 64); got != want {
			t.Fatalf("formatFloat(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestHumanNumbers(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{fmt1(12.345), "12.3"},
		{fmt1(-0.04), "0.0"},
		{fmt1(math.NaN()), "–"},
		{fmtSigned1(15), "+15.0"},
		{fmtSigned1(-2.25), "-2.3"}, // halves away from zero
		{fmt1(2.25), "2.3"},
		{fmt1(0.05), "0.1"},
		{fmt1(-0.05), "-0.1"},
		{fmtSigned1(0.01), "0.0"},
		{fmtPct(41.6666), "41.7%"},
		{confLabel(0.95), "95% CI"},
		{confLabel(0.975), "97.5% CI"},
		{confLabel(0.9), "90% CI"},
		{confLabel(0), "CI"},
		{fmtP(0.0004), "p < 0.001"},
		{fmtP(0.02145), "p = 0.021"},
		{fmtP(0.5), "p = 0.500"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestScoreTableGolden(t *testing.T) {
	tests := []struct {
		name string
		rep  *ScoreReport
		f    Format
	}{
		{"score_grouped.txt", scoreFixture(), Table},
		{"score_grouped.md", scoreFixture(), Markdown},
		{"score_weighted.txt", weightedFixture(), Table},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.f, Score(tt.rep), Style{}); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, buf.Bytes())
		})
	}
}

func TestScoreTableSanitises(t *testing.T) {
	rep := &ScoreReport{
		KeyNames: []string{"team\x1b[2J"},
		Overall:  result(3, 0, 0, 0, true),
		Groups:   []GroupResult{{Key: []string{"a\x1b]8;;http://evil\x07link\x1b]8;;\x07|b\nc\x00d\u202e"}, Result: result(3, 0, 0, 0, true)}},
	}
	for _, f := range []Format{Table, Markdown} {
		var buf bytes.Buffer
		if err := Write(&buf, f, Score(rep), Style{}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, r := range out {
			if r != '\n' && unsafeTermRune(r) {
				t.Errorf("%v: control character %U in output:\n%q", f, r, out)
			}
		}
		want := "alink|b cd"
		if f == Markdown {
			want = `alink\|b cd`
		}
		if !strings.Contains(out, want) {
			t.Errorf("%v: want cell %q in\n%s", f, want, out)
		}
	}
}
