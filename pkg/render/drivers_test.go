package render

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/drivers"
)

func driversFixture(periods bool) *DriversReport {
	rep := &DriversReport{Overall: result(60, 20, 20, 5, false), Confidence: 0.95, Drivers: []drivers.Driver{
		{Column: "region", Value: "LATAM", Result: result(10, 10, 20, 15, false), Share: 0.4, RestNPS: 50, Gap: -75, GapLow: -90, GapHigh: -60, PValue: 0.0001, PAdjusted: 0.0002, Significant: true, Impact: 30},
		{Column: "plan", Value: "", Result: result(50, 10, 0, 9, false), Share: 0.6, RestNPS: -25, Gap: 108.3, GapLow: 90, GapHigh: 120, PValue: 0.02, PAdjusted: 0.02, Significant: true, Impact: -65},
	}}
	if periods {
		rep.Periods = []string{"2025-Q1", "2025-Q2"}
		for i := range rep.Drivers {
			rep.Drivers[i].Change = &drivers.Change{PrevGap: -10, LastGap: -40, Diff: -30, Low: -50, High: -10, Changed: true}
		}
	}
	return rep
}

func TestDriversFields(t *testing.T) {
	// SPEC §6, written out here.
	spec := []string{"column", "value", "n", "share", "nps", "ci_low", "ci_high", "rest_nps", "gap", "gap_ci_low", "gap_ci_high", "p_value", "p_adjusted", "significant", "impact"}
	change := []string{"prev_gap", "last_gap", "gap_change", "gap_change_ci_low", "gap_change_ci_high", "gap_changed"}
	for _, periods := range []bool{false, true} {
		m := Drivers(driversFixture(periods))
		want := spec
		if periods {
			want = slices.Concat(spec, change)
		}
		rows := readCSV(t, bytes.NewReader(write(t, CSV, m)), CSV)
		if !slices.Equal(rows[0], want) || len(rows) != 3 {
			t.Errorf("periods=%v: header %v, %d rows", periods, rows[0], len(rows))
		}
		if rows[1][0] != "region" || rows[1][14] != "30" || rows[2][1] != "" {
			t.Errorf("rows %v", rows[1:])
		}
		top := []string{"overall", "drivers"}
		if periods {
			top = []string{"overall", "periods", "drivers"}
		}
		doc := write(t, JSON, m)
		if got := names(t, doc); !slices.Equal(got, top) {
			t.Errorf("JSON keys %v, want %v", got, top)
		}
		if got := names(t, at(t, doc, "drivers.0")); !slices.Equal(got, want) {
			t.Errorf("driver keys %v", got)
		}
	}
}

func TestDriversTable(t *testing.T) {
	out := string(write(t, Table, Drivers(driversFixture(true))))
	for _, want := range []string{"LATAM", "(blank)", "▼ drag", "▲ lift", "-30.0 *", "gap in 2025-Q2 less the gap in 2025-Q1", "+30.0", "<0.001"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

// TestDriversEachMatchesDrivers writes the same drivers held and yielded
// one at a time (compare --by email yields them), in every format: the
// output must not change, the count of rows in the table's note included.
func TestDriversEachMatchesDrivers(t *testing.T) {
	for _, periods := range []bool{false, true} {
		held := driversFixture(periods)
		each := *held
		each.Each, each.N, each.Drivers = slices.Values(held.Drivers), len(held.Drivers), nil
		for f := range formats {
			if Format(f) == SVG || Format(f) == Tally {
				continue
			}
			var a, b bytes.Buffer
			errA, errB := Write(&a, Format(f), Drivers(held), Style{}), Write(&b, Format(f), Drivers(&each), Style{})
			if errA != nil || errB != nil {
				t.Fatalf("%v: errors %v, %v", Format(f), errA, errB)
			}
			if a.Len() == 0 || a.String() != b.String() {
				t.Errorf("periods=%v, %v: held drivers write\n%s\nEach writes\n%s", periods, Format(f), a.String(), b.String())
			}
			if Format(f) == Table && !strings.Contains(a.String(), "across all 2 rows") {
				t.Errorf("no row count in\n%s", a.String())
			}
		}
	}
}
