package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// oddCase is one run over files that a text script cannot hold (control
// characters, stray bytes, binary gzip members): the exact exit status, and
// either the counts of the overall result (-f csv output) and the warnings,
// or the one line on stderr with nothing on stdout.
type oddCase struct {
	name  string
	files map[string][]byte
	args  []string
	code  int
	// counts is "[key...] n P p D nps" of each row of -f csv output, one
	// line per row, counted by hand; "" on failure.
	counts string
	// stderr is the whole of stderr: one error line on failure, the
	// warnings (or nothing) on success.
	stderr string
}

// runOdd writes the case's files into a new working directory and runs it.
func runOdd(t *testing.T, tests []oddCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			for name, data := range tt.files {
				if err := os.WriteFile(name, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, stdout, stderr, _ := runNPS(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if stderr != tt.stderr {
				t.Errorf("stderr:\n%q\nwant:\n%q", stderr, tt.stderr)
			}
			if tt.counts == "" {
				if stdout != "" {
					t.Errorf("stdout = %q, want nothing", truncateString(stdout))
				}
				return
			}
			if got := resultCounts(t, stdout); got != tt.counts {
				t.Errorf("counts %q, want %q (stdout %q)", got, tt.counts, truncateString(stdout))
			}
		})
	}
}

// resultCounts reads the rows of a score -f csv output as "n promoters
// passives detractors nps" (nps to 4 significant digits), preceded by the
// key columns when there are any, one line per row.
func resultCounts(t *testing.T, out string) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("no CSV result rows: %q (%v)", out, err)
	}
	var lines []string
	for _, rec := range recs[1:] {
		col := map[string]string{}
		var key []string
		for i, h := range recs[0] {
			col[h] = rec[i]
			if _, ok := col["n"]; !ok {
				key = append(key, rec[i])
			}
		}
		nps, err := strconv.ParseFloat(col["nps"], 64)
		if err != nil {
			t.Fatalf("nps %q: %v", col["nps"], err)
		}
		lines = append(lines, strings.TrimSpace(fmt.Sprintf("%s %s %s %s %s %.4g", strings.Join(key, " "), col["n"], col["promoters"], col["passives"], col["detractors"], nps)))
	}
	return strings.Join(lines, "\n")
}

// TestUserStringsInMessages: control characters, escape sequences and
// invisible characters in file, sheet and column names reach stderr
// escaped, and the error stays one line.
func TestUserStringsInMessages(t *testing.T) {
	ok := []byte("score\n9\n")
	runOdd(t, []oddCase{
		{name: "escape sequences in a missing file's name", args: []string{"score", "\x1b[2J\x1b]0;x\x07a.csv"}, code: 1,
			stderr: "nps: \\x1b[2J\\x1b]0;x\\x07a.csv: no such file; check the path\n"},
		{name: "a newline in a file name", files: map[string][]byte{"a\nb.csv": []byte("id\n1\n")}, args: []string{"score", "a\nb.csv"}, code: 2,
			stderr: "nps: a\\nb.csv: no score column found; name it with --score-col NAME; columns are: id\n"},
		{name: "control characters in column names", files: map[string][]byte{"c.csv": []byte("\"x\x1b[31m\",\"y\u202e\"\n1,2\n")},
			args: []string{"score", "c.csv"}, code: 2,
			stderr: "nps: c.csv: no score column found; name it with --score-col NAME; columns are: x\\x1b[31m, y\\u202e\n"},
		{name: "a carriage return in a --by column", files: map[string][]byte{"d.csv": ok}, args: []string{"score", "d.csv", "--by", "re\rgion"}, code: 2,
			stderr: "nps: unknown column \"re\\rgion\"; fix the column name (--by, --where, --latest-per); columns are: score\n"},
		{name: "a zero-width space in a file name", files: map[string][]byte{"e\u200b.csv": []byte("id\n1\n")}, args: []string{"score", "e\u200b.csv"}, code: 2,
			stderr: "nps: e\\u200b.csv: no score column found; name it with --score-col NAME; columns are: id\n"},
	})
}

// lateStray is a UTF-8 export larger than the 64 KiB encoding sample:
// 8,000 rows alternating Zürich 9 and Bern 3, then one Zürich 10 written
// in Windows-1252 on line 8002.
func lateStray() []byte {
	var b strings.Builder
	b.WriteString("city,score\n")
	for i := 1; i <= 8000; i++ {
		if i%2 == 1 {
			b.WriteString("Zürich,9\n")
		} else {
			b.WriteString("Bern,3\n")
		}
	}
	b.WriteString("Z\xfcrich,10\n")
	return []byte(b.String())
}

// TestEncodingDecidedOnce: the encoding of a file is decided once from the
// whole 64 KiB sample (more UTF-8 characters than stray bytes: UTF-8), and
// each row whose bytes do not fit it is warned about with its line.
func TestEncodingDecidedOnce(t *testing.T) {
	late := lateStray()
	if len(late) < 64<<10 {
		t.Fatalf("the export is %d bytes, within the sample", len(late))
	}
	runOdd(t, []oddCase{
		{name: "a stray byte after the sample", files: map[string][]byte{"late.csv": late},
			args: []string{"score", "late.csv", "-f", "csv"}, code: 0,
			// 4001 promoters (4000 nines and the 10), 4000 detractors
			counts: "8001 4001 0 4000 0.0125",
			stderr: "nps: warning: late.csv: 1 row (line 8002) holds bytes that are not UTF-8, kept as they are (shown as \uFFFD); fix them, or set --encoding if the file is in another encoding\n"},
		{name: "a stray byte early does not make the file Windows-1252",
			files: map[string][]byte{"early.csv": []byte("city,score\nZ\xfcrich,10\nZürich,9\nZürich,9\nBern,3\nGen\xe8ve,9\n")},
			args:  []string{"score", "early.csv", "--by", "city", "-f", "csv"}, code: 0,
			// the UTF-8 rows keep their text: Zürich 9, 9; Bern 3; the two
			// stray rows stay apart, as they are
			counts: "Bern 1 0 0 1 -100\nGen\xe8ve 1 1 0 0 100\nZürich 2 2 0 0 100\nZ\xfcrich 1 1 0 0 100",
			stderr: "nps: warning: early.csv: 2 rows (lines 2, 6) hold bytes that are not UTF-8, kept as they are (shown as \uFFFD); fix them, or set --encoding if the file is in another encoding\n"},
		{name: "Windows-1252 with a UTF-8 row",
			files: map[string][]byte{"w.csv": []byte("city,score\nK\xf6ln,9\nM\xfcnchen,3\nZ\xfcrich,10\nZ\xc3\xbcrich,9\n")},
			args:  []string{"score", "w.csv", "--by", "city", "-f", "csv"}, code: 0,
			// Zürich twice, once from each encoding
			counts: "Köln 1 1 0 0 100\nMünchen 1 0 0 1 -100\nZürich 2 2 0 0 100",
			stderr: "nps: warning: w.csv: not valid UTF-8; read as Windows-1252 (set --encoding if it is something else)\n" +
				"nps: warning: w.csv: 1 row (line 5) is UTF-8, not Windows-1252 like the rest, and was read as UTF-8; set --encoding if that is wrong\n"},
	})
}
