package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// export is a small file whose tallies are counted by hand below.
const export = `id,date,region,plan,score
1,2025-01-05,EMEA,Pro,10
2,2025-01-20,EMEA,Free,6
3,2025-02-02,APAC,Pro,9
4,2025-02-14,APAC,Free,7
5,2025-04-01,EMEA,Pro,
6,2025-04-02,EMEA,Pro,3
7,2025-04-03,APAC,Pro,abc
`

func write(t *testing.T, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// counts renders a grouper as "key: detractors/passives/promoters" lines.
func counts(g *breakdown.Grouper) []string {
	o := g.Overall()
	d, p, pr := o.Categories()
	out := []string{fmt.Sprintf("overall: %d/%d/%d", d, p, pr)}
	for _, grp := range g.Groups() {
		d, p, pr := grp.Tally.Categories()
		out = append(out, fmt.Sprintf("%s: %d/%d/%d", strings.Join(KeyValues(grp.Key), ","), d, p, pr))
	}
	return out
}

func TestGroupingSetsInOnePass(t *testing.T) {
	path := write(t, export)
	// Hand counts (detractors/passives/promoters) of the 5 valid scores
	// (row 5 is blank, row 7 invalid).
	want := [][]string{
		{"overall: 2/1/2", "APAC: 0/1/1", "EMEA: 2/0/1"},
		{"overall: 2/1/2", "2025-Q1: 1/1/2", "2025-Q2: 1/0/0"},
		{"overall: 2/1/2", "Free: 1/1/0", "Pro: 1/0/2"},
		{"overall: 2/1/2"},
	}
	q := Query{Files: []string{path}, Groupings: []Grouping{
		{By: []string{"region"}},
		{Period: period.Quarter},
		{By: []string{"plan"}},
		{},
	}}
	for _, general := range []bool{false, true} {
		q.General = general
		res, err := Run(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Groupings) != len(want) {
			t.Fatalf("general=%v: %d groupings, want %d", general, len(res.Groupings), len(want))
		}
		for i, g := range res.Groupings {
			if got := counts(g); !slices.Equal(got, want[i]) {
				t.Errorf("general=%v grouping %d: got %q, want %q", general, i, got, want[i])
			}
		}
		if st := res.Stats; st.Rows != 7 || st.Valid != 5 || st.Blank != 1 || st.Invalid != 1 {
			t.Errorf("general=%v: stats %+v", general, st)
		}
		if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "1 invalid score skipped (line 8)") {
			t.Errorf("general=%v: warnings %q", general, res.Warnings)
		}
	}
}

func TestRunErrors(t *testing.T) {
	path := write(t, export)
	tests := []struct {
		name string
		q    Query
		kind usererr.Kind
		msg  string
	}{
		{"unknown column", Query{Groupings: []Grouping{{By: []string{"regoin"}}}}, usererr.Usage, `unknown column "regoin"`},
		{"filtered out", Query{Read: survey.Options{Where: []survey.Condition{{Column: "region", Value: "LATAM"}}}}, usererr.Data, "no valid score in 7 rows (0 blank, 0 invalid, 7 filtered out)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Files = []string{path}
			_, err := Run(context.Background(), tt.q)
			if err == nil || usererr.KindOf(err) != tt.kind || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v (kind %d), want kind %d with %q", err, usererr.KindOf(err), tt.kind, tt.msg)
			}
		})
	}
}

// DateIfAny lets a grouping by period through an input without a date
// column: it holds the overall only, and Roles says there is no date.
func TestDateIfAny(t *testing.T) {
	path := write(t, "region,score\nEMEA,10\nAPAC,6\n")
	q := Query{Files: []string{path}, Groupings: []Grouping{{Period: period.Day}}}
	if _, err := Run(context.Background(), q); usererr.KindOf(err) != usererr.Usage {
		t.Fatalf("without DateIfAny: error %v, want a usage error", err)
	}
	q.Read.DateIfAny = true
	res, err := Run(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	g := res.Groupings[0]
	overall := g.Overall()
	if res.Roles.Date != -1 || g.Len() != 0 || overall.N() != 2 {
		t.Errorf("date role %d, %d groups, n %d; want -1, 0, 2", res.Roles.Date, g.Len(), overall.N())
	}
	if !slices.Equal(res.Columns, []string{"region", "score"}) || len(res.Inputs) != 1 || res.Inputs[0].Format != "csv" {
		t.Errorf("columns %q, inputs %+v", res.Columns, res.Inputs)
	}
}

// TestOutlyingDateLine: a mistyped year far into a file that the fast path
// reads in several chunks is named by its line, on both sources, whether
// it is the earliest date or the latest; a blank score on an earlier
// outlying date is not a valid score and is not the one named.
func TestOutlyingDateLine(t *testing.T) {
	const rows = 60000 // about 1.3 MB: several chunks
	for _, tc := range []struct {
		typo string
		line int64
	}{
		{"0205-03-04", 45002},
		{"3025-03-04", 50002},
	} {
		var b strings.Builder
		b.WriteString("date,score,comment\n")
		for i := range rows {
			date := fmt.Sprintf("2025-%02d-%02d", i%12+1, i%28+1)
			score := fmt.Sprint(i % 11)
			switch int64(i) + 2 {
			case 30002: // an outlier without a valid score
				date, score = "0101-01-01", ""
			case tc.line:
				date = tc.typo
			}
			fmt.Fprintf(&b, "%s,%s,some words to make the file longer\n", date, score)
		}
		path := write(t, b.String())
		for _, general := range []bool{false, true} {
			res, err := Run(context.Background(), Query{Files: []string{path}, General: general, Groupings: []Grouping{{Period: period.Day}}})
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = res.FillPeriods(res.Groupings[0].Groups())
			_, trendErr := res.Trend(res.Groupings[0], nps.Options{}, 1)
			want := fmt.Sprintf("%s:%d: 1 response dated %s, far outside", path, tc.line, tc.typo)
			for _, err := range []error{err, trendErr} {
				if err == nil || !strings.HasPrefix(err.Error(), want) {
					t.Errorf("%s general=%v: got %v, want %q...", tc.typo, general, err, want)
				}
				if usererr.KindOf(err) != usererr.Usage {
					t.Errorf("%s general=%v: kind %v, want usage", tc.typo, general, usererr.KindOf(err))
				}
			}
		}
	}
}

// TestDateRangeInTZ: the earliest and latest dates come back in --tz,
// the first of equal dates in input order, on both sources over several
// chunks: 03:00Z on New Year's Day is New Year's Eve five hours west, the
// period named when such a date is refused.
func TestDateRangeInTZ(t *testing.T) {
	const rows = 60000 // about 1.3 MB: several chunks
	var b strings.Builder
	b.WriteString("date,score,comment\n")
	for i := range rows {
		date := fmt.Sprintf("2025-06-%02dT12:%02d:00Z", i%28+1, i%60)
		switch i + 2 {
		case 20002, 40002: // equal earliest dates: the first is the one
			date = "2025-01-01T03:00:00Z"
		case 50002:
			date = "2025-12-31T23:30:15Z"
		}
		fmt.Fprintf(&b, "%s,%d,some words to make the file longer\n", date, i%11)
	}
	path := write(t, b.String())
	west := time.FixedZone("UTC-5", -5*3600)
	for _, general := range []bool{false, true} {
		q := Query{Files: []string{path}, General: general, Groupings: []Grouping{{Period: period.Day}}}
		q.Read.Location = west
		res, err := Run(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			what string
			got  *survey.Response
			line int64
			at   time.Time
		}{
			{"earliest", res.Earliest, 20002, time.Date(2024, 12, 31, 22, 0, 0, 0, west)},
			{"latest", res.Latest, 50002, time.Date(2025, 12, 31, 18, 30, 15, 0, west)},
		} {
			if c.got == nil || c.got.Line != c.line || !c.got.Time.Equal(c.at) || c.got.Time.Location() != west ||
				period.Of(c.got.Time, period.Day) != period.Of(c.at, period.Day) {
				t.Errorf("general=%v %s: %+v; want line %d at %v", general, c.what, c.got, c.line, c.at)
			}
		}
	}
}

// TestInputRows: each input's row count, on both sources, for inputs the
// fast path reads in several chunks (it counted only the rows read while
// detecting the format, 1000 and 0, until it kept rows per input).
func TestInputRows(t *testing.T) {
	var a, b strings.Builder
	a.WriteString("date,score\n")
	for i := range 70000 {
		fmt.Fprintf(&a, "2025-01-%02d,%d\n", i%28+1, i%11)
	}
	b.WriteString("date,score\n")
	for i := range 45000 {
		fmt.Fprintf(&b, "2025-02-%02d,%d\n", i%28+1, i%11)
	}
	files := []string{write(t, a.String()), write(t, b.String()), write(t, "date,score\n")}
	for _, general := range []bool{false, true} {
		res, err := Run(context.Background(), Query{Files: files, General: general, Groupings: []Grouping{{Period: period.Month}}})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, in := range res.Inputs {
			got = append(got, in.Rows)
		}
		if want := []int64{70000, 45000, 0}; !slices.Equal(got, want) {
			t.Errorf("general=%v: rows per input %v, want %v", general, got, want)
		}
	}
}
