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
	// counts is "n P p D nps" of the one result row of -f csv output,
	// counted by hand; "" on failure.
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

// resultCounts reads the one row of a score -f csv output as
// "n promoters passives detractors nps" (nps to 4 significant digits).
func resultCounts(t *testing.T, out string) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("not one CSV result row: %q (%v)", out, err)
	}
	col := map[string]string{}
	for i, h := range recs[0] {
		col[h] = recs[1][i]
	}
	nps, err := strconv.ParseFloat(col["nps"], 64)
	if err != nil {
		t.Fatalf("nps %q: %v", col["nps"], err)
	}
	return fmt.Sprintf("%s %s %s %s %.4g", col["n"], col["promoters"], col["passives"], col["detractors"], nps)
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
