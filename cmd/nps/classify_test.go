package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// classifyRun is one run of nps: status, stdout, stderr.
type classifyRun struct {
	code        int
	out, stderr string
}

// runClassify runs nps with stdin, by the fast path or (slow) the general
// reader alone.
func runClassifyPath(stdin []byte, slow bool, args ...string) classifyRun {
	var out, errb bytes.Buffer
	env := map[string]string{}
	if slow {
		env["NPS_SLOW_PATH"] = "1"
	}
	code := run(context.Background(), args, streams{in: bytes.NewReader(stdin), out: &out, err: &errb, getenv: func(k string) string { return env[k] }})
	return classifyRun{code, out.String(), errb.String()}
}

// sameClassify checks that classify prints the same bytes, warnings and
// status by the fast path as by the general reader.
func sameClassify(t *testing.T, stdin []byte, args ...string) {
	t.Helper()
	samePaths(t, stdin, append([]string{"classify"}, args...)...)
}

// samePaths checks that nps args prints the same bytes, warnings and
// status by the fast path as by the general reader.
func samePaths(t *testing.T, stdin []byte, args ...string) {
	t.Helper()
	fast, general := runClassifyPath(stdin, false, args...), runClassifyPath(stdin, true, args...)
	if fast != general {
		t.Errorf("nps %q: fast path (status %d, %d bytes) and general reader (status %d, %d bytes) differ:\n%s\nstderr:\n%s\n---\n%s",
			args, fast.code, len(fast.out), general.code, len(general.out), firstDiff(fast.out, general.out), fast.stderr, general.stderr)
	}
}

var classifyFlags = [][]string{
	nil,
	{"--only", "detractors"},
	{"--only", "promoters,passives", "-f", "tsv"},
	{"-f", "jsonl"},
	{"--since", "2024-01-01", "--until", "2025-06-30", "--only", "detractors,passives"},
	{"--where", "region!=EMEA", "-f", "tsv"},
	{"--strict", "-q"},
	{"-f", "json", "--only", "promoters"},
	{"--latest-per", "region"},
	{"--latest-per", "id", "--only", "detractors", "-f", "jsonl", "--since", "2024-06-01"},
}

// oddExports are inputs that test the edges of reading CSV: ragged rows,
// blank and filled extra fields, quotes, line ends, a byte-order mark,
// bytes that are not UTF-8, cells a spreadsheet would run, a header alone.
var oddExports = map[string]string{
	"ragged.csv":   "id,region,score,comment\n1,EMEA,9\n2,NA,3,\"a\nb\",,\n3,EMEA\n4,\"NA\",10,\"=1+1\"\n",
	"wide.csv":     "id,region,score\n1,EMEA,9,,\n2,NA,3,x\n",
	"crlf.csv":     "\xef\xbb\xbfid;region;score;comment\r\n1;EMEA;9;\"x\r\ny\"\r\n\r\n2;\"N;A\";abc;@SUM(A1)\r\n3;NA;;-5\r\n4;NA;0;\t+x",
	"latin.csv":    "id,region,score,comment\n1,Z\xfcrich,9,caf\xe9\n2,Bern,4,ok\n",
	"header.csv":   "id,region,score\n",
	"quotes.tsv":   "id\tregion\tscore\tcomment\n1\t\"EM\"\"EA\"\t7\t\" lead\"\n2\tNA\t\"8\"\t\"tab\there\"\n",
	"nul.csv":      "id,region,score\n1,EMEA,9\n2,N\x00A,3\n",
	"badquote.csv": "id,region,score\n1,EMEA,9\n2,N\"A,3\n",
	"scale11.csv":  "id,region,score\n1,EMEA,11\n2,NA,3\n3,NA,11\n",
}

// oddFiles are every sample export and the odd ones, written to a
// temporary directory with a wide export and a gzipped one (last).
func oddFiles(t *testing.T) (files []string, dir string) {
	for _, dir := range []string{"../../testdata", "../../testdata/exports", "../../testdata/realworld"} {
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if ext := filepath.Ext(e.Name()); ext == ".csv" || ext == ".tsv" || ext == ".txt" || ext == ".json" || ext == ".jsonl" || ext == ".xlsx" {
				files = append(files, filepath.Join(dir, e.Name()))
			}
		}
	}
	dir = t.TempDir()
	for name, data := range oddExports {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	wide := filepath.Join(dir, "wide.csv") // more columns than an int8 numbers
	os.WriteFile(wide, wideExport(130, 40), 0o644)
	files = append(files, wide)
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(export(500))
	zw.Close()
	jsonl, array := filepath.Join(dir, "export.jsonl"), filepath.Join(dir, "export.json")
	os.WriteFile(jsonl, jsonExport(3000, "", "\n"), 0o644)
	os.WriteFile(array, jsonExport(3000, "[\n", ",\n  "), 0o644)
	files = append(files, jsonl, array)
	gz := filepath.Join(dir, "export.csv.gz")
	os.WriteFile(gz, z.Bytes(), 0o644)
	files = append(files, gz)
	return files, dir
}

// jsonExport is an export of n responses as JSON objects, after open and
// each followed by sep (JSON Lines: "", "\n"; an array: "[\n", ",\n"
// and a closing bracket): comments with quotes, line ends and cells a
// spreadsheet would run, scores as numbers, text, null or missing, a
// nested value now and then.
func jsonExport(n int, open, sep string) []byte {
	comments := []string{"", "Fine, but slow", "=cmd|' /C calc'!A0", `Love the "dashboards"`, "Support was great\nthanks"}
	b := []byte(open)
	for i := range n {
		if i > 0 {
			b = append(b, sep...)
		}
		b = fmt.Appendf(b, `{"response_id":"r%d","submitted_at":"2025-%02d-%02d","region":%q,`, i, 1+i%12, 1+i%28, []string{"EMEA", "NA", "APAC"}[i%3])
		switch i % 13 {
		case 3:
			b = append(b, `"score":null,`...)
		case 5:
			b = fmt.Appendf(b, `"score":"%d",`, i%11)
		case 7:
		case 9:
			b = append(b, `"score":"n/a","tags":{"a":[1,2]},`...)
		default:
			b = fmt.Appendf(b, `"score":%d,`, (i*7)%11)
		}
		b = fmt.Appendf(b, `"comment":%q}`, comments[i%len(comments)])
	}
	if open != "" {
		return append(b, "\n]\n"...)
	}
	return append(b, '\n')
}

// TestClassifyFastMatchesGeneral: classify gives the same bytes, warnings
// and status by the fast path as by the general reader, on every sample
// export and on odd ones, alone and together, from files and stdin,
// gzipped, with each set of flags.
func TestClassifyFastMatchesGeneral(t *testing.T) {
	files, dir := oddFiles(t)
	gz := files[len(files)-1]
	for _, flags := range classifyFlags {
		for _, f := range files {
			sameClassify(t, nil, append([]string{f}, flags...)...)
		}
		sameClassify(t, nil, append([]string{"../../testdata/responses.csv", filepath.Join(dir, "ragged.csv"), filepath.Join(dir, "header.csv"), gz}, flags...)...)
		sameClassify(t, []byte(oddExports["ragged.csv"]), flags...)
	}
}

// TestClassifyManyChunks: an export of several MB, cut into many chunks
// read by all cores, is listed in input order.
func TestClassifyManyChunks(t *testing.T) {
	data := export(150000)
	path := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, flags := range [][]string{nil, {"--only", "detractors", "-f", "jsonl"}, {"--latest-per", "region"}} {
		sameClassify(t, nil, append([]string{path}, flags...)...)
	}
	got := runClassifyPath(nil, false, "classify", path)
	if n := strings.Count(got.out, "\n"); got.code != 0 || n < 150000 {
		t.Fatalf("status %d, %d lines", got.code, n)
	}
}

// export is a CSV export of n rows with dates, segments and comments that
// hold quotes, delimiters and line ends.
func export(n int) []byte {
	comments := []string{"", `"Fine, but slow"`, `"=cmd|' /C calc'!A0"`, `"Love the ""dashboards"""`, "\"Support was great\nthanks\""}
	var b bytes.Buffer
	b.WriteString("response_id,submitted_at,region,score,comment\n")
	for i := range n {
		fmt.Fprintf(&b, "r%d,2025-%02d-%02d,%s,%d,%s\n", i, 1+i%12, 1+i%28, []string{"EMEA", "NA", "APAC"}[i%3], (i*7)%12, comments[i%len(comments)])
	}
	return b.Bytes()
}

// wideExport is a CSV export of rows rows and cols columns, the score
// last.
func wideExport(cols, rows int) []byte {
	var b bytes.Buffer
	for c := range cols - 1 {
		fmt.Fprintf(&b, "c%d,", c)
	}
	b.WriteString("score\n")
	for r := range rows {
		for c := range cols - 1 {
			fmt.Fprintf(&b, "v%d_%d,", c, r%3)
		}
		fmt.Fprintf(&b, "%d\n", r%11)
	}
	return b.Bytes()
}

// lateExport is an export of 150,000 rows whose dates are ISO for the
// first 100,000, then ambiguous (03/03/2025) and day-first from row
// 120,000 on; 5,000 respondents (id) answer 30 times each.
func lateExport() []byte {
	var b bytes.Buffer
	b.WriteString("id,date,score,region,comment\n")
	for i := range 150000 {
		date := fmt.Sprintf("2025-%02d-%02d", i%12+1, i%28+1)
		if i >= 100000 {
			date = fmt.Sprintf("%02d/%02d/2025", i%12+1, i%11+1) // ambiguous until 25/04
			if i == 120000 {
				date = "25/04/2025"
			}
		}
		fmt.Fprintf(&b, "u%d,%s,%d,%s,some words to make the output longer\n", i%5000, date, i%11, []string{"EMEA", "APAC"}[i%2])
	}
	return b.Bytes()
}

// TestClassifyDateOrderSettledLate: an export whose first dates are ISO
// (the sample leaves the day/month order open) is listed on every core
// under --since; a day-first date far into it settles the order in one
// worker, and the pass is redone in order after its output was taken
// back: to stdout held in memory and in a file (past 4 MiB), and with -o;
// with --latest-per, the first of its two passes is redone. The bytes are
// the general reader's.
func TestClassifyDateOrderSettledLate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "late.csv")
	if err := os.WriteFile(path, lateExport(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, flags := range [][]string{{"--since", "2025-02-01"}, {"--since", "2025-02-01", "--only", "detractors"}, {"--latest-per", "id", "--since", "2025-02-01"}} {
		sameClassify(t, nil, append([]string{path}, flags...)...)
		var outs [2]string
		for k, slow := range []bool{false, true} {
			out := filepath.Join(dir, fmt.Sprintf("out%d.csv", k))
			if r := runClassifyPath(nil, slow, append([]string{"classify", path, "-o", out}, flags...)...); r.code != 0 {
				t.Fatalf("-o: status %d, %s", r.code, r.stderr)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			outs[k] = string(data)
		}
		if outs[0] != outs[1] || len(outs[0]) < 300<<10 {
			t.Errorf("%v -o: fast path %d bytes, general reader %d bytes", flags, len(outs[0]), len(outs[1]))
		}
	}
	if r := runClassifyPath(nil, false, "classify", path, "--since", "2025-02-01"); len(r.out) < 5<<20 {
		t.Errorf("%d bytes to stdout: the spool never moved to a file", len(r.out))
	}
}
