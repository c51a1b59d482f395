package reader

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/survey"
)

func TestDetectLayout(t *testing.T) {
	tests := []struct {
		name   string
		rows   [][]string
		vendor string
		hr     int
		names  []string
		hints  map[int]int // column -> score hint
		zones  map[int]string
	}{
		{"qualtrics", [][]string{
			{"StartDate", "Q1", "Q1_NPS_GROUP", "Progress"},
			{"Start Date", "How likely...", "How likely... - Group", "Progress"},
			{`{"ImportId":"startDate","timeZone":"Europe/Berlin"}`, `{"ImportId":"QID1"}`, `{"ImportId":"QID1_NPS_GROUP"}`, `{"ImportId":"progress"}`},
		}, "qualtrics", 3, []string{"StartDate", "Q1", "Q1_NPS_GROUP", "Progress"}, map[int]int{1: rankNPSSibling}, map[int]string{0: "Europe/Berlin"}},
		// The group is found by ImportId even when the tags were renamed.
		{"qualtrics renamed tags", [][]string{
			{"NPS", "NPSgrp"}, {"q", "q"}, {`{"ImportId":"QID7"}`, `{"ImportId":"QID7_NPS_GROUP"}`},
		}, "qualtrics", 3, []string{"NPS", "NPSgrp"}, map[int]int{0: rankNPSSibling}, nil},
		{"qualtrics legacy", [][]string{
			{"V1", "V2", "Q1", "Q1_NPS_GROUP", ""},
			{"ResponseID", "StartDate", "How likely?", "How likely?-Group", ""},
			{"R1", "2024-01-01", "9", "3", ""},
		}, "qualtrics-legacy", 2, []string{"ResponseID", "StartDate", "Q1", "Q1_NPS_GROUP", ""}, map[int]int{2: rankNPSSibling}, nil},
		{"surveymonkey", [][]string{
			{"Respondent ID", "How likely?", "Features", "", "Why?"},
			{"", "Response", "Reports", "Other (please specify)", "Open-Ended Response"},
			{"1", "Extremely likely - 10", "Reports", "", "x"},
		}, "surveymonkey", 2, []string{"Respondent ID", "How likely?", "Features - Reports", "Features - Other (please specify)", "Why?"}, nil, nil},
		{"typeform", [][]string{
			{"#", "How <strong>likely</strong> &amp; why?", "Submit Date (UTC)"},
			{"x1", "9", "2025-01-01 00:00:00"},
		}, "typeform", 1, []string{"#", "How likely & why?", "Submit Date (UTC)"}, nil, map[int]string{2: "UTC"}},
		{"google forms", [][]string{{"Timestamp", "Score"}, {"2025/01/01 1:00:00 AM GMT+1", "9"}}, "google-forms", 1, []string{"Timestamp", "Score"}, nil, nil},
		{"microsoft forms", [][]string{{"ID", "Start time", "Completion time", "Q"}}, "microsoft-forms", 1, []string{"ID", "Start time", "Completion time", "Q"}, nil, nil},
		// A plain file whose second row says "Response" in column 1 is not
		// SurveyMonkey: its first cell is not blank.
		{"plain", [][]string{{"id", "answer"}, {"1", "Response"}}, "", 1, []string{"id", "answer"}, nil, nil},
		{"empty", nil, "", 1, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := detectLayout(tt.rows)
			if l.vendor != tt.vendor || l.headerRows != tt.hr || !reflect.DeepEqual(l.names, tt.names) {
				t.Fatalf("got %q %d %q; want %q %d %q", l.vendor, l.headerRows, l.names, tt.vendor, tt.hr, tt.names)
			}
			for i, m := range l.meta {
				if m.hint != tt.hints[i] {
					t.Errorf("column %d hint %d, want %d", i, m.hint, tt.hints[i])
				}
				if m.zone != tt.zones[i] {
					t.Errorf("column %d zone %q, want %q", i, m.zone, tt.zones[i])
				}
			}
		})
	}
}

func TestRolesFromQuestions(t *testing.T) {
	cols := []string{"Q1", "Q2", "Q3", "Progress"}
	meta := []colMeta{
		{question: "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"},
		{question: "Warum?"},
		{question: "Datum"},
		{question: "How likely are you to recommend us? (progress)"},
	}
	ro, err := detectRoles(cols, meta, nil, &survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ro.Score != 0 || ro.Comment != 1 || ro.Date != 2 {
		t.Errorf("roles = %+v; want score 0, comment 1, date 2", ro)
	}
}

// TestTypeformAnswers: answers become columns named by ref, values by type.
func TestTypeformAnswers(t *testing.T) {
	raw := `{"submitted_at":"2025-01-01T00:00:00Z","answers":[
		{"field":{"id":"a","type":"nps","ref":"nps"},"type":"number","number":9},
		{"field":{"id":"b","type":"multiple_choice","ref":"plan"},"type":"choice","choice":{"label":"Pro"}},
		{"field":{"id":"c","type":"multiple_choice"},"type":"choices","choices":{"labels":["A","B"],"other":"C"}},
		{"field":{"id":"d","type":"yes_no","ref":"ok"},"type":"boolean","boolean":true}]}`
	got := flatten([]byte(raw), nil)
	want := []kv{{k: "submitted_at", v: "2025-01-01T00:00:00Z"}, {k: "nps", v: "9"}, {k: "plan", v: "Pro"}, {k: "c", v: "A, B, C"}, {k: "ok", v: "true"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("flatten = %q\nwant %q", got, want)
	}
	// Not Typeform answers: kept as JSON text.
	got = flatten([]byte(`{"answers":[1,2]}`), nil)
	if !reflect.DeepEqual(got, []kv{{k: "answers", v: "[1,2]"}}) {
		t.Errorf("flatten = %q", got)
	}
}

// exportSeeds returns the fixtures of testdata/exports with the given
// extensions, for fuzz corpora.
func exportSeeds(t testing.TB, exts ...string) [][]byte {
	var out [][]byte
	ents, _ := os.ReadDir("../../testdata/exports")
	for _, e := range ents {
		for _, x := range exts {
			if strings.HasSuffix(e.Name(), x) {
				b, err := os.ReadFile(filepath.Join("../../testdata/exports", e.Name()))
				if err == nil {
					out = append(out, b)
				}
			}
		}
	}
	return out
}

// FuzzDetect: format, encoding, delimiter and layout detection on any
// bytes must end in a usable reader or a user error, never a panic.
func FuzzDetect(f *testing.F) {
	for _, b := range exportSeeds(f, ".csv", ".tsv", ".txt", ".json") {
		f.Add(b)
	}
	f.Add([]byte("V1,V2,Q1\nResponseID,x,How likely?\nR1,a,9\n"))
	f.Add([]byte(",Response\n,\n1,2\n"))
	f.Add([]byte("\xef\xbb\xbfa;b\n1;2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		checkRead(t, data, survey.Options{})
		checkRead(t, data, survey.Options{HeaderRows: 2})
		if bytes.HasPrefix(data, []byte("PK")) {
			return
		}
		_, _ = Inspect(nil, bytes.NewReader(data), survey.Options{})
		recs := [][]string{}
		for _, line := range strings.SplitN(string(data), "\n", 4) {
			recs = append(recs, strings.Split(line, ","))
		}
		l := detectLayout(recs)
		if len(l.names) != len(l.meta) {
			t.Fatalf("layout names %d, meta %d", len(l.names), len(l.meta))
		}
	})
}

// FuzzXLSX: the xlsx decoder on mutated workbooks.
func FuzzXLSX(f *testing.F) {
	for _, b := range exportSeeds(f, ".xlsx") {
		f.Add(b)
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<17 {
			return
		}
		checkRead(t, data, survey.Options{InputFormat: "xlsx"})
	})
}

// FuzzTypeform: Typeform answers and Delighted-like objects through the
// JSON decoder.
func FuzzTypeform(f *testing.F) {
	for _, b := range exportSeeds(f, ".json") {
		f.Add(b)
	}
	f.Add([]byte(`{"items":[{"answers":[{"field":{"ref":"x","type":"nps"},"type":"number","number":9}]}]}`))
	f.Add([]byte(`[{"answers":[{"field":{"id":"x"},"type":"choice","choice":{"label":null}}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		checkRead(t, data, survey.Options{InputFormat: "json"})
		if json := flatten(data, nil); len(json) > len(data) {
			t.Fatalf("flatten made %d pairs from %d bytes", len(json), len(data))
		}
	})
}
