package reader

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

func TestDates(t *testing.T) {
	content := "id,date,score\n" +
		"1,2025-03-01 10:00,9\n" +
		"2,2025-03-05,\n" +
		"3,not a date,7\n" +
		"4,,8\n" +
		"5,2025-03-31T23:30:00Z,6\n" +
		"6,2025-04-01T00:30:00+02:00,5\n"
	r, rows, err := readString(t, "d.csv", content, survey.Options{NeedDate: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range rows {
		got = append(got, fmt.Sprintf("%s@%d", x.fields[0], x.line))
	}
	if want := []string{"1@2", "2@3", "5@6", "6@7"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v; want %v", got, want)
	}
	if s := r.Stats(); s != (survey.Stats{Rows: 6, Valid: 3, Blank: 1, BadDates: 2}) {
		t.Errorf("stats = %+v", s)
	}
	w := r.Warnings()
	if len(w) != 1 || !strings.HasSuffix(w[0], `d.csv: 2 rows with a missing or unreadable date skipped (lines 4, 5); check column "date", or set --date-format or --date-col`) {
		t.Errorf("warnings = %q", w)
	}

	// Times are in Location; +02:00 is converted.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	r2, err := Open([]string{rows[0].file}, nil, survey.Options{NeedDate: true, Location: ny})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	var times []string
	for {
		resp, err := r2.Next()
		if err != nil {
			break
		}
		times = append(times, resp.Time.Format("2006-01-02T15:04Z07:00"))
	}
	want := []string{"2025-03-01T10:00-05:00", "2025-03-05T00:00-05:00", "2025-03-31T19:30-04:00", "2025-03-31T18:30-04:00"}
	if !reflect.DeepEqual(times, want) {
		t.Errorf("times = %v; want %v", times, want)
	}
}

func TestDateStrict(t *testing.T) {
	_, _, err := readString(t, "d.csv", "date,score\n2025-01-01,9\nyesterday,8\n", survey.Options{NeedDate: true, Strict: true})
	wantUserErr(t, err, usererr.Data, `d.csv:3: unreadable date "yesterday" in column "date"`, "--date-format")
	_, _, err = readString(t, "d.csv", "date,score\n2025-01-01,9\n ,8\n", survey.Options{NeedDate: true, Strict: true})
	wantUserErr(t, err, usererr.Data, `d.csv:3: missing date in column "date"`, "--date-col")
}

func TestSinceUntil(t *testing.T) {
	content := "date,score\n" +
		"2025-02-28 23:59:59,1\n" +
		"2025-03-01 00:00:00,2\n" +
		"2025-03-15,3\n" +
		"2025-03-31 23:59:59,4\n" +
		"2025-04-01 00:00:00,5\n" +
		"2025-03-31T23:30:00-05:00,6\n" // 2025-04-01 04:30 UTC
	day := func(s string) time.Time {
		d, _ := time.Parse("2006-01-02", s)
		return d
	}
	tests := []struct {
		since, until string
		want         []int
	}{
		{"2025-03-01", "2025-03-31", []int{2, 3, 4}},
		{"2025-03-01", "", []int{2, 3, 4, 5, 6}},
		{"", "2025-03-01", []int{1, 2}},
		{"2025-03-15", "2025-03-15", []int{3}},
	}
	for _, tt := range tests {
		opt := survey.Options{}
		if tt.since != "" {
			opt.Since = day(tt.since)
		}
		if tt.until != "" {
			opt.Until = day(tt.until)
		}
		r, rows, err := readString(t, "d.csv", content, opt)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, x := range rows {
			got = append(got, x.score)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s..%s: scores = %v; want %v", tt.since, tt.until, got, tt.want)
		}
		if s := r.Stats(); s.Filtered != int64(6-len(tt.want)) {
			t.Errorf("%s..%s: stats %+v", tt.since, tt.until, s)
		}
	}
	// In another zone the calendar days move.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	_, rows, err := readString(t, "d.csv", content, survey.Options{Since: day("2025-03-31"), Until: day("2025-03-31"), Location: ny})
	if err != nil {
		t.Fatal(err)
	}
	// 2025-03-31 23:59:59 and 2025-04-01 00:00 carry no zone: wall clock in
	// New York; the -05:00 value is 2025-03-31 23:30 in New York (EDT
	// -04:00 -> 2025-04-01 00:30), so it falls out.
	var got []int
	for _, x := range rows {
		got = append(got, x.score)
	}
	if !reflect.DeepEqual(got, []int{4}) {
		t.Errorf("New York: scores = %v; want [4]", got)
	}
	_, _, err = readString(t, "d.csv", content, survey.Options{Since: day("2025-04-01"), Until: day("2025-03-01")})
	wantUserErr(t, err, usererr.Usage, "--since")
}

func TestLatestPer(t *testing.T) {
	content := "email,date,score\n" +
		"a@x,2025-01-01,3\n" + // 2: superseded by line 5
		"b@x,2025-02-01,9\n" + // 3: kept (later blank does not replace a score)
		",2025-01-01,7\n" + // 4: no id: kept
		"a@x,2025-03-01,8\n" + // 5: kept
		"b@x,2025-04-01,\n" + // 6: blank, dropped
		"c@x,2025-01-01,5\n" + // 7: tie with line 8, later row wins
		"c@x,2025-01-01,6\n" + // 8: kept
		"a@x,2025-02-01,10\n" + // 9: older than line 5
		"d@x,2025-01-01,x\n" + // 10: invalid, skipped before latest-per
		",2025-01-02,4\n" // 11: no id: kept
	r, rows, err := readString(t, "l.csv", content, survey.Options{LatestPer: "email", NeedDate: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range rows {
		got = append(got, fmt.Sprintf("%d:%s", x.line, x.fields[2]))
	}
	want := []string{"3:9", "4:7", "5:8", "8:6", "11:4"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v; want %v", got, want)
	}
	if s := r.Stats(); s != (survey.Stats{Rows: 10, Valid: 5, Invalid: 1, Filtered: 4}) {
		t.Errorf("stats = %+v", s)
	}
	// Blank-only id keeps its latest blank.
	_, rows, err = readString(t, "m.csv", "id,date,score\n1,2025-01-02,\n1,2025-01-01,\n", survey.Options{LatestPer: "id"})
	if err != nil || len(rows) != 1 || rows[0].line != 2 || rows[0].status != survey.Blank {
		t.Fatalf("rows %v err %v", rows, err)
	}
}

// More rows than the date sample: the sample is replayed in order, then the
// stream continues; a day-first value late in the sample settles the order.
func TestDateSampleReplay(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,score\n")
	n := sampleSize + 500
	for i := 0; i < n; i++ {
		d := "03/04/2025"
		if i == sampleSize-1 {
			d = "25/04/2025" // only day-first can read this
		}
		fmt.Fprintf(&b, "%s,%d\n", d, i%11)
	}
	r, rows, err := readString(t, "s.csv", b.String(), survey.Options{NeedDate: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n {
		t.Fatalf("%d rows; want %d", len(rows), n)
	}
	for i, x := range rows {
		if x.line != int64(i+2) || x.score != i%11 {
			t.Fatalf("row %d = %v", i, x)
		}
	}
	r2, err := Open([]string{rows[0].file}, nil, survey.Options{NeedDate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	resp, err := r2.Next()
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Time.Format("2006-01-02"); got != "2025-04-03" {
		t.Errorf("first date = %s; want 2025-04-03 (day-first)", got)
	}
	if w := r.Warnings(); len(w) != 0 {
		t.Errorf("warnings = %q", w)
	}
	// Ambiguous only: month-first with a warning naming the column.
	r3, _, err := readString(t, "a.csv", "when,score\n03/04/2025,9\n", survey.Options{NeedDate: true, DateCol: "when"})
	if err != nil {
		t.Fatal(err)
	}
	if w := r3.Warnings(); len(w) != 1 || !strings.HasPrefix(w[0], `date column "when": `) {
		t.Errorf("warnings = %q", w)
	}
}
