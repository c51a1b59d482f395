package render

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestFieldNamesAgree writes every report in every machine-readable format
// and checks the field names each writer put out against one list per
// report, written out here from SPEC §6: a name spelled differently in two
// writers (or by two reports) fails here.
func TestFieldNamesAgree(t *testing.T) {
	weigh := func(rep *ScoreReport) *ScoreReport {
		rep.Overall.Weighted = true
		for i := range rep.Groups {
			rep.Groups[i].Result.Weighted = true
		}
		return rep
	}
	dist := distFixture()
	dist.Result.Weighted = true
	cmp := compareFixture()
	cmp.B.Result.Weighted = true
	spec, specW := specFields(false), specFields(true)
	cat := func(parts ...[]string) []string { return slices.Concat(parts...) }
	plan := []string{"n", "nps", "current_margin", "needed_n", "more_needed"}
	test := []string{"z", "p_value", "significant"}

	tests := []struct {
		name  string
		model *Model
		rows  []string            // the CSV and TSV header
		lines [][]string          // each JSON Lines object's names (a key's names in its place); nil: rows, each line
		json  map[string][]string // JSON objects' names (a key's names in its place) by path
	}{
		{"score", Score(weigh(scoreFixture())), cat([]string{"region", "period"}, specW), nil, map[string][]string{
			"":         {"overall", "groups", "blank", "invalid"},
			"overall":  specW,
			"groups.0": cat([]string{"region", "period"}, specW),
		}},
		{"score ungrouped", Score(weightedFixture()), specW, nil, map[string][]string{"overall": specW}},
		{"score with skipped dates", Score(skippedDates(weightedFixture())), specW, nil, map[string][]string{
			"": {"overall", "groups", "blank", "invalid", "skipped_dates"},
		}},
		{"trend", Trend(segmentTrendFixture()), cat([]string{"region", "period"}, spec), nil, map[string][]string{
			"overall":  spec,
			"groups.3": cat([]string{"region", "period"}, spec),
		}},
		{"dist", Dist(dist), []string{"score", "count", "share", "category"}, nil, map[string][]string{
			"": cat([]string{"n", "counts", "shares"}, specW[1:], []string{"blank", "invalid"}),
		}},
		{"compare", Compare(cmp), cat([]string{"side", "region"}, specW, test), [][]string{
			cat([]string{"side", "region"}, specW),
			cat([]string{"side", "region"}, specW),
			cat([]string{"side", "diff", "diff_ci_low", "diff_ci_high"}, test),
		}, map[string][]string{
			"":  cat([]string{"a", "b", "diff", "diff_ci_low", "diff_ci_high"}, test),
			"a": cat([]string{"region"}, specW),
			"b": cat([]string{"region"}, specW),
		}},
		{"plan", Plan(planReport()), cat([]string{"region"}, plan), nil, map[string][]string{
			"":         {"margin", "confidence", "overall", "groups"},
			"overall":  plan,
			"groups.1": cat([]string{"region"}, plan),
		}},
		{"inspect", Inspect(inspectFixture()), []string{"column", "role", "question", "filled", "empty", "samples"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range []Format{CSV, TSV} {
				if got := readCSV(t, bytes.NewReader(write(t, f, tt.model)), f)[0]; !slices.Equal(got, tt.rows) {
					t.Errorf("%v header\n%v\nwant\n%v", f, got, tt.rows)
				}
			}
			lines := strings.Split(strings.TrimSuffix(string(write(t, JSONL, tt.model)), "\n"), "\n")
			for i, l := range lines {
				want := tt.rows
				if tt.lines != nil {
					want = tt.lines[i]
				}
				if got := names(t, json.RawMessage(l)); !slices.Equal(got, want) {
					t.Errorf("JSON Lines line %d\n%v\nwant\n%v", i, got, want)
				}
			}
			doc := write(t, JSON, tt.model)
			for path, want := range tt.json {
				if got := names(t, at(t, doc, path)); !slices.Equal(got, want) {
					t.Errorf("JSON at %q\n%v\nwant\n%v", path, got, want)
				}
			}
		})
	}
}

func write(t *testing.T, f Format, m *Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, m, Style{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// names are an object's names in order, with the names of its "key"
// object in place of "key", as CSV writes a key.
func names(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var out []string
	for _, k := range jsonKeys(t, raw) {
		if k != "key" {
			out = append(out, k)
			continue
		}
		var key struct{ Key json.RawMessage }
		if err := json.Unmarshal(raw, &key); err != nil {
			t.Fatal(err)
		}
		out = append(out, jsonKeys(t, key.Key)...)
	}
	return out
}

// at is the value at a dotted path of member names and array indexes ("" is the whole).
func at(t *testing.T, raw json.RawMessage, path string) json.RawMessage {
	t.Helper()
	if path == "" {
		return raw
	}
	for _, step := range strings.Split(path, ".") {
		if i, err := strconv.Atoi(step); err == nil {
			var a []json.RawMessage
			if err := json.Unmarshal(raw, &a); err != nil || i >= len(a) {
				t.Fatalf("%q: no element %d (%v)", path, i, err)
			}
			raw = a[i]
			continue
		}
		var o map[string]json.RawMessage
		if err := json.Unmarshal(raw, &o); err != nil || o[step] == nil {
			t.Fatalf("%q: no member %q (%v)", path, step, err)
		}
		raw = o[step]
	}
	return raw
}

// skippedDates is rep with rows left out for their dates.
func skippedDates(rep *ScoreReport) *ScoreReport {
	rep.SkippedDates = 4
	return rep
}
