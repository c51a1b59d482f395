package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

var classifyHeader = []string{"id", "score", "comment", "category"}

var classifyRows = [][]string{
	{"1", "10", "=HYPERLINK(\"http://evil\")", "promoter"},
	{"2", "-3", "café, \"quoted\"\nnext line", "detractor"},
	{"3", "", "", "passive"},
}

func TestRowWriterCSV(t *testing.T) {
	for _, f := range []Format{CSV, TSV} {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			rw, err := NewRowWriter(&buf, f, []string{"@id", "score", "comment", "category"}, Style{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range classifyRows {
				if err := rw.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := rw.Flush(); err != nil {
				t.Fatal(err)
			}
			recs := readCSV(t, &buf, f)
			if recs[0][0] != "'@id" {
				t.Errorf("header cell %q not neutralised", recs[0][0])
			}
			if recs[1][2] != `'=HYPERLINK("http://evil")` {
				t.Errorf("formula cell %q", recs[1][2])
			}
			if recs[2][1] != "-3" || recs[2][2] != classifyRows[1][2] {
				t.Errorf("row 2 = %q", recs[2])
			}
			if len(recs) != 4 {
				t.Errorf("%d records", len(recs))
			}
		})
	}
}

func TestRowWriterStreams(t *testing.T) {
	// CSV and JSON Lines write rows before Flush (they may be huge).
	for _, f := range []Format{CSV, JSONL, JSON} {
		var buf bytes.Buffer
		rw, _ := NewRowWriter(&buf, f, classifyHeader, Style{})
		for range 2000 {
			if err := rw.Write(classifyRows[0]); err != nil {
				t.Fatal(err)
			}
		}
		if buf.Len() == 0 {
			t.Errorf("%v: nothing written before Flush", f)
		}
		if err := rw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRowWriterJSONL(t *testing.T) {
	var buf bytes.Buffer
	rw, _ := NewRowWriter(&buf, JSONL, classifyHeader, Style{})
	for _, r := range classifyRows {
		if err := rw.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := rw.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(classifyRows) {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines {
		var m map[string]string
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		for j, h := range classifyHeader {
			if m[h] != classifyRows[i][j] {
				t.Errorf("line %d %s = %q, want %q (verbatim)", i, h, m[h], classifyRows[i][j])
			}
		}
		if got := strings.Join(jsonKeys(t, json.RawMessage(l)), ","); got != strings.Join(classifyHeader, ",") {
			t.Errorf("key order %s", got)
		}
	}
}

func TestRowWriterJSON(t *testing.T) {
	for _, n := range []int{0, 1, 3} {
		var buf bytes.Buffer
		rw, _ := NewRowWriter(&buf, JSON, []string{"id", "id", "x"}, Style{})
		for i := range n {
			if err := rw.Write([]string{"1", "2", classifyRows[i][2]}); err != nil {
				t.Fatal(err)
			}
		}
		if err := rw.Flush(); err != nil {
			t.Fatal(err)
		}
		var got []map[string]string
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("%d rows: %v\n%s", n, err, buf.String())
		}
		if len(got) != n {
			t.Errorf("%d objects, want %d", len(got), n)
		}
		if n > 0 && (got[0]["id"] != "1" || got[0]["id_2"] != "2") {
			t.Errorf("duplicate header not kept apart: %v", got[0])
		}
		if !strings.HasSuffix(buf.String(), "]\n") {
			t.Errorf("no trailing newline:\n%s", buf.String())
		}
		if err := rw.Write([]string{"1"}); !errors.Is(err, errFlushed) {
			t.Errorf("write after Flush: %v", err)
		}
	}
}

func TestRowWriterShortAndLongRows(t *testing.T) {
	for _, f := range []Format{Table, Markdown, CSV, TSV, JSON, JSONL} {
		var buf bytes.Buffer
		rw, _ := NewRowWriter(&buf, f, classifyHeader, Style{})
		if err := rw.Write([]string{"1"}); err != nil {
			t.Errorf("%v: short row: %v", f, err)
		}
		if err := rw.Write([]string{"1", "2", "3", "4", "5"}); err == nil {
			t.Errorf("%v: long row accepted", f)
		}
		if err := rw.Flush(); err != nil {
			t.Error(err)
		}
	}
}

func TestRowWriterTableGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    Format
	}{{"classify.txt", Table}, {"classify.md", Markdown}} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			rw, _ := NewRowWriter(&buf, tt.f, classifyHeader, Style{})
			for _, r := range classifyRows {
				if err := rw.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if buf.Len() != 0 {
				t.Error("table output before Flush")
			}
			if err := rw.Flush(); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, buf.Bytes())
		})
	}
}

func TestUnknownFormat(t *testing.T) {
	bad := Format(99)
	var buf bytes.Buffer
	if _, err := NewRowWriter(&buf, bad, nil, Style{}); err == nil {
		t.Error("NewRowWriter accepted an unknown format")
	}
	if err := Write(&buf, bad, Score(scoreFixture()), Style{}); err == nil {
		t.Error("Score accepted an unknown format")
	}
	if err := Write(&buf, bad, Dist(distFixture()), Style{}); err == nil {
		t.Error("Dist accepted an unknown format")
	}
	if err := Write(&buf, bad, Compare(compareFixture()), Style{}); err == nil {
		t.Error("Compare accepted an unknown format")
	}
	if err := Write(&buf, bad, Trend(trendFixture()), Style{}); err == nil {
		t.Error("Trend accepted an unknown format")
	}
}

// TestLineEncoderMatchesRowWriter: a header and rows encoded line by line
// are the bytes the RowWriter writes, short rows padded, in every format
// that has a LineEncoder; the others have none.
func TestLineEncoderMatchesRowWriter(t *testing.T) {
	header := []string{"@id", "score", "comment", "category", "category"}
	rows := append(slices.Clone(classifyRows), []string{"4"}, []string{}, []string{"\t+1", " x", `\.`, "caf\xe9", "\u2028"})
	for _, f := range []Format{CSV, TSV, JSONL} {
		var want bytes.Buffer
		rw, _ := NewRowWriter(&want, f, header, Style{})
		enc, ok := NewLineEncoder(f, header)
		if !ok {
			t.Fatalf("%v: no LineEncoder", f)
		}
		got := enc.Header(nil)
		for _, r := range rows {
			if err := rw.Write(r); err != nil {
				t.Fatal(err)
			}
			var err error
			if got, err = enc.Line(got, r); err != nil {
				t.Fatal(err)
			}
		}
		rw.Flush()
		if string(got) != want.String() {
			t.Errorf("%v:\ngot  %q\nwant %q", f, got, want.String())
		}
		if _, err := enc.Line(nil, make([]string, len(header)+1)); err == nil {
			t.Errorf("%v: a row longer than the header is encoded", f)
		}
	}
	for _, f := range []Format{Table, Markdown, JSON, HTML, SVG, Tally} {
		if _, ok := NewLineEncoder(f, header); ok {
			t.Errorf("%v has a LineEncoder", f)
		}
	}
}
