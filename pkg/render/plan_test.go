package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/nps"
)

func planReport() *PlanReport {
	// Results built by hand: EMEA n 10, NPS 40, interval 0 to 80 (half-width
	// 40), 246 needed; APAC n 400, half-width 7.5, 300 needed.
	emea := nps.Result{N: 10, NPS: 40, CILow: 0, CIHigh: 80}
	apac := nps.Result{N: 400, NPS: -12.5, CILow: -20, CIHigh: -5}
	return &PlanReport{
		KeyNames:   []string{"region"},
		Margin:     10,
		Confidence: 0.95,
		Overall:    PlanRow{Result: nps.Result{N: 410, NPS: -11, CILow: -18, CIHigh: -4}, NeededN: 320},
		Groups: []PlanRow{
			{Key: []string{"=EMEA"}, Result: emea, NeededN: 246},
			{Key: []string{"APAC"}, Result: apac, NeededN: 300},
		},
	}
}

func TestPlanCSV(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, CSV, Plan(planReport()), Style{}); err != nil {
		t.Fatal(err)
	}
	got := readCSV(t, &b, CSV)
	want := [][]string{
		{"region", "n", "nps", "current_margin", "needed_n", "more_needed"},
		{"'=EMEA", "10", "40", "40", "246", "236"},  // formula neutralised; 246 - 10 more
		{"APAC", "400", "-12.5", "7.5", "300", "0"}, // already enough: 0 more, never negative
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

func TestPlanJSON(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, JSON, Plan(planReport()), Style{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Margin  float64 `json:"margin"`
		Overall struct {
			N          int64 `json:"n"`
			NeededN    int64 `json:"needed_n"`
			MoreNeeded int64 `json:"more_needed"`
		} `json:"overall"`
		Groups []struct {
			Key           map[string]string `json:"key"`
			CurrentMargin float64           `json:"current_margin"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if doc.Margin != 10 || doc.Overall.N != 410 || doc.Overall.NeededN != 320 || doc.Overall.MoreNeeded != 0 {
		t.Errorf("overall: %+v", doc)
	}
	if len(doc.Groups) != 2 || doc.Groups[0].Key["region"] != "=EMEA" || doc.Groups[1].CurrentMargin != 7.5 {
		t.Errorf("groups: %+v", doc.Groups)
	}
}

func TestPlanTable(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, Table, Plan(planReport()), Style{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"n for ±10.0", "=EMEA", "Overall", "246", "236", "95% interval"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
