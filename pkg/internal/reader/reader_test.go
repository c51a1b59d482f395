package reader

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

func TestFormats(t *testing.T) {
	type want struct {
		line   int64
		status survey.Status
		score  int
	}
	tests := []struct {
		name    string
		file    string
		content []byte
		opt     survey.Options
		cols    []string
		format  string
		delim   string
		enc     string
		rows    []want
		fields  [][]string // when set, the fields of each row
	}{
		{name: "csv", file: "a.csv", content: []byte("id,score,comment\n1,9,good\n2,,\n3,0,bad\n"),
			cols: []string{"id", "score", "comment"}, format: "csv", delim: ",", enc: "utf-8",
			rows:   []want{{2, survey.Valid, 9}, {3, survey.Blank, 0}, {4, survey.Valid, 0}},
			fields: [][]string{{"1", "9", "good"}, {"2", "", ""}, {"3", "0", "bad"}}},
		{name: "tsv by extension", file: "a.tsv", content: []byte("id\tscore\n1\t7\n"),
			cols: []string{"id", "score"}, format: "tsv", delim: "\t", enc: "utf-8", rows: []want{{2, survey.Valid, 7}}},
		{name: "tab sniffed in .txt", file: "a.txt", content: []byte("id\tscore\tnote\n1\t7\ta, b\n2\t8\tc\n"),
			cols: []string{"id", "score", "note"}, format: "tsv", delim: "\t", enc: "utf-8", rows: []want{{2, survey.Valid, 7}, {3, survey.Valid, 8}}},
		{name: "semicolon with decimal commas", file: "a.csv", content: []byte("id;score;amount\n1;9;1,5\n2;6;2,5\n"),
			cols: []string{"id", "score", "amount"}, format: "csv", delim: ";", enc: "utf-8", rows: []want{{2, survey.Valid, 9}, {3, survey.Valid, 6}},
			fields: [][]string{{"1", "9", "1,5"}, {"2", "6", "2,5"}}},
		{name: "pipe", file: "data", content: []byte("id|score\n1|10\n"),
			cols: []string{"id", "score"}, format: "csv", delim: "|", enc: "utf-8", rows: []want{{2, survey.Valid, 10}}},
		{name: "delimiter option", file: "a.csv", content: []byte("id,x;score\n1,a;9\n"), opt: survey.Options{Delimiter: ";"},
			cols: []string{"id,x", "score"}, format: "csv", delim: ";", enc: "utf-8", rows: []want{{2, survey.Valid, 9}}},
		{name: "crlf", file: "a.csv", content: []byte("id,score\r\n1,9\r\n2,3\r\n"),
			cols: []string{"id", "score"}, format: "csv", delim: ",", enc: "utf-8", rows: []want{{2, survey.Valid, 9}, {3, survey.Valid, 3}},
			fields: [][]string{{"1", "9"}, {"2", "3"}}},
		{name: "embedded newlines keep line numbers", file: "a.csv",
			content: []byte("id,comment,score\n1,\"two\nlines\",9\n2,\"three\r\nlines\nhere\",8\n3,plain,7\n"),
			cols:    []string{"id", "comment", "score"}, format: "csv", delim: ",", enc: "utf-8",
			rows:   []want{{2, survey.Valid, 9}, {4, survey.Valid, 8}, {7, survey.Valid, 7}},
			fields: [][]string{{"1", "two\nlines", "9"}, {"2", "three\nlines\nhere", "8"}, {"3", "plain", "7"}}},
		{name: "utf-8 bom", file: "a.csv", content: []byte("\xEF\xBB\xBFscore,id\n5,1\n"),
			cols: []string{"score", "id"}, format: "csv", delim: ",", enc: "utf-8 (BOM)", rows: []want{{2, survey.Valid, 5}}},
		{name: "short rows padded, trailing empty field dropped", file: "a.csv", content: []byte("id,score,comment\n1,9\n2,8,ok,\n3\n"),
			cols: []string{"id", "score", "comment"}, format: "csv", delim: ",", enc: "utf-8",
			rows:   []want{{2, survey.Valid, 9}, {3, survey.Valid, 8}, {4, survey.Blank, 0}},
			fields: [][]string{{"1", "9", ""}, {"2", "8", "ok"}, {"3", "", ""}}},
		{name: "blank lines skipped", file: "a.csv", content: []byte("score\n\n9\n\n\n8\n"),
			cols: []string{"score"}, format: "csv", delim: ",", enc: "utf-8", rows: []want{{3, survey.Valid, 9}, {6, survey.Valid, 8}}},
		{name: "header rows 3", file: "a.csv", content: []byte("id,Q1\nResponse ID,How likely...\n\"{\"\"ImportId\"\":\"\"x\"\"}\",{}\n1,9\n2,4\n"),
			opt:  survey.Options{HeaderRows: 3, ScoreCol: "Q1"},
			cols: []string{"id", "Q1"}, format: "csv", delim: ",", enc: "utf-8", rows: []want{{4, survey.Valid, 9}, {5, survey.Valid, 4}}},
		{name: "duplicate and empty headers", file: "a.csv", content: []byte("score,x,,x,x_2\n1,a,b,c,d\n"),
			cols: []string{"score", "x", "column 3", "x_3", "x_2"}, format: "csv", delim: ",", enc: "utf-8", rows: []want{{2, survey.Valid, 1}}},
		{name: "json array", file: "a.json", content: []byte("[\n  {\"id\": 1, \"score\": 9},\n  {\"id\": 2, \"score\": null},\n  {\"id\": 3, \"score\": \"7\", \"extra\": true}\n]\n"),
			cols: []string{"id", "score", "extra"}, format: "json", enc: "utf-8",
			rows:   []want{{2, survey.Valid, 9}, {3, survey.Blank, 0}, {4, survey.Valid, 7}},
			fields: [][]string{{"1", "9", ""}, {"2", "", ""}, {"3", "7", "true"}}},
		{name: "json wrapped under responses", file: "export.json",
			content: []byte("{\n \"total\": 2,\n \"tags\": [\"a\"],\n \"responses\": [\n  {\"score\": 10},\n  {\"score\": 6.0}\n ],\n \"next\": null\n}\n"),
			cols:    []string{"score"}, format: "json", enc: "utf-8", rows: []want{{5, survey.Valid, 10}, {6, survey.Valid, 6}}},
		{name: "json wrapped under items after an empty array", file: "x.json",
			content: []byte(`{"page": {"n": [1, {"a": 2}]}, "empty": [], "items": [{"score": 3}]}`),
			cols:    []string{"score"}, format: "json", enc: "utf-8", rows: []want{{1, survey.Valid, 3}}},
		{name: "json nested flattened", file: "d.json",
			content: []byte(`[{"id":"r1","score":9,"person":{"email":"a@b.c"},"person_properties":{"country":"DE","plan":{"tier":"pro"}},"tags":["x", "y"],"notes":{}}]`),
			cols:    []string{"id", "score", "person.email", "person_properties.country", "person_properties.plan.tier", "tags", "notes"},
			format:  "json", enc: "utf-8", rows: []want{{1, survey.Valid, 9}},
			fields: [][]string{{"r1", "9", "a@b.c", "DE", "pro", `["x","y"]`, ""}}},
		{name: "json sniffed without extension", file: "data", content: []byte(" [{\"score\": 1}]"),
			cols: []string{"score"}, format: "json", enc: "utf-8", rows: []want{{1, survey.Valid, 1}}},
		{name: "json escapes and numbers keep their text", file: "a.json",
			content: []byte(`[{"score": 10.0, "c": "caf\u00e9 \"q\"", "n": 1e2, "big": 12345678901234567890}]`),
			cols:    []string{"score", "c", "n", "big"}, format: "json", enc: "utf-8", rows: []want{{1, survey.Valid, 10}},
			fields: [][]string{{"10.0", `café "q"`, "1e2", "12345678901234567890"}}},
		{name: "single json object", file: "one.json", content: []byte(`{"score": 8, "id": "x"}`),
			cols: []string{"score", "id"}, format: "json", enc: "utf-8", rows: []want{{1, survey.Valid, 8}}},
		{name: "jsonl", file: "a.jsonl", content: []byte("{\"score\": 9, \"p\": {\"c\": \"DE\"}}\n\n{\"score\": \"N/A\"}\r\n  \n{\"score\": 3, \"new\": 1}"),
			cols: []string{"score", "p.c", "new"}, format: "jsonl", enc: "utf-8",
			rows:   []want{{1, survey.Valid, 9}, {3, survey.Blank, 0}, {5, survey.Valid, 3}},
			fields: [][]string{{"9", "DE", ""}, {"N/A", "", ""}, {"3", "", "1"}}},
		{name: "ndjson sniffed", file: "stdin-like", content: []byte("{\"score\": 1}\n{\"score\": 2}\n"),
			cols: []string{"score"}, format: "jsonl", enc: "utf-8", rows: []want{{1, survey.Valid, 1}, {2, survey.Valid, 2}}},
		{name: "ndjson extension", file: "a.ndjson", content: []byte("{\"score\": 1}\n"),
			cols: []string{"score"}, format: "jsonl", enc: "utf-8", rows: []want{{1, survey.Valid, 1}}},
		{name: "input format overrides extension", file: "a.csv", content: []byte("{\"score\": 1}\n"), opt: survey.Options{InputFormat: "jsonl"},
			cols: []string{"score"}, format: "jsonl", enc: "utf-8", rows: []want{{1, survey.Valid, 1}}},
		{name: "utf-16le bom", file: "a.csv", content: utf16Bytes(t, "id,score\r\n1,9\r\n2,\"é\n\"\r\n3,0\r\n", unicode.LittleEndian),
			cols: []string{"id", "score"}, format: "csv", delim: ",", enc: "utf-16le", rows: []want{{2, survey.Valid, 9}, {5, survey.Valid, 0}}},
		{name: "utf-16be bom", file: "a.tsv", content: utf16Bytes(t, "id\tscore\n1\t10\n", unicode.BigEndian),
			cols: []string{"id", "score"}, format: "tsv", delim: "\t", enc: "utf-16be", rows: []want{{2, survey.Valid, 10}}},
		{name: "utf-16le json", file: "a.json", content: utf16Bytes(t, "[{\"score\": 4}]", unicode.LittleEndian),
			cols: []string{"score"}, format: "json", enc: "utf-16le", rows: []want{{1, survey.Valid, 4}}},
		{name: "gzip by extension", file: "a.csv.gz", content: gz(t, []byte("id;score\n1;9\n")),
			cols: []string{"id", "score"}, format: "csv", delim: ";", enc: "utf-8", rows: []want{{2, survey.Valid, 9}}},
		{name: "gzip by magic", file: "export", content: gz(t, []byte("[{\"score\": 2}]")),
			cols: []string{"score"}, format: "json", enc: "utf-8", rows: []want{{1, survey.Valid, 2}}},
		{name: "gzip jsonl by extension", file: "a.jsonl.gz", content: gz(t, []byte("{\"score\": 2}\n{\"score\": 3}\n")),
			cols: []string{"score"}, format: "jsonl", enc: "utf-8", rows: []want{{1, survey.Valid, 2}, {2, survey.Valid, 3}}},
		// Not UTF-8 but text: Excel's legacy "CSV (Comma delimited)" code
		// page. 0xE9 is é, 0xFC ü in Windows-1252.
		{name: "invalid utf-8 is windows-1252", file: "a.csv", content: []byte("score,c\n9,caf\xe9\n\xfc,x\n"),
			cols: []string{"score", "c"}, format: "csv", delim: ",", enc: "windows-1252", rows: []want{{2, survey.Valid, 9}},
			fields: [][]string{{"9", "café"}}},
		{name: "single column", file: "a.csv", content: []byte("score\n9\n"),
			cols: []string{"score"}, format: "csv", delim: ",", enc: "utf-8", rows: []want{{2, survey.Valid, 9}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), tt.file, tt.content)
			r, rows, err := readAll([]string{p}, nil, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.Columns(), tt.cols) {
				t.Errorf("columns = %q; want %q", r.Columns(), tt.cols)
			}
			in := r.Inputs()[0]
			if in.Format != tt.format || in.Delimiter != tt.delim || in.Encoding != tt.enc {
				t.Errorf("detected %s %q %s; want %s %q %s", in.Format, in.Delimiter, in.Encoding, tt.format, tt.delim, tt.enc)
			}
			var got []want
			for _, r := range rows {
				got = append(got, want{r.line, r.status, r.score})
				if r.file != p {
					t.Errorf("file = %q; want %q", r.file, p)
				}
			}
			if !reflect.DeepEqual(got, tt.rows) {
				t.Errorf("rows = %v; want %v", got, tt.rows)
			}
			if tt.fields != nil {
				for i := range rows {
					if i < len(tt.fields) && !reflect.DeepEqual(rows[i].fields, tt.fields[i]) {
						t.Errorf("row %d fields = %q; want %q", i, rows[i].fields, tt.fields[i])
					}
				}
			}
		})
	}
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		in   string
		want rune
	}{
		{"a,b,c\n1,2,3\n", ','},
		{"a;b;c\n1;2,5;3\n4;5,5;6\n", ';'},
		{"a\tb\n1\t2, 3\n", '\t'},
		{"a|b\n1|2\n", '|'},
		{"a,b;c\n1,2;3\n", ','},              // both consistent: more fields wins... equal: priority
		{"a;b;c\n1;2;3\n", ';'},              // only semicolons
		{"\"a;x\",b\n\"1;2\",3\n", ','},      // quoted delimiters do not count
		{"score\n9\n", ','},                  // one column
		{"a;b\n1;2\n3;4;5\n6;7\n", ';'},      // one ragged row
		{"x,y;z;w\n1,2;3;4\n5,6;7;8\n", ';'}, // semicolon has more fields
		{"a,b\n\"multi\nline, with comma\",2\n", ','},
		{"", ','},
	}
	for _, tt := range tests {
		if got := sniffDelimiter([]byte(tt.in), true); got != tt.want {
			t.Errorf("sniffDelimiter(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSniffFormat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"[{}]", "json"},
		{"  \n[", "json"},
		{"{\"a\":1}", "json"},
		{"{\"a\":1}\n{\"a\":2}", "jsonl"},
		{"{\"a\":1}\n\n  {\"a\":2}", "jsonl"},
		{"{\n  \"items\": [\n    {\"a\": 1}\n  ]\n}", "json"},
		{"{\"items\": [\n{\"a\": 1}]}", "json"},
		{"a,b\n1,2", "csv"},
		{"", "csv"},
	}
	for _, tt := range tests {
		if got := sniffFormat([]byte(tt.in)); got != tt.want {
			t.Errorf("sniffFormat(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestMultiFileUnion(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.csv", []byte("id,score,region\n1,9,EMEA\n2,3,NA\n"))
	b := writeFile(t, dir, "b.csv", []byte("score;plan;id\n10;pro;3\n"))
	c := writeFile(t, dir, "c.jsonl", []byte("{\"id\": 4, \"score\": 7, \"region\": \"APAC\", \"x\": {\"y\": 1}}\n"))
	r, rows, err := readAll([]string{a, "-", b, c}, strings.NewReader("region,score\nLATAM,5\n"), survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCols := []string{"id", "score", "region", "plan", "x.y"}
	if !reflect.DeepEqual(r.Columns(), wantCols) {
		t.Fatalf("columns = %q; want %q", r.Columns(), wantCols)
	}
	want := []row{
		{a, 2, survey.Valid, 9, []string{"1", "9", "EMEA", "", ""}},
		{a, 3, survey.Valid, 3, []string{"2", "3", "NA", "", ""}},
		{"-", 2, survey.Valid, 5, []string{"", "5", "LATAM", "", ""}},
		{b, 2, survey.Valid, 10, []string{"3", "10", "", "pro", ""}},
		{c, 1, survey.Valid, 7, []string{"4", "7", "APAC", "", "1"}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("rows =\n%v\nwant\n%v", rows, want)
	}
	if s := r.Stats(); s != (survey.Stats{Rows: 5, Valid: 5}) {
		t.Errorf("stats = %+v", s)
	}
	if r.Roles().ID != 0 || r.Roles().Score != 1 {
		t.Errorf("roles = %+v", r.Roles())
	}
}

// Column names match across files exactly, else trimmed and case-folded when
// that is unambiguous; within one file "Score" and "score" stay two columns.
func TestMultiFileFoldedNames(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.csv", []byte("Score,Region\n9,EMEA\n"))
	b := writeFile(t, dir, "b.csv", []byte("region ,score\nNA,3\n"))
	r, rows, err := readAll([]string{a, b}, nil, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Score", "Region"}; !reflect.DeepEqual(r.Columns(), want) {
		t.Fatalf("columns = %q; want %q", r.Columns(), want)
	}
	if len(rows) != 2 || rows[1].score != 3 || rows[1].fields[1] != "NA" {
		t.Fatalf("rows = %v", rows)
	}

	c := writeFile(t, dir, "c.csv", []byte("id,Score,score\n1,9,3\n"))
	d := writeFile(t, dir, "d.csv", []byte("SCORE,id\n5,2\n"))
	r, _, err = readAll([]string{c, d}, nil, survey.Options{ScoreCol: "Score"})
	if err != nil {
		t.Fatal(err)
	}
	// SCORE could be Score or score: ambiguous, so it is a column of its own.
	if want := []string{"id", "Score", "score", "SCORE"}; !reflect.DeepEqual(r.Columns(), want) {
		t.Fatalf("columns = %q; want %q", r.Columns(), want)
	}
}

func TestStdin(t *testing.T) {
	for _, paths := range [][]string{nil, {"-"}} {
		r, rows, err := readAll(paths, strings.NewReader("score\n9\n"), survey.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].file != "-" || rows[0].score != 9 || r.Inputs()[0].Name != "-" {
			t.Fatalf("rows = %v", rows)
		}
	}
	// gzip on stdin is found by its magic number.
	_, rows, err := readAll(nil, strings.NewReader(string(gz(t, []byte("score\n4\n")))), survey.Options{})
	if err != nil || len(rows) != 1 || rows[0].score != 4 {
		t.Fatalf("gzip stdin: %v, %v", rows, err)
	}
}

func TestErrors(t *testing.T) {
	trunc := gz(t, []byte(strings.Repeat("score\n9\n", 1000)))
	trunc = trunc[:len(trunc)/2]
	deep := func(s string, n int) string { return strings.Repeat(s, n) }
	tests := []struct {
		name    string
		file    string
		content string
		opt     survey.Options
		kind    usererr.Kind
		parts   []string // the path is prefixed to a part starting with ":"
	}{
		{"empty file", "a.csv", "", survey.Options{}, usererr.Data, []string{": empty file; "}},
		{"only white space", "a.csv", " \n\r\n", survey.Options{}, usererr.Data, []string{": empty file; "}},
		{"empty json", "a.json", "", survey.Options{}, usererr.Data, []string{": empty file"}},
		{"header only", "a.csv", "id,score\n", survey.Options{}, usererr.Data, []string{": no responses"}},
		{"header rows beyond the file", "a.csv", "id,score\nx,y\n", survey.Options{HeaderRows: 3}, usererr.Data, []string{": no responses"}},
		{"too many fields", "a.csv", "id,score\n1,9\n2,8,x\n", survey.Options{}, usererr.Data,
			[]string{":3: row has 3 fields but the header has 2; ", "--delimiter", "--header-rows"}},
		{"unbalanced quote", "a.csv", "id,score\n1,9\n2,\"8\n3,7\n", survey.Options{}, usererr.Data, []string{":3: unbalanced quote"}},
		{"bare quote", "a.csv", "id,score\n1,9\n2,8\"\n", survey.Options{}, usererr.Data, []string{":3: ", `stray "`}},
		{"quote then text", "a.csv", "id,score\n\"1\"x,9\n", survey.Options{}, usererr.Data, []string{":2: unbalanced quote"}},
		{"truncated gzip", "a.csv.gz", string(trunc), survey.Options{}, usererr.Data, []string{": truncated or corrupt gzip data", "again"}},
		{"not gzip", "a.csv.gz", "score\n9\n", survey.Options{}, usererr.Data, []string{": truncated or corrupt gzip data"}},
		{"empty gzip", "a.csv.gz", string(gz(t, nil)), survey.Options{}, usererr.Data, []string{": empty file"}},
		{"invalid json", "a.json", "[\n{\"score\": 1},\n{\"score\": }\n]", survey.Options{}, usererr.Data, []string{":3: invalid JSON"}},
		{"truncated json", "a.json", "[\n{\"score\": 1},\n{\"score\": 2", survey.Options{}, usererr.Data, []string{":3: the JSON ends early"}},
		{"truncated after array", "a.json", "{\"items\": [{\"score\": 1}],\n \"x\": ", survey.Options{}, usererr.Data, []string{":2: the JSON ends early"}},
		{"trailing data", "a.json", "[{\"score\": 1}]\n[]", survey.Options{}, usererr.Data, []string{":2: unexpected data after the end of the JSON"}},
		{"scalar at top", "a.json", "42", survey.Options{}, usererr.Data, []string{":1: the JSON holds a single number"}},
		{"string at top", "a.json", "\"x\"", survey.Options{}, usererr.Data, []string{":1: the JSON holds a single string"}},
		{"array of numbers", "a.json", "[\n1, 2]", survey.Options{}, usererr.Data, []string{":2: expected a response object, found a number"}},
		{"mixed array", "a.json", "[{\"score\": 1},\n\n\"x\"]", survey.Options{}, usererr.Data, []string{":3: expected a response object, found a string"}},
		{"empty array", "a.json", "[]", survey.Options{}, usererr.Data, []string{": no responses"}},
		{"object without array", "a.json", "{\"a\": [1], \"b\": " + strings.Repeat(" ", 70000) + "2}", survey.Options{}, usererr.Data,
			[]string{": no array of responses found"}},
		{"deep arrays", "a.json", deep("[", 100000), survey.Options{}, usererr.Data, []string{":1: invalid JSON", "max depth"}},
		{"deep objects in array", "a.json", "[" + deep(`{"a":`, 100000), survey.Options{}, usererr.Data, []string{":1: invalid JSON", "max depth"}},
		{"deep objects at top", "a.json", deep(`{"a":`, 100000), survey.Options{}, usererr.Data, []string{":1: the JSON ends early"}},
		{"deep braces at top", "a.json", deep("{", 100000), survey.Options{}, usererr.Data, []string{":1: invalid JSON"}},
		{"deep jsonl", "a.jsonl", "{\"score\": 1}\n" + deep("[", 100000) + "\n", survey.Options{}, usererr.Data, []string{":2: invalid JSON"}},
		{"bad jsonl line", "a.jsonl", "{\"score\": 1}\n\n{\"score\": 2\n", survey.Options{}, usererr.Data, []string{":3: invalid JSON"}},
		{"jsonl array line", "a.jsonl", "{\"score\": 1}\n[1]\n", survey.Options{}, usererr.Data, []string{":2: expected a response object, found an array"}},
		{"jsonl two objects on a line", "a.jsonl", "{\"score\": 1} {\"score\": 2}\n", survey.Options{}, usererr.Data, []string{":1: invalid JSON"}},
		{"corrupt xlsx", "a.xlsx", "PK\x03\x04....", survey.Options{}, usererr.Data, []string{": not a readable .xlsx workbook", "export the survey as CSV"}},
		{"no score column", "a.csv", "id,region\n1,x\n", survey.Options{}, usererr.Usage, []string{"no score column found", "--score-col", "columns are: id, region"}},
		{"ambiguous score", "a.csv", "score,rating\n1,2\n", survey.Options{}, usererr.Usage, []string{"score, rating", "--score-col"}},
		{"unknown score col", "a.csv", "score\n1\n", survey.Options{ScoreCol: "nps"}, usererr.Usage, []string{`unknown column "nps"`, "--score-col", "columns are: score"}},
		{"unknown where col", "a.csv", "score\n1\n", survey.Options{Where: []survey.Condition{{Column: "plan", Value: "x"}}}, usererr.Usage,
			[]string{`unknown column "plan"`, "--where", "columns are: score"}},
		{"unknown latest-per col", "a.csv", "score\n1\n", survey.Options{LatestPer: "email"}, usererr.Usage,
			[]string{`unknown column "email"`, "--latest-per"}},
		{"need date without date column", "a.csv", "score\n1\n", survey.Options{NeedDate: true}, usererr.Usage, []string{"no date column found", "--date-col"}},
		{"bad input format", "a.csv", "score\n1\n", survey.Options{InputFormat: "xml"}, usererr.Usage, []string{"--input-format"}},
		{"bad delimiter", "a.csv", "score\n1\n", survey.Options{Delimiter: ";;"}, usererr.Usage, []string{"--delimiter"}},
		{"quote delimiter", "a.csv", "score\n1\n", survey.Options{Delimiter: "\""}, usererr.Usage, []string{"--delimiter"}},
		{"bad encoding", "a.csv", "score\n1\n", survey.Options{Encoding: "klingon-1"}, usererr.Usage, []string{"--encoding"}},
		{"bad scale", "a.csv", "score\n1\n", survey.Options{Scale: 9}, usererr.Usage, []string{"invalid scale 9"}},
		{"negative header rows", "a.csv", "score\n1\n", survey.Options{HeaderRows: -1}, usererr.Usage, []string{"--header-rows"}},
		{"1-11 scale", "a.csv", "score\n1\n11\n5\n11\n", survey.Options{}, usererr.Usage, []string{":3: score 11 found 2 time(s) and no 0", "--scale 1-11"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), tt.file, []byte(tt.content))
			_, _, err := readAll([]string{p}, nil, tt.opt)
			if err == nil {
				t.Fatal("no error")
			}
			parts := append([]string(nil), tt.parts...)
			for i, s := range parts {
				if strings.HasPrefix(s, ":") {
					parts[i] = p + s
				}
			}
			wantUserErr(t, err, tt.kind, parts...)
		})
	}
}

func TestOpenFileErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.csv", []byte("score\n9\n"))
	missing := filepath.Join(dir, "missing.csv")
	_, _, err := readAll([]string{good, missing}, nil, survey.Options{})
	wantUserErr(t, err, usererr.Data, missing+": no such file; check the path")
	_, _, err = readAll([]string{dir}, nil, survey.Options{})
	wantUserErr(t, err, usererr.Data, dir+": is a directory", "*.csv")
	_, _, err = readAll([]string{"-"}, strings.NewReader(""), survey.Options{})
	wantUserErr(t, err, usererr.Data, "stdin: empty file")
	_, _, err = readAll([]string{"-", good, "-"}, strings.NewReader("score\n1\n"), survey.Options{})
	wantUserErr(t, err, usererr.Usage, "standard input (-) is given 2 times")

	// Several files: one header-only file is a warning, all of them an error.
	ho := writeFile(t, dir, "ho.csv", []byte("score,x\n"))
	r, rows, err := readAll([]string{ho, good}, nil, survey.Options{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	if w := r.Warnings(); !reflect.DeepEqual(w, []string{ho + ": no responses (only a header)"}) {
		t.Errorf("warnings = %q", w)
	}
	_, _, err = readAll([]string{ho, ho}, nil, survey.Options{})
	wantUserErr(t, err, usererr.Data, ho+": no responses")
}

func TestTruncatedGzipWhileReading(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,score\n")
	for i := 0; i < 200000; i++ {
		fmt.Fprintf(&b, "%d,%d\n", i, i%11)
	}
	data := gz(t, []byte(b.String()))
	for _, name := range []string{"a.csv.gz", "a.gz"} {
		p := writeFile(t, t.TempDir(), name, data[:len(data)*3/4])
		_, rows, err := readAll([]string{p}, nil, survey.Options{})
		if len(rows) < 10000 {
			t.Errorf("%s: only %d rows before the error", name, len(rows))
		}
		line := fmt.Sprintf(":%d: truncated or corrupt gzip data", rows[len(rows)-1].line+1)
		wantUserErr(t, err, usererr.Data, p+line, "again")
	}
	// JSON Lines too.
	b.Reset()
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&b, "{\"score\": %d}\n", i%11)
	}
	data = gz(t, []byte(b.String()))
	p := writeFile(t, t.TempDir(), "a.jsonl.gz", data[:len(data)/2])
	_, _, err := readAll([]string{p}, nil, survey.Options{})
	wantUserErr(t, err, usererr.Data, p+":", "truncated or corrupt gzip data")
}

// TestTruncatedJSONArray: an array that ends early after the lookahead is
// an error that callers cannot take for the end of the responses
// (errors.Is(err, io.EOF) was true, and the run went on as if the file
// were whole).
func TestTruncatedJSONArray(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := range 1100 {
		fmt.Fprintf(&b, "{\"score\": %d},\n", i%11)
	}
	b.WriteString(`{"score": 1}`)
	p := writeFile(t, t.TempDir(), "a.json", []byte(b.String()))
	_, rows, err := readAll([]string{p}, nil, survey.Options{})
	if len(rows) != 1101 || errors.Is(err, io.EOF) {
		t.Fatalf("%d rows, error %v (is io.EOF: %v)", len(rows), err, errors.Is(err, io.EOF))
	}
	wantUserErr(t, err, usererr.Data, p+":1101: the JSON ends early", "again")
}

func TestParseDelimiter(t *testing.T) {
	tests := []struct {
		in   string
		want rune
		err  bool
	}{
		{"", 0, false}, {",", ',', false}, {";", ';', false}, {"\t", '\t', false}, {`\t`, '\t', false},
		{"tab", '\t', false}, {"TAB", '\t', false}, {"comma", ',', false}, {"semicolon", ';', false}, {"pipe", '|', false},
		{"space", ' ', false}, {"§", '§', false}, {",,", 0, true}, {"\"", 0, true}, {"\n", 0, true}, {"\r", 0, true}, {"\xff", 0, true},
	}
	for _, tt := range tests {
		got, err := parseDelimiter(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("parseDelimiter(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestInvalidScoresWarned(t *testing.T) {
	content := "id,score\n1,9\n2,11\n3,abc\n4,\n5,7.5\n6,-1\n7,12\n8,0\n"
	r, rows, err := readString(t, "r.csv", content, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 { // 9, blank, 0
		t.Fatalf("rows = %v", rows)
	}
	if s := r.Stats(); s != (survey.Stats{Rows: 8, Valid: 2, Blank: 1, Invalid: 5}) {
		t.Errorf("stats = %+v", s)
	}
	w := r.Warnings()
	name := rows[0].file
	want := name + ": 5 invalid scores skipped (lines 3, 4, 6, 7, 8); scores must be whole numbers 0-10 (or use --scale 1-11 if the survey used a 1-11 scale)"
	if len(w) != 1 || w[0] != want {
		t.Errorf("warnings = %q\nwant %q", w, want)
	}

	content = "score\n" + strings.Repeat("x\n", 7) + "3\n"
	r, _, err = readString(t, "s.csv", content, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if w := r.Warnings(); len(w) != 1 || !strings.HasSuffix(w[0], ": 7 invalid scores skipped (lines 2, 3, 4, 5, 6, ...); scores must be whole numbers 0-10") {
		t.Errorf("warnings = %q", w)
	}

	// One invalid score: singular.
	r, _, err = readString(t, "t.csv", "score\nx\n3\n", survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if w := r.Warnings(); len(w) != 1 || !strings.HasSuffix(w[0], "t.csv: 1 invalid score skipped (line 2); scores must be whole numbers 0-10") {
		t.Errorf("warnings = %q", w)
	}
}

func TestStrict(t *testing.T) {
	tests := []struct {
		name, content string
		opt           survey.Options
		parts         []string
	}{
		{"score 11", "id,score\n1,9\n2,\n3,11\n4,abc\n", survey.Options{}, []string{`:4: invalid score "11" in column "score"; scores must be whole numbers 0-10`, "--scale 1-11"}},
		{"score abc", "id,score\n1,9\n4,abc\n", survey.Options{}, []string{`:3: invalid score "abc" in column "score"; scores must be whole numbers 0-10`}},
		{"weight", "score,w\n9,1\n8,-2\n", survey.Options{WeightCol: "w"}, []string{`:3: invalid weight "-2" in column "w"`}},
		{"missing weight", "score,w\n9,1\n8,\n", survey.Options{WeightCol: "w"}, []string{`:3: invalid weight "" in column "w"`}},
		{"scale 1-11 zero", "score\n1\n0\n", survey.Options{Scale: survey.Scale1To11}, []string{`:3: invalid score "0"`, "1-11"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.Strict = true
			p := writeFile(t, t.TempDir(), "r.csv", []byte(tt.content))
			_, _, err := readAll([]string{p}, nil, tt.opt)
			parts := append([]string(nil), tt.parts...)
			parts[0] = p + parts[0]
			wantUserErr(t, err, usererr.Data, parts...)
		})
	}
	// Blank scores are never an error.
	_, rows, err := readString(t, "b.csv", "score\n\nN/A\n \nnull\n9\n", survey.Options{Strict: true, HeaderRows: 1})
	if err != nil || len(rows) != 4 {
		t.Fatalf("rows %v err %v", rows, err)
	}
}

func TestWeights(t *testing.T) {
	content := "score,w,weight\n9,2,x\n8,abc,x\n,,x\n6,0.5,x\n5,-1,x\n10,NaN,x\n7,,x\n"
	r, rows, err := readString(t, "w.csv", content, survey.Options{WeightCol: "w"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range rows {
		got = append(got, fmt.Sprintf("%d:%v:%d", x.line, x.status, x.score))
	}
	want := []string{"2:0:9", "4:1:0", "5:0:6"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v; want %v", got, want)
	}
	if s := r.Stats(); s != (survey.Stats{Rows: 7, Valid: 2, Blank: 1, Invalid: 4}) {
		t.Errorf("stats = %+v", s)
	}
	w := r.Warnings()
	if len(w) != 1 || !strings.HasSuffix(w[0], `w.csv: 4 rows with a missing, negative or non-numeric weight skipped (lines 3, 6, 7, 8); weights in column "w" must be numbers of 0 or more`) {
		t.Errorf("warnings = %q", w)
	}
	// Weights reach the response.
	r2, err := Open([]string{rows[0].file}, nil, survey.Options{WeightCol: "w"})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	resp, err := r2.Next()
	if err != nil || resp.Weight != 2 {
		t.Fatalf("weight = %v, %v", resp, err)
	}
	// Without WeightCol every weight is 1, even with a "weight" column.
	r3, err := Open([]string{rows[0].file}, nil, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r3.Close()
	resp, err = r3.Next()
	if err != nil || resp.Weight != 1 {
		t.Fatalf("weight = %v, %v", resp, err)
	}
}

func TestScale(t *testing.T) {
	content := "score\n1\n11\n6\n0\n"
	_, rows, err := readString(t, "a.csv", content, survey.Options{Scale: survey.Scale1To11})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, x := range rows {
		got = append(got, x.score)
	}
	if !reflect.DeepEqual(got, []int{0, 10, 5}) {
		t.Errorf("scores = %v", got)
	}
	// --scale 0-10 skips 11s without the 1-11 error.
	r, rows, err := readString(t, "b.csv", "score\n1\n11\n", survey.Options{Scale: survey.Scale0To10})
	if err != nil || len(rows) != 1 || r.Stats().Invalid != 1 {
		t.Fatalf("rows %v err %v", rows, err)
	}
	// A 0 anywhere means the data is 0-10: 11 is just invalid.
	r, rows, err = readString(t, "c.csv", "score\n11\n0\n", survey.Options{})
	if err != nil || len(rows) != 1 || r.Stats().Invalid != 1 {
		t.Fatalf("rows %v err %v", rows, err)
	}
}

func TestWhere(t *testing.T) {
	content := "id,region,score\n1,EMEA,9\n2, NA ,3\n3,na,\n4,,10\n5,EMEA,x\n"
	tests := []struct {
		where []string
		ids   []string
	}{
		{[]string{"region=EMEA"}, []string{"1"}},
		{[]string{"region=NA"}, []string{"2"}},
		{[]string{"region= NA"}, []string{"2"}},
		{[]string{"region!=EMEA"}, []string{"2", "3", "4"}},
		{[]string{"region="}, []string{"4"}},
		{[]string{"region!=EMEA", "region!="}, []string{"2", "3"}},
		{[]string{"REGION=na"}, []string{"3"}},
	}
	for _, tt := range tests {
		var conds []survey.Condition
		for _, w := range tt.where {
			c, err := survey.ParseCondition(w)
			if err != nil {
				t.Fatal(err)
			}
			conds = append(conds, c)
		}
		r, rows, err := readString(t, "a.csv", content, survey.Options{Where: conds})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, x := range rows {
			ids = append(ids, x.fields[0])
		}
		if !reflect.DeepEqual(ids, tt.ids) {
			t.Errorf("%v: ids = %v; want %v", tt.where, ids, tt.ids)
		}
		s := r.Stats()
		if s.Filtered+s.Valid+s.Blank+s.Invalid != 5 {
			t.Errorf("%v: stats %+v do not add up to 5 rows", tt.where, s)
		}
	}
}

func TestColumn(t *testing.T) {
	r, _, err := readString(t, "a.csv", "id,Region,score\n1,x,9\n", survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if i, err := r.Column("region"); i != 1 || err != nil {
		t.Errorf("Column(region) = %d, %v", i, err)
	}
	_, err = r.Column("plan")
	wantUserErr(t, err, usererr.Usage, `unknown column "plan"`, "columns are: id, Region, score", "--by")
}

func TestJSONLateKeys(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < lookahead+5; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		if i >= lookahead {
			fmt.Fprintf(&b, `{"score": 9, "late": "x%d", "late2": null}`, i)
		} else {
			b.WriteString(`{"score": 9}`)
		}
	}
	b.WriteString("]")
	r, rows, err := readString(t, "a.json", b.String(), survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != lookahead+5 || rows[lookahead+4].line != lookahead+5 {
		t.Fatalf("%d rows, last line %d", len(rows), rows[len(rows)-1].line)
	}
	if !reflect.DeepEqual(r.Columns(), []string{"score"}) {
		t.Errorf("columns = %q", r.Columns())
	}
	w := r.Warnings()
	if len(w) != 1 || !strings.Contains(w[0], "a.json: 5 values under keys first seen after the first 1000 responses were ignored (late)") {
		t.Errorf("warnings = %q", w)
	}
}

func TestDuplicateHeaderWarning(t *testing.T) {
	r, _, err := readString(t, "a.csv", "score,x,x\n1,2,3\n", survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if w := r.Warnings(); len(w) != 1 || !strings.HasSuffix(w[0], `a.csv: duplicate column "x" (column 3) renamed "x_2"`) {
		t.Errorf("warnings = %q", w)
	}
}

// Many files stay bounded: later files are reopened when their turn comes.
func TestManyFiles(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := 0; i < 50; i++ {
		paths = append(paths, writeFile(t, dir, fmt.Sprintf("f%02d.csv", i), []byte(fmt.Sprintf("score,f%d\n%d,x\n", i%3, i%11))))
	}
	r, rows, err := readAll(paths, nil, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 50 || len(r.Columns()) != 4 {
		t.Fatalf("%d rows, columns %q", len(rows), r.Columns())
	}
	for i, x := range rows {
		if x.score != i%11 || x.fields[1+i%3] != "x" || x.file != paths[i] {
			t.Fatalf("row %d = %v", i, x)
		}
	}
}
