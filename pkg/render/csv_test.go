package render

import (
	"bytes"
	"encoding/csv"
	"math"
	"strings"
	"testing"
)

// stdlibCSV is what encoding/csv writes for rows of cells neutralised by
// sanitizeCSV: the reference the CSV writer is held to.
func stdlibCSV(t testing.TB, comma rune, rows [][]string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = comma
	for _, r := range rows {
		clean := make([]string, len(r))
		for i, c := range r {
			clean[i] = sanitizeCSV(c)
		}
		if err := w.Write(clean); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return b.String()
}

// ours writes the same rows with NewRowWriter (the first row the header).
func ours(t testing.TB, f Format, rows [][]string) string {
	var b bytes.Buffer
	rw, err := NewRowWriter(&b, f, rows[0], Style{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if err := rw.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := rw.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var csvCells = []string{
	"", "plain", "a,b", "a\tb", `say "hi"`, `"`, "line\nbreak", "cr\rlf", "\r\n", `\.`, `\..`,
	" lead", "\tlead", "\u00a0nbsp", "\u2028sep", "trail ", "=SUM(A1)", "+1", "-1", "-1.5e-7", "@x",
	"-", "é", "\xff\xfe", "a\x00b", "'quoted'", "NaN", "1e+21",
}

func TestCSVMatchesEncodingCSV(t *testing.T) {
	for _, f := range []Format{CSV, TSV} {
		comma := ','
		if f == TSV {
			comma = '\t'
		}
		rows := [][]string{{"h1", "h 2", "=h3"}}
		for i, a := range csvCells {
			rows = append(rows, []string{a, csvCells[(i+7)%len(csvCells)], csvCells[(i+13)%len(csvCells)]})
		}
		if got, want := ours(t, f, rows), stdlibCSV(t, comma, rows); got != want {
			t.Errorf("%v:\ngot  %q\nwant %q", f, got, want)
		}
	}
}

// TestCSVNumbersPlain: the numbers a record holds are appended without
// the text cells' checks; they must need none: never neutralised, never
// quoted, in CSV or TSV.
func TestCSVNumbersPlain(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, -33.333333333333336, 1e-6, 9.99e-7, -1e-7, 1e21, -1e21, 1e300, -5e-324, math.MaxFloat64, 123456789.125}
	for i := range 2000 {
		xs = append(xs, math.Float64frombits(uint64(i)*0x9e3779b97f4a7c15))
	}
	for _, comma := range []byte{',', '\t'} {
		r := csvLine{comma}
		for _, x := range xs {
			s := formatFloat(x)
			if math.IsNaN(x) || math.IsInf(x, 0) {
				continue
			}
			if sanitizeCSV(s) != s || r.needsQuotes(s) || strings.ContainsAny(s, " \t,\"") {
				t.Errorf("%v spelled %q needs a check", x, s)
			}
		}
	}
}

// TestNeedsQuotesEveryPlace puts each byte that matters, and the control
// bytes beside CR and LF that the word test lets through to the byte
// loop, at every place of cells of 1 to 24 bytes (words and the
// overlapping last word): quoted exactly when encoding/csv's rule says
// (a separator, quote, CR or LF anywhere, or a space first).
func TestNeedsQuotesEveryPlace(t *testing.T) {
	for _, comma := range []byte{',', '\t'} {
		l := csvLine{comma}
		for _, c := range []byte{',', '\t', '"', '\n', '\r', '\b', '\v', '\f', 0x0e, 0x0f, ' ', 'x'} {
			for n := 1; n <= 24; n++ {
				for at := range n {
					b := bytes.Repeat([]byte{'a'}, n)
					b[at] = c
					want := c == comma || c == '"' || c == '\n' || c == '\r' ||
						at == 0 && (c == ' ' || '\t' <= c && c <= '\r')
					if got := l.needsQuotes(string(b)); got != want {
						t.Errorf("separator %q: %q quoted %v, want %v", comma, b, got, want)
					}
				}
			}
		}
	}
}

func FuzzCSVLine(f *testing.F) {
	f.Add(strings.Join(csvCells, "\x1f"), false)
	f.Add("a\x1f\"b\"\x1f c", true)
	f.Fuzz(func(t *testing.T, line string, tsv bool) {
		cells := strings.Split(line, "\x1f")
		format, comma := CSV, ','
		if tsv {
			format, comma = TSV, '\t'
		}
		rows := [][]string{cells, cells}
		if got, want := ours(t, format, rows), stdlibCSV(t, comma, rows); got != want {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
}

// recordAgrees checks Record against Line on rec, a record whose fields
// encoding/csv reads (a record it refuses is skipped, false), and returns
// whether Record copied it.
func recordAgrees(t *testing.T, format Format, rec string, sep byte, last string) bool {
	t.Helper()
	r := csv.NewReader(strings.NewReader(rec))
	r.Comma, r.FieldsPerRecord = rune(sep), -1
	fields, err := r.Read()
	if rec == "" {
		fields, err = []string{""}, nil
	}
	if err != nil || r.InputOffset() != int64(len(rec)) {
		return false // not one valid record
	}
	cells := append(fields, last)
	header := make([]string, len(cells))
	enc, _ := NewLineEncoder(format, header)
	got, ok := enc.(RecordEncoder).Record([]byte("x"), []byte(rec), sep, last)
	if !ok {
		if string(got) != "x" {
			t.Errorf("%v %q: Record refused after appending %q", format, rec, got)
		}
		return false
	}
	want, err := enc.Line([]byte("x"), cells)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%v %q: Record gives %q, Line %q", format, rec, got, want)
	}
	return true
}

// TestRecord: Record copies the plain records of an export, and refuses
// each thing that would make Line write the fields otherwise, or a record
// of the wrong width or separator.
func TestRecord(t *testing.T) {
	plain := "R8,2024-01-01T00:25:31Z,user1192863@example.com,LATAM,Pro,email,5,Billing was wrong twice"
	for _, tc := range []struct {
		format Format
		rec    string
		sep    byte
		last   string
		copied bool
	}{
		{CSV, plain, ',', "detractor", true},
		{CSV, plain, ',', "", true},
		{CSV, plain, ',', "a,b", true}, // last is encoded: quoted
		{TSV, strings.ReplaceAll(plain, ",", "\t"), '\t', "detractor", true},
		{TSV, "a,b\tc d\t", '\t', "x", true}, // a comma needs no quotes in TSV
		{CSV, ",,", ',', "", true},
		{CSV, "", ',', "x", true},
		{CSV, "a,bé", ',', "", true},   // multibyte inside a cell
		{CSV, plain, '\t', "x", false}, // another separator
		{TSV, plain, ',', "x", false},
		{CSV, `a,"b",c`, ',', "", true},          // quoted needlessly: copied without the quotes
		{CSV, `a,"b,c",d`, ',', "", true},        // quoted as Line quotes it
		{CSV, `"say ""hi""",""`, ',', "x", true}, // doubled quotes; an empty quoted text
		{CSV, "\"two\nlines\",b", ',', "", true},
		{TSV, "\"a,b\"\tc", '\t', "", true}, // a comma needs no quotes in TSV
		{CSV, `a,"=1",c`, ',', "", false},
		{CSV, `a," b",c`, ',', "", false},
		{CSV, "a,b\rc", ',', "", false},
		{CSV, "a,=1+2", ',', "", false}, // neutralised
		{CSV, "+1,b", ',', "", false},   // a decimal: left as it is by Line, refused all the same
		{CSV, "a,-x", ',', "", false},
		{CSV, "a,@x", ',', "", false},
		{CSV, "a, b", ',', "", false}, // a leading space is quoted
		{CSV, "a,\tb", ',', "", false},
		{CSV, `a,\.`, ',', "", false},
		{CSV, "a,\u00a0b", ',', "", false}, // a Unicode space is quoted
		{CSV, "a,\x01", ',', "", false},
	} {
		if got := recordAgrees(t, tc.format, tc.rec, tc.sep, tc.last); got != tc.copied {
			t.Errorf("%v %q: copied %v, want %v", tc.format, tc.rec, got, tc.copied)
		}
	}
	// The width must be the header's.
	enc, _ := NewLineEncoder(CSV, []string{"a", "b", "c"})
	for _, rec := range []string{"1", "1,2,3"} {
		if _, ok := enc.(RecordEncoder).Record(nil, []byte(rec), ',', "x"); ok {
			t.Errorf("%q and one more cell under 3 columns: copied", rec)
		}
	}
}

func FuzzRecord(f *testing.F) {
	f.Add("R8,2024-01-01T00:25:31Z,user@example.com,5,Billing was wrong", "detractor", false)
	f.Add("a\tb\t=c", "", true)
	f.Add(`a,"b,c","say ""hi""",""`, "x", false)
	f.Fuzz(func(t *testing.T, rec, more string, tsv bool) {
		format, sep := CSV, byte(',')
		if tsv {
			format, sep = TSV, '\t'
		}
		recordAgrees(t, format, rec, sep, more)
	})
}
