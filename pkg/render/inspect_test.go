package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/survey"
)

func inspectFixture() *survey.Report {
	return &survey.Report{
		Inputs: []survey.Input{{Name: "-", Format: "csv", Gzip: true, Vendor: "qualtrics", Encoding: "utf-8 (BOM)",
			Delimiter: "\t", HeaderRows: 3, Rows: 4}},
		Columns: []survey.ColumnReport{
			{Name: "Q1", Question: "How likely?", Role: "score", Filled: 3, Empty: 1, Samples: []string{"9", "10"}},
			{Name: "RecordedDate", Role: "date", Zone: "America/Denver", Filled: 4, Samples: []string{"2025-01-02 10:00:00"}},
			{Name: "team <a&b>", Filled: 2, Empty: 2, Samples: []string{"R&D", "=x\x1b[2J"}},
		},
		ScoreCol: "Q1", Rows: 4, Valid: 3, Blank: 1, Scale: "0-10",
		DateCol: "RecordedDate", DateZone: "UTC",
		DateFirst: time.Date(2025, 1, 2, 17, 0, 0, 0, time.UTC), DateLast: time.Date(2025, 1, 3, 9, 30, 0, 0, time.UTC),
	}
}

func TestInspectFormats(t *testing.T) {
	tests := []struct {
		f    Format
		want []string // in the output, in order
		not  []string
	}{
		{Table, []string{
			" detected ", " file ", "stdin", " format ", "csv (gzip)", " layout ", "Qualtrics", " delimiter ", "tab",
			" header rows ", "3", " score column ", "Q1", "3 valid, 1 blank, 0 invalid (scale 0-10)",
			" date column ", "RecordedDate (read in UTC)", "2025-01-02T17:00:00Z to 2025-01-03T09:30:00Z",
			"\n\n column ", "date (America/Denver)", "R&D | =x",
		}, []string{"\x1b"}},
		{Markdown, []string{"| detected ", "| layout ", "Qualtrics", "\n\n| column ", `team &lt;a&amp;b&gt;`, `R&amp;D \| =x`}, nil},
		{CSV, []string{"column,role,question,filled,empty,samples\n", "Q1,score,How likely?,3,1,9 | 10\n",
			"RecordedDate,date (America/Denver),,4,0,2025-01-02 10:00:00\n"}, []string{"detected"}},
		{TSV, []string{"column\trole\tquestion\tfilled\tempty\tsamples\n"}, nil},
		{JSONL, []string{`{"column":"Q1","role":"score","question":"How likely?","filled":"3","empty":"1","samples":"9 | 10"}` + "\n"}, nil},
		{JSON, []string{`"inputs": [`, `"file": "-"`, `"layout": "qualtrics"`, `"header_rows": 3`, `"score_column": "Q1"`,
			`"date_zone": "UTC"`, `"date_first": "2025-01-02T17:00:00Z"`, `"name": "team \u003ca\u0026b\u003e"`, `"warnings": []`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.f, Inspect(inspectFixture()), Style{}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			at := 0
			for _, w := range tt.want {
				i := strings.Index(out[at:], w)
				if i < 0 {
					t.Fatalf("%q missing (after byte %d) in\n%s", w, at, out)
				}
				at += i + len(w)
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("%q in\n%s", n, out)
				}
			}
		})
	}
}

func TestInspectJSONWithoutScoreOrDate(t *testing.T) {
	rep := &survey.Report{Inputs: []survey.Input{{Name: "a.csv", Format: "csv"}}, RoleError: "no score column", Scale: "0-10"}
	var buf bytes.Buffer
	if err := Write(&buf, JSON, Inspect(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{"score_column": nil, "date_column": nil, "date_first": nil,
		"score_column_problem": "no score column", "columns": []any{}, "warnings": []any{}} {
		got, ok := doc[k]
		if !ok || !sameJSON(got, want) {
			t.Errorf("%s = %#v (present %v), want %#v", k, got, ok, want)
		}
	}
	if _, ok := doc["date_zone"]; ok {
		t.Error("date_zone without a date column")
	}
	buf.Reset()
	if err := Write(&buf, Table, Inspect(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"none: no score column", "date column   none"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("%q missing in\n%s", want, buf.String())
		}
	}
}

func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
