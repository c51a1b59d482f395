package breakdown

import (
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/period"
)

// spanGroups makes one group per label ("2025-03-07*4" is four responses
// in that period), with segment seg.
func spanGroups(t *testing.T, u period.Unit, seg string, labels ...string) []Group {
	t.Helper()
	var gs []Group
	for _, l := range labels {
		label, n := l, 1
		if i := strings.IndexByte(l, '*'); i >= 0 {
			label = l[:i]
			n = int(l[i+1] - '0')
		}
		scores := make([]int, n)
		gs = append(gs, Group{Key: Key{[]string{seg}, mustPeriod(t, u, label)}, Tally: tallyOf(scores...)})
	}
	return gs
}

func labels(ps []period.Period) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Label())
	}
	return strings.Join(s, " ")
}

func TestOutliers(t *testing.T) {
	tests := []struct {
		name   string
		unit   period.Unit
		groups []string
		want   string
	}{
		{"a mistyped year before", period.Day, []string{"0205-03-07", "2025-01-02*3", "2025-02-10*2", "2025-03-31"}, "0205-03-07"},
		{"a mistyped year after", period.Month, []string{"2025-01*5", "2025-03*2", "2205-03"}, "2205-03"},
		{"one each side", period.Day, []string{"0205-03-07", "2025-01-02*3", "2025-02-10*2", "2502-01-01"}, "0205-03-07 2502-01-01"},
		{"two outliers together", period.Year, []string{"1025*2", "2024*5", "2025*5"}, "1025"},
		{"by year, even a short one", period.Year, []string{"2025*9", "2052"}, "2052"},
		{"spread out data has none", period.Year, []string{"0001", "2000", "4000", "6000", "9999"}, ""},
		{"years of steady data", period.Month, []string{"2015-01*3", "2018-06*3", "2021-01*3", "2025-12*3"}, ""},
		{"within a year is never far", period.Day, []string{"2025-01-01*9", "2025-01-02*9", "2025-12-01"}, ""},
		{"not ten times the bulk", period.Day, []string{"2023-01-01*9", "2024-12-31*9", "2030-01-01"}, ""},
		{"as many responses on each side", period.Day, []string{"0205-01-01*2", "2025-01-01*2"}, ""},
		{"a single period", period.Week, []string{"2025-W10*3"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Two segments, to check that periods add up across them.
			gs := spanGroups(t, tt.unit, "a", tt.groups...)
			gs = append(gs, spanGroups(t, tt.unit, "b", tt.groups[len(tt.groups)-1])...)
			if tt.name == "as many responses on each side" {
				gs = spanGroups(t, tt.unit, "a", tt.groups...)
			}
			if got := labels(Outliers(gs)); got != tt.want {
				t.Errorf("Outliers = %q, want %q", got, tt.want)
			}
		})
	}
	if got := Outliers([]Group{{Key: Key{Segments: []string{"x"}}, Tally: tallyOf(9)}}); got != nil {
		t.Errorf("without periods: %v", got)
	}
}

func TestFillPeriodsRefuses(t *testing.T) {
	tests := []struct {
		name   string
		unit   period.Unit
		groups []string
		err    string
	}{
		{"a mistyped year", period.Day, []string{"2025-01-02*3", "0205-03-07", "2025-03-31*2"},
			"1 response dated 0205-03-07, far outside the other dates (2025-01-02 to 2025-03-31): the trend would span 664767 days, almost all empty; " +
				"fix the date (a mistyped year?), or leave it out with --since 2025-01-02 --until 2025-03-31"},
		{"by quarter", period.Quarter, []string{"2024-Q4*3", "2025-Q1*4", "2250-Q2*2"},
			"2 responses dated 2250-Q2, far outside the other dates (2024-Q4 to 2025-Q1): the trend would span 903 quarters, almost all empty; " +
				"fix the date (a mistyped year?), or leave it out with --since 2024-10-01 --until 2025-03-31"},
		{"dates over centuries", period.Week, []string{"1700-W01", "1900-W01", "2100-W01"},
			"the dates span 1700-W01 to 2100-W01: 20872 weeks, more than a trend shows (20000); use a longer --period, or narrow the dates with --since and --until"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FillPeriods(spanGroups(t, tt.unit, "a", tt.groups...))
			if err == nil || err.Error() != tt.err {
				t.Fatalf("FillPeriods: %d groups, error %v\nwant %s", len(got), err, tt.err)
			}
		})
	}
	// Just within the cap: filled.
	got := fill(t, spanGroups(t, period.Day, "a", "1970-01-01", "2024-10-03"))
	if len(got) != MaxPeriods {
		t.Errorf("%d periods, want %d", len(got), MaxPeriods)
	}
}

func TestFindOutlying(t *testing.T) {
	tests := []struct {
		name   string
		unit   period.Unit
		groups []string
		want   string // "" for nil
		refuse bool
	}{
		// Two exports: a large one over 13 months and a small one over
		// the 8 months after. The small one's months are outliers by the
		// quartile rule (the bulk is 2 months long), but they stretch the
		// trend from 13 to 21 months, not 4 times: neither a warning nor a
		// refusal.
		{"an export of later months", period.Month,
			[]string{"2024-01*9", "2024-02*9", "2024-03*9", "2025-01", "2025-09*2"}, "", false},
		// Three days and a date a year and a month later (more than a year
		// after the bulk): 399 days, more than 4 times the 3 days of the
		// rest, but not 1,000 days: a warning.
		{"a year ahead, by day", period.Day,
			[]string{"2025-01-06*3", "2025-01-07*3", "2025-01-08*3", "2026-02-08"},
			"1 response dated 2026-02-08, far outside the other dates (2025-01-06 to 2025-01-08): the trend spans 399 days, almost all empty", false},
		// 2052 for 2025, by year: 28 years, more than 10: a refusal.
		{"a year ahead, by year", period.Year, []string{"2025*9", "2052"},
			"1 response dated 2052, far outside the other dates (2025 to 2025): the trend spans 28 years, almost all empty", true},
		{"a mistyped year", period.Day,
			[]string{"2025-01-02*3", "0205-03-07", "2025-03-31*2"},
			"1 response dated 0205-03-07, far outside the other dates (2025-01-02 to 2025-03-31): the trend spans 664767 days, almost all empty", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs := spanGroups(t, tt.unit, "a", tt.groups...)
			o := FindOutlying(gs)
			if got := ""; o != nil {
				got = o.Error()
				if got != tt.want {
					t.Errorf("FindOutlying = %q, want %q", got, tt.want)
				}
			} else if tt.want != "" {
				t.Errorf("FindOutlying = nil, want %q", tt.want)
			}
			_, err := FillPeriods(gs)
			if (err != nil) != tt.refuse {
				t.Errorf("FillPeriods error %v, want a refusal: %v", err, tt.refuse)
			}
		})
	}
}
