package main

import (
	"bytes"
	"compress/gzip"
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
			stderr: "nps: warning: w.csv: not valid UTF-8; read as Windows-1252 (Western European), judged from its bytes (set --encoding if it is something else)\n" +
				"nps: warning: w.csv: 1 row (line 5) is UTF-8, not Windows-1252 like the rest, and was read as UTF-8; set --encoding if that is wrong\n"},
	})
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return z.Bytes()
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// TestGzipEnds: gzip is read as gzip -d reads it; gzip inside gzip and
// UTF-32 are named, not taken for damaged data or UTF-16.
func TestGzipEnds(t *testing.T) {
	// By hand: 9, 10, 3 -> n 3, 2 promoters, 1 detractor, NPS 33.3.
	z := gzipped(t, []byte("score\n9\n10\n3\n"))
	utf32le := []byte{0xFF, 0xFE, 0, 0, 's', 0, 0, 0, '\n', 0, 0, 0, '9', 0, 0, 0}
	runOdd(t, []oddCase{
		{name: "zero padding", files: map[string][]byte{"p.csv.gz": cat(z, make([]byte, 1024))},
			args: []string{"score", "p.csv.gz", "-f", "csv"}, counts: "3 2 0 1 33.33"},
		{name: "two members", files: map[string][]byte{"m.csv.gz": cat(z, gzipped(t, []byte("0\n")))},
			args: []string{"score", "m.csv.gz", "-f", "csv"}, counts: "4 2 0 2 0"},
		{name: "trailing garbage", files: map[string][]byte{"g.csv.gz": cat(z, []byte("\x00\x00junk\n"))},
			args: []string{"score", "g.csv.gz", "-f", "csv"}, counts: "3 2 0 1 33.33",
			stderr: "nps: warning: g.csv.gz: 7 bytes after the end of the gzip data ignored, as gzip -d ignores them; check that the file is whole\n"},
		{name: "truncated is still an error", files: map[string][]byte{"t.csv.gz": z[:len(z)-4]},
			args: []string{"score", "t.csv.gz"}, code: 1,
			stderr: "nps: t.csv.gz: truncated or corrupt gzip data (unexpected EOF); the file is incomplete: download or copy it again\n"},
		{name: "gzip inside gzip", files: map[string][]byte{"gg.csv.gz": gzipped(t, z)},
			args: []string{"score", "gg.csv.gz"}, code: 1,
			stderr: "nps: gg.csv.gz: gzip inside gzip: the file is compressed twice; decompress it once (gzip -dc FILE > FILE2) and read the result\n"},
		{name: "UTF-32 with a byte-order mark", files: map[string][]byte{"u.csv": utf32le},
			args: []string{"score", "u.csv"}, code: 1,
			stderr: "nps: u.csv: UTF-32LE text, which nps does not read; convert it to UTF-8 first, e.g. iconv -f UTF-32LE -t UTF-8 FILE > FILE2\n"},
		{name: "UTF-32 big-endian without one, gzipped", files: map[string][]byte{"u.csv.gz": gzipped(t, []byte{0, 0, 0, 's', 0, 0, 0, '\n'})},
			args: []string{"score", "u.csv.gz"}, code: 1,
			stderr: "nps: u.csv.gz: UTF-32BE text, which nps does not read; convert it to UTF-8 first, e.g. iconv -f UTF-32BE -t UTF-8 FILE > FILE2\n"},
	})
}

// TestLoneCarriageReturns: lines that end in a lone CR (Excel's "CSV
// (Macintosh)", or such lines pasted among LF or CRLF ones) are lines; a CR
// inside a quoted field, or a stray one inside a field of an LF file, is
// data. By hand: 9, 3, 10 -> n 3, 2 promoters, 1 detractor, NPS 33.3.
func TestLoneCarriageReturns(t *testing.T) {
	runOdd(t, []oddCase{
		{name: "CR only", files: map[string][]byte{"mac.csv": []byte("id;score\r1;9\r2;3\r3;10\r")},
			args: []string{"score", "mac.csv", "-f", "csv"}, counts: "3 2 0 1 33.33"},
		{name: "CR only, no CR at the end, with a quoted CR", files: map[string][]byte{"mac.csv": []byte("id,score,note\r1,9,\"a\rb\"\r2,3,x\r3,10,y")},
			args: []string{"score", "mac.csv", "--by", "note", "-f", "csv"}, counts: "a\rb 1 1 0 0 100\nx 1 0 0 1 -100\ny 1 1 0 0 100"},
		{name: "CR lines among CRLF lines", files: map[string][]byte{"mixed.csv": []byte("id,score\r\n1,9\r\n2,3\r3,10\r\n")},
			args: []string{"score", "mixed.csv", "-f", "csv"}, counts: "3 2 0 1 33.33"},
		{name: "CR lines among LF lines", files: map[string][]byte{"mixed.csv": []byte("id,score\n1,9\r2,3\r3,10\n")},
			args: []string{"score", "mixed.csv", "-f", "csv"}, counts: "3 2 0 1 33.33"},
		{name: "a stray CR inside a field of an LF file", files: map[string][]byte{"lf.csv": []byte("id,score,note\n1,9,a\rb\n2,3,x\n3,10,y\n")},
			args: []string{"score", "lf.csv", "--by", "note", "-f", "csv"}, counts: "a\rb 1 1 0 0 100\nx 1 0 0 1 -100\ny 1 1 0 0 100"},
		{name: "line numbers count CR line ends", files: map[string][]byte{"bad.csv": []byte("id,score\r1,9\r2,x\r3,10\r")},
			args: []string{"score", "bad.csv", "--strict"}, code: 1,
			stderr: "nps: bad.csv:3: invalid score \"x\" in column \"score\"; scores must be whole numbers 0-10\n"},
	})
}
