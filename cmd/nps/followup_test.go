package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFollowupFastMatchesGeneral: followup gives the same bytes, warnings
// and status when every core reads the rows as when the general reader
// does, in order: on every sample export and the odd ones, from files and
// stdin; on an export of many chunks where thousands of responses of one
// respondent share a date (the later in the input wins, whichever worker
// read it); and on one whose dates settle day-first far in, so that the
// parallel pass is dropped and the rows read again in order.
func TestFollowupFastMatchesGeneral(t *testing.T) {
	files, dir := oddFiles(t)
	flagSets := [][]string{
		nil,
		{"--id-col", "region"},
		{"--only", "detractors", "-f", "jsonl"},
		{"-f", "json", "--due", "detractors=1d"},
		{"-f", "tsv", "--id-col", "region", "--where", "region!=EMEA"},
		{"--latest-per", "region"},
	}
	for _, flags := range flagSets {
		for _, f := range files {
			samePaths(t, nil, append([]string{"followup", f}, flags...)...)
		}
		samePaths(t, []byte(oddExports["ragged.csv"]), append([]string{"followup"}, flags...)...)
		samePaths(t, nil, append([]string{"followup", "../../testdata/responses.csv", filepath.Join(dir, "ragged.csv"), filepath.Join(dir, "header.csv"), files[len(files)-1]}, flags...)...)
	}

	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, export(150000), 0o644); err != nil {
		t.Fatal(err)
	}
	lateFile := filepath.Join(dir, "late.csv")
	if err := os.WriteFile(lateFile, lateExport(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{big, "--id-col", "region"},
		{big, "--id-col", "region", "--only", "promoters", "-f", "jsonl"},
		{big},
		{lateFile},
		{lateFile, "--id-col", "region", "--since", "2025-02-01"},
		{lateFile, "--latest-per", "region"},
	} {
		samePaths(t, nil, append([]string{"followup"}, args...)...)
	}
	// Responses of one date: the later in the input wins, and a later
	// file is later whatever its line.
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	os.WriteFile(a, []byte("id,date,score,note\nx,2025-03-01,1,a2\nx,2025-03-01,2,a3\nx,2025-03-01,3,a4\ny,2025-03-02,9,a5\n"), 0o644)
	os.WriteFile(b, []byte("id,date,score,note\nx,2025-03-01,8,b2\ny,2025-03-01,10,b3\n"), 0o644)
	for _, slow := range []bool{false, true} {
		r := runClassifyPath(nil, slow, "followup", a, b, "-f", "tsv")
		want := "respondent\tcategory\tscore\tdate\tdue\taction\tcomment\tnote\n" +
			"x\tpassive\t8\t2025-03-01\t2025-03-08\tAsk what would make it a 10; close the feedback loop\t\tb2\n" +
			"y\tpromoter\t9\t2025-03-02\t2025-03-16\tThank personally; ask for a review or referral, no hard sell\t\ta5\n"
		if r.code != 0 || r.out != want {
			t.Errorf("slow %v: status %d\n%s\nwant\n%s%s", slow, r.code, r.out, want, r.stderr)
		}
	}
	if r := runClassifyPath(nil, false, "followup", big); r.code != 0 || strings.Count(r.out, "\n") < 100000 {
		t.Fatalf("status %d, %d lines: %s", r.code, strings.Count(r.out, "\n"), r.stderr)
	}
}

// TestDayText: the remembered day is written as Format writes each time,
// through days, zones, a clock change and the zero time.
func TestDayText(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	east := time.FixedZone("east", 14*3600)
	var times []time.Time
	for h := range 24 * 3 {
		at := time.Date(2025, 11, 1, 0, 30, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour) // New York falls back on 2 November
		times = append(times, at, at.In(ny), at.In(east), at.In(ny))
	}
	times = append(times, time.Time{}, time.Date(1, 1, 1, 0, 0, 0, 0, east))
	var dt dayText
	for _, at := range times {
		if got, want := dt.of(at), at.Format("2006-01-02"); got != want {
			t.Fatalf("%v: %s, want %s", at, got, want)
		}
	}
}
