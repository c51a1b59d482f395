package scan

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// eachSIMD runs test with every search this CPU can run: the Go loops,
// SSE2 and AVX2 (as far as bestSIMD goes), each with every path of Next
// (modes), so that each meets the same expectations.
func eachSIMD(t *testing.T, test func(t *testing.T)) {
	t.Helper()
	defer func(old int) { simd = old }(simd)
	for level := simdNone; level <= bestSIMD; level++ {
		simd = level
		eachMode(func(mode string) { t.Run(simdNames[level]+"/"+mode, test) })
	}
}

// modes are the paths of Next: the record path alone, the bitmap path for
// every record it can read (in windows of 8 KiB, and of 64 and 128 bytes
// so that records cross window ends often), and the default choice.
var modes = []struct {
	name           string
	fields, window int
}{
	{"records", math.MaxInt, maxWindow},
	{"bitmaps64", 0, 1},
	{"bitmaps", 0, maxWindow},
	{"bitmaps128", 0, 2},
	{"default", bitmapFields, maxWindow},
}

// eachMode calls f in each mode; below the best SIMD level, whose
// classify is the Go one whatever the level, in the first two.
func eachMode(f func(mode string)) {
	defer func(fields, window int) { bitmapFields, windowBlocks = fields, window }(bitmapFields, windowBlocks)
	for k, m := range modes {
		if simd < bestSIMD && k > 1 {
			break
		}
		bitmapFields, windowBlocks = m.fields, m.window
		f(m.name)
	}
}

var simdNames = []string{"go", "sse2", "avx2"}

// rec is one record as both readers see it.
type rec struct {
	line   int64
	fields []string
}

// reference reads data with encoding/csv configured as pkg/survey does.
// It returns the records and, when reading stops on an error, the line the
// failing record starts on (0 without error).
func reference(data []byte, comma byte) ([]rec, int64) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = rune(comma)
	cr.FieldsPerRecord = -1
	var out []rec
	for {
		r, err := cr.Read()
		if err == io.EOF {
			return out, 0
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return out, int64(pe.StartLine)
			}
			panic(err)
		}
		line, _ := cr.FieldPos(0)
		out = append(out, rec{int64(line), append([]string(nil), r...)})
	}
}

const maxFields = 12

func allFields() []int {
	f := make([]int, maxFields)
	for i := range f {
		f[i] = i
	}
	return f
}

// scanAll reads data with the scanner in pieces split at the given
// offsets, carrying incomplete records over as a stream reader does.
func scanAll(data []byte, comma byte, splits ...int) ([]rec, int64, error) {
	return scanSome(data, comma, allFields(), splits...)
}

// selections are field choices that exercise the skipping of fields not
// asked for (runs of them, and the rest of a record after the last).
var selections = [][]int{{}, {0}, {1}, {2}, {6}, {3, 1}, {1, 3, 6}, {0, 4}, {7}, {2, 9}}

// scanSome is scanAll reading only the given fields: a record's fields are
// the asked ones, in field order, with "<nil>" for those the record lacks,
// then its field count.
func scanSome(data []byte, comma byte, fields []int, splits ...int) ([]rec, int64, error) {
	s := New(comma, fields)
	all := len(fields) == maxFields
	var out []rec
	var buf []byte
	line := int64(1)
	prev := 0
	cuts := append(append([]int(nil), splits...), len(data))
	for i, cut := range cuts {
		buf = append(buf, data[prev:cut]...)
		prev = cut
		atEOF := i == len(cuts)-1
		s.Reset(buf, line, atEOF)
		for s.Next() {
			if s.NFields > maxFields {
				return nil, 0, fmt.Errorf("too many fields for the test")
			}
			r := rec{s.Line, make([]string, s.NFields)}
			if all {
				for k := 0; k < s.NFields; k++ {
					r.fields[k] = string(s.Fields[k])
				}
			} else {
				r.fields = select_(fields, func(k int) ([]byte, bool) { return s.Fields[k], s.Fields[k] != nil }, s.NFields)
			}
			out = append(out, r)
		}
		switch s.Err {
		case nil:
			buf = buf[:0]
			_, line = s.Pos()
		case ErrIncomplete:
			if atEOF {
				return nil, 0, fmt.Errorf("incomplete at EOF")
			}
			buf = append([]byte(nil), buf[s.Start:]...)
			line = s.Line
		case ErrSyntax:
			return out, s.Line, nil
		}
	}
	return out, 0, nil
}

// select_ is the test's view of a record's asked fields: the values of the
// fields in ascending order ("<nil>" when absent), then the field count.
func select_(fields []int, get func(slot int) ([]byte, bool), n int) []string {
	order := slices.Clone(fields)
	slices.Sort(order)
	var out []string
	for _, f := range order {
		k := slices.Index(fields, f)
		if v, ok := get(k); ok || f < n {
			out = append(out, string(v))
		} else {
			out = append(out, "<nil>")
		}
	}
	return append(out, strconv.Itoa(n))
}

// want selects the fields of reference records.
func wantSome(recs []rec, fields []int) []rec {
	var out []rec
	for _, r := range recs {
		out = append(out, rec{r.line, select_(fields, func(k int) ([]byte, bool) {
			if fields[k] < len(r.fields) {
				return []byte(r.fields[fields[k]]), true
			}
			return nil, false
		}, len(r.fields))})
	}
	return out
}

// checkSome compares the scanner reading a selection of fields with
// encoding/csv.
func checkSome(t *testing.T, data []byte, comma byte, fields []int, want []rec, wantErr int64, sp []int) {
	t.Helper()
	got, gotErr, err := scanSome(data, comma, fields, sp...)
	if err != nil {
		t.Fatalf("%q fields %v split %v: %v", data, fields, sp, err)
	}
	want = wantSome(want, fields)
	if gotErr != wantErr || len(got) != len(want) {
		t.Fatalf("%q fields %v split %v: %d records, error line %d; want %d, %d", data, fields, sp, len(got), gotErr, len(want), wantErr)
	}
	for i := range got {
		if got[i].line != want[i].line || strings.Join(got[i].fields, "\x00|") != strings.Join(want[i].fields, "\x00|") {
			t.Fatalf("%q fields %v split %v: record %d = %v, want %v", data, fields, sp, i, got[i], want[i])
		}
	}
}

func check(t *testing.T, data []byte, comma byte) {
	t.Helper()
	want, wantErr := reference(data, comma)
	for _, r := range want {
		if len(r.fields) > maxFields {
			return
		}
	}
	splits := [][]int{nil}
	if len(data) < 200 {
		for k := 0; k <= len(data); k++ {
			splits = append(splits, []int{k})
		}
	} else {
		splits = append(splits, []int{len(data) / 3, 2 * len(data) / 3})
	}
	for _, sp := range splits {
		for _, fields := range selections {
			checkSome(t, data, comma, fields, want, wantErr, sp)
		}
		got, gotErr, err := scanAll(data, comma, sp...)
		if err != nil {
			t.Fatalf("%q split %v: %v", data, sp, err)
		}
		if gotErr != wantErr {
			t.Fatalf("%q split %v: error at line %d, want %d", data, sp, gotErr, wantErr)
		}
		if len(got) != len(want) {
			t.Fatalf("%q split %v: %d records %v, want %d %v", data, sp, len(got), got, len(want), want)
		}
		for i := range got {
			if got[i].line != want[i].line || strings.Join(got[i].fields, "\x00|") != strings.Join(want[i].fields, "\x00|") {
				t.Fatalf("%q split %v: record %d = %v, want %v", data, sp, i, got[i], want[i])
			}
		}
	}
}

var tricky = []string{
	"",
	"\n",
	"\r\n",
	"\r",
	"a",
	"a\r",
	"a\r\r",
	"a\n\n\nb\n",
	"a,b\r\nc,d\r\n",
	"a,b\rc\n",
	"a,b\r\r\nc\n",
	",\n,,\n",
	"\"\"\n",
	"\"a\"\"b\",c\n",
	"\"a\nb\",c\nd,e\n",
	"\"a\r\nb\",c\r\nd,e\r\n",
	"\"a\rb\",c\n",
	"\"a\"\r",
	"\"a\"\rx\n",
	"\"a\"b,c\n",
	"a\"b,c\n",
	"a,b\"\n",
	"a,\"b\n",
	"a,\"b\nc\nd",
	"x\n\"",
	"x\n\"\"\"",
	"\"\"\"\"\n",
	"a,\"\"\"\"\n",
	"a,\"x,y\",\"z\"\n",
	"a,\"x\"\n\n\nb\n",
	"a,b,\n",
	"\"a\",\n",
	"\"a\"",
	"a,\"b\"\r\n\r\nc\r\n",
	"\n\n\"a\nb\"\n\"c\"d\n",
	"r1,2024-01-01T00:21:05Z,u@e.com,NA,Free,web,7,\"Fine, but \"\"slow\"\"\"\n",
	"R12345678,2024-01-01T00:21:05Z,user1234@example.com,LATAM,Enterprise,in-app,10,\"a\"\nR2,2024-01-01T00:21:05Z,u@e.com,NA,Free,web,,\nR3,x,y,z\n",
	"aaaaaaaaa,bbbbbbbbbbb,cccccccccccc,ddddddddddd,eeeeeeeeeeeee,ffff,g,hhhhhhhhhhhhhhhhh,i\r\n" +
		"aaaaaaaaa,bbbbbbbbbbb,cccccccccccc,ddddddd\"dddd,eeeeeeeeeeeee,ffff,g,hhhhhhhhhhhhhhhhh,i\r\n",
	"aaaaaaaaa,bbbbbbbbbbb,\"cccccccccccc\",ddddddddddd,eeeeeeeeeeeee,ffff,g,hhhh\"hhhhhhhhhhhhh,i\n",
	"aaaaaaaaa,bbbbbbbbbbb,cccccccccccc,ddddddddddd,eeeeeeeeeeeee,ffff,g,hhhhhhhhhhhhhhhhh,\"i\nj\"\n,,,,,,,,,,\n",
	"a\x00b,c\n",
	// A pair of quotes inside an unquoted field keeps the parity: only
	// where the first one stands shows it is bare.
	"a\"\",b\n",
	"x,a\"\"\nb\n",
	"x,a\"\"b\"\"\nc\n",
	"\"a\"\"\"\"\"\",b\n",
	"é,\"ü\nö\",ß\n",
}

func TestScannerMatchesEncodingCSV(t *testing.T) {
	eachSIMD(t, func(t *testing.T) {
		for _, s := range tricky {
			for _, comma := range []byte{',', ';', '\t', '|'} {
				in := s
				if comma != ',' {
					in = strings.ReplaceAll(s, ",", string(comma))
				}
				check(t, []byte(in), comma)
			}
		}
	})
}

func TestSelectedFields(t *testing.T) {
	data := []byte("a,\"b\"\"x\",c,d\r\n\"e\r\nf\",,g\n")
	s := New(',', []int{3, 1, 0})
	s.Reset(data, 1, true)
	var got []string
	for s.Next() {
		got = append(got, fmt.Sprintf("%d:%d:%q|%q|%q", s.Line, s.NFields, s.Fields[0], s.Fields[1], s.Fields[2]))
	}
	want := []string{`1:4:"d"|"b\"x"|"a"`, `2:3:""|""|"e\nf"`}
	if s.Err != nil || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %q (%v), want %q", got, s.Err, want)
	}
	if s.Fields[0] != nil {
		t.Fatalf("missing field not nil")
	}
	// Field reads any field of the current record, asked for or not.
	s = New(',', []int{1})
	s.Reset([]byte("a,b,c,\"d\"\"\",e\n"), 1, true)
	if !s.Next() {
		t.Fatal(s.Err)
	}
	for i, want := range []string{"a", "b", "c", `d"`, "e"} {
		if v, ok := s.Field(i); !ok || string(v) != want {
			t.Fatalf("Field(%d) = %q, %v; want %q", i, v, ok, want)
		}
	}
	if _, ok := s.Field(5); ok {
		t.Fatal("Field(5) of a 5-field record")
	}
}

func TestNextStart(t *testing.T) {
	for _, c := range []struct {
		in      string
		inQuote bool
		off, nl int
		ok      bool
	}{
		{"abc\ndef\n", false, 4, 1, true},
		{"a\"b\nc\"\nd\n", false, 7, 2, true},
		{"b\nc\"\nd\n", true, 5, 2, true},
		{"\"\"\n", false, 3, 1, true},
		{"abc", false, 0, 0, false},
		{"\"abc\n", false, 0, 0, false},
	} {
		off, n, ok := NextStart([]byte(c.in), c.inQuote)
		if off != c.off || n != c.nl || ok != c.ok {
			t.Errorf("NextStart(%q, %v) = %d, %d, %v; want %d, %d, %v", c.in, c.inQuote, off, n, ok, c.off, c.nl, c.ok)
		}
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range tricky {
		f.Add([]byte(s), byte(','), uint16(3))
	}
	// Longer documents, for the 16- and 32-byte searches.
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 8 {
		f.Add(genDoc(r, ',', []float64{0, 0.05}[i%2]), byte(','), uint16(i*331))
	}
	f.Fuzz(func(t *testing.T, data []byte, comma byte, split uint16) {
		switch comma {
		case ',', ';', '\t', '|':
		default:
			comma = ','
		}
		want, wantErr := reference(data, comma)
		for _, r := range want {
			if len(r.fields) > maxFields {
				return
			}
		}
		defer func(old int) { simd = old }(simd)
		for simd = simdNone; simd <= bestSIMD; simd++ { // every search
			eachMode(func(mode string) { // every path
				for _, sp := range [][]int{nil, {int(split) % (len(data) + 1)}} {
					checkSome(t, data, comma, selections[int(split>>8)%len(selections)], want, wantErr, sp)
					got, gotErr, err := scanAll(data, comma, sp...)
					if err != nil {
						t.Fatalf("%q split %v: %v", data, sp, err)
					}
					if gotErr != wantErr || len(got) != len(want) {
						t.Fatalf("%s %s: %q split %v: %d records, error line %d; want %d, %d", simdNames[simd], mode, data, sp, len(got), gotErr, len(want), wantErr)
					}
					for i := range got {
						if got[i].line != want[i].line || strings.Join(got[i].fields, "\x00|") != strings.Join(want[i].fields, "\x00|") {
							t.Fatalf("%s %s: %q split %v: record %d = %v, want %v", simdNames[simd], mode, data, sp, i, got[i], want[i])
						}
					}
				}
			})
		}
	})
}

// skipRef is skipFields byte by byte.
func skipRef(data []byte, p, k int, comma byte) (pos, rem, st int) {
	for e := p; e < len(data); e++ {
		switch data[e] {
		case '"':
			return e, k, 2
		case '\n':
			return e, k, 3
		case comma:
			if k--; k == 0 {
				return e + 1, 0, 1
			}
		}
	}
	return len(data), k, 0
}

// TestSkipFields compares the field skip (32, 16 and eight bytes at a
// time, then byte by byte) with skipRef on random lines.
func TestSkipFields(t *testing.T) { eachSIMD(t, testSkipFields) }

func testSkipFields(t *testing.T) {
	const alphabet = "ab,,\"\n;"
	seed := uint64(1)
	rnd := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	for iter := 0; iter < 200000; iter++ {
		n := rnd(160)
		data := make([]byte, n)
		dense := rnd(4) == 0
		for i := range data {
			if dense {
				data[i] = alphabet[rnd(len(alphabet))]
			} else if c := rnd(20); c < 2 {
				data[i] = ','
			} else if c == 2 && rnd(4) == 0 {
				data[i] = '"'
			} else if c == 3 && rnd(4) == 0 {
				data[i] = '\n'
			} else {
				data[i] = 'a' + byte(rnd(26))
			}
		}
		p := rnd(n + 1)
		k := 1 + rnd(12)
		if rnd(8) == 0 {
			k = maxRun
		}
		for _, comma := range []byte{',', ';'} {
			wp, wr, ws := skipRef(data, p, k, comma)
			gp, gr, gs := skipFields(data, p, k, uint64(comma)*lsb)
			if gp != wp || gr != wr || gs != ws {
				t.Fatalf("skipFields(%q, %d, %d, %q) = %d, %d, %d; want %d, %d, %d", data, p, k, comma, gp, gr, gs, wp, wr, ws)
			}
		}
	}
}

// TestIndexQuote compares indexQuote with bytes.IndexByte.
func TestIndexQuote(t *testing.T) { eachSIMD(t, testIndexQuote) }

func testIndexQuote(t *testing.T) {
	seed := uint64(7)
	rnd := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	for iter := 0; iter < 100000; iter++ {
		data := make([]byte, rnd(140))
		for i := range data {
			data[i] = "ab\"\n,xyz"[rnd(8)]
			if rnd(3) > 0 {
				data[i] = 'a'
			}
		}
		p := rnd(len(data) + 1)
		want := bytes.IndexByte(data[p:], '"')
		end := len(data)
		if want >= 0 {
			want += p
			end = want
		}
		wantNL := bytes.IndexByte(data[p:end], '\n') >= 0
		if got, nl := indexQuote(data, p); got != want || nl != wantNL {
			t.Fatalf("indexQuote(%q, %d) = %d, %v; want %d, %v", data, p, got, nl, want, wantNL)
		}
	}
}

// countRef is Count byte by byte.
func countRef(b []byte) Tally {
	var t Tally
	for _, c := range b {
		switch {
		case c == '"':
			t.Quotes++
		case c == '\n':
			t.Newlines++
		case c == 0:
			t.NUL = true
		case c >= 0x80:
			t.High = true
		}
	}
	return t
}

// TestCount compares Count at every level with countRef on random bytes
// of every length around the 32-byte blocks, the odd byte anywhere.
func TestCount(t *testing.T) { eachSIMD(t, testCount) }

func testCount(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for n := range 200 {
		for _, odd := range []byte{0, 0x80, 0xff, 'a'} {
			data := make([]byte, n)
			for i := range data {
				data[i] = "ab\"\n,"[r.IntN(5)]
			}
			if n > 0 {
				data[r.IntN(n)] = odd
			}
			if got, want := Count(data), countRef(data); got != want {
				t.Fatalf("Count(%q) = %+v, want %+v", data, got, want)
			}
		}
	}
}

func FuzzCount(f *testing.F) {
	for _, s := range tricky {
		f.Add([]byte(s))
	}
	f.Add(bytes.Repeat([]byte("a,\"b\"\n\x00é"), 20))
	f.Fuzz(func(t *testing.T, data []byte) {
		want := countRef(data)
		defer func(old int) { simd = old }(simd)
		for simd = simdNone; simd <= bestSIMD; simd++ {
			if got := Count(data); got != want {
				t.Fatalf("%s: Count(%q) = %+v, want %+v", simdNames[simd], data, got, want)
			}
		}
	})
}

// Field atoms for generated documents: valid ones (quoted fields with
// delimiters, "" and line ends inside) and invalid or odd ones ("\r"
// inside unquoted fields, bare quotes, text after a closing quote,
// unclosed quotes).
var (
	validAtoms = []string{"", "a", "abc", "2024-01-01T00:21:05Z", "user1234@example.com", "10", `""`, `"x,y"`,
		`"a longer comment, with a delimiter"`, `"é ü"`, `"a""b"`, "\"a\nb\"", "\"a\r\nb\"", `""""`, "\"a\rb\""}
	oddAtoms = []string{"a\rb", `"a"b`, `a"b`, `a""`, `"a`, "\"a\"\r", "\r"}
)

// genDoc returns a CSV document of records with random fields, long enough
// for the sixteen-byte searches; odd is the chance that a field is odd.
func genDoc(r *rand.Rand, comma byte, odd float64) []byte {
	var b strings.Builder
	for range 1 + r.IntN(60) {
		nf := 1 + r.IntN(maxFields)
		for f := range nf {
			if f > 0 {
				b.WriteByte(comma)
			}
			a := validAtoms[r.IntN(len(validAtoms))]
			if r.Float64() < odd {
				a = oddAtoms[r.IntN(len(oddAtoms))]
			}
			b.WriteString(strings.ReplaceAll(a, ",", string(comma)))
		}
		switch r.IntN(10) {
		case 0:
			b.WriteString("\r\n")
		case 1:
			b.WriteString("\n\n") // an empty line
		case 2:
			b.WriteString("\n\r\n") // an empty CRLF line
		default:
			b.WriteString("\n")
		}
	}
	s := b.String()
	if r.IntN(4) == 0 {
		s = s[:r.IntN(len(s)+1)] // cut anywhere, even inside a record
	}
	return []byte(s)
}

// TestLongDocumentsMatchEncodingCSV compares the scanner with encoding/csv
// on generated documents of up to a few kilobytes.
func TestLongDocumentsMatchEncodingCSV(t *testing.T) {
	eachSIMD(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		for i := range 3000 {
			comma := []byte{',', ';', '\t', '|'}[i%4]
			odd := []float64{0, 0.002, 0.02, 0.2}[i/4%4]
			check(t, genDoc(r, comma, odd), comma)
		}
	})
}
