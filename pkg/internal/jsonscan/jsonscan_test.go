package jsonscan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

var testKeys = []string{"id", "date", "region", "score", "w", "tags", "answers", "a.b", "respondent_email", "response_id",
	"submitted_at", "submitted_atx"}

// (respondent_email and submitted_atx are too long to be compared in
// place with their colon; submitted_at, the longest that is not, and
// response_id are not.)
var testSlots = []int{-1, 0, 1, 2, 3, -1, -1, 4, 5, -1, 6, 7}

func newTest() *Scanner {
	return New(testKeys, testSlots)
}

// reference is what the general decoder (pkg/survey's flatten and unquote)
// gives for the wanted keys of a line: nested objects flattened to dot
// paths, the last of repeated keys. ok is false when the line is not a
// valid object.
func reference(line []byte) (vals []string, blank, ok bool) {
	t := bytes.TrimSpace(line)
	if len(t) == 0 {
		return nil, true, true
	}
	if !json.Valid(t) || t[0] != '{' {
		return nil, false, false
	}
	flat := map[string]string{}
	if !flatten(t, "", flat) {
		return nil, false, false
	}
	vals = make([]string, 8)
	for j, k := range testKeys {
		if slot := testSlots[j]; slot >= 0 {
			vals[slot] = flat[k]
		}
	}
	return vals, false, true
}

func flatten(obj []byte, prefix string, out map[string]string) bool {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if _, err := dec.Token(); err != nil {
		return false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		key := prefix + tok.(string)
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return false
		}
		switch raw[0] {
		case '{':
			n := len(out)
			sub := map[string]string{}
			if !flatten(raw, key+".", sub) {
				return false
			}
			if len(sub) == 0 && n >= 0 && bytes.Equal(bytes.TrimSpace(raw[1:len(raw)-1]), nil) {
				out[key] = ""
			}
			for k, v := range sub {
				out[k] = v
			}
		case 'n':
			out[key] = ""
		case '"':
			if bytes.IndexByte(raw, '\\') < 0 {
				out[key] = string(raw[1 : len(raw)-1])
			} else {
				var s string
				if json.Unmarshal(raw, &s) != nil {
					return false
				}
				out[key] = s
			}
		default:
			out[key] = string(raw)
		}
	}
	return true
}

func check(t *testing.T, s *Scanner, line []byte) Status {
	t.Helper()
	s.Text(line)
	return checkAt(t, s, line, 0)
}

// checkAt checks LineAt(from) of text, the scanner's text.
func checkAt(t *testing.T, s *Scanner, text []byte, from int) Status {
	t.Helper()
	st, end := s.LineAt(from)
	if st == Fallback {
		return st
	}
	end -= from
	line := text[from:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		if end != i {
			t.Fatalf("%q: end %d, want %d", line, end, i)
		}
		line = line[:i]
	} else if end != len(line) {
		t.Fatalf("%q: end %d, want %d", line, end, len(line))
	}
	want, blank, ok := reference(line)
	if !ok {
		t.Fatalf("%q: scanner says %v, encoding/json says invalid or not an object", line, st)
	}
	if blank != (st == Blank) {
		t.Fatalf("%q: scanner says %v, blank %v", line, st, blank)
	}
	if st == OK {
		for k, w := range want {
			if got := string(s.Value(k)); got != w {
				t.Fatalf("%q: slot %d = %q, want %q", line, k, got, w)
			}
		}
	}
	return st
}

var lines = []struct {
	line string
	want Status
}{
	{`{"id":1,"date":"2025-01-05","region":"EMEA","score":9,"w":1}`, OK},
	{`{"score":9.0,"w":-1.5e+3,"date":null,"region":true}`, OK},
	{`{"score":"9","region":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\ud83d\u0041\udc00"}`, OK},
	{"{\"region\":\"\xff\xfe\\n\xed\xa0\x80\xe6\x97\"}", OK},
	{"{\"region\":\"\xff\xfe\xe6\x97\"}", OK},
	{`{"tags":[1,"x",{"a":[null,true,false]},[]],"score":3}`, OK},
	{"  \t{ \"score\" : 3 , \"w\" : 1 }  \r", OK},
	{"{}\n{\"score\":1}", OK},
	{"{\"score\":1}\r\nmore", OK},
	{"", Blank},
	{" \t\r", Blank},
	{"\r\n{}", Blank},
	{`{"score":3,"score":4}`, OK},
	// Compact members, then one the general loop reads, then compact ones
	// again: an escape, white space before or after a separator or a
	// colon, a nested object, true, an array, a key too long to compare in
	// place, a key not seen at its position before.
	{`{"response_id":"R1","date":"2025-01-05","region":"E\"M","score":9,"w":1}`, OK},
	{`{"response_id":"R1","date":"2025-01-05" ,"region":"EMEA", "score":9,"w":1}`, OK},
	{`{"response_id":"R1","date" : "2025-01-05","region":"EMEA","score":9,"w":1}`, OK},
	{`{"response_id":"R1","a":{"b":"x"},"region":"EMEA","score":9,"w":true}`, OK},
	{`{"response_id":"R1","tags":[1,2],"region":"EMEA","respondent_email":"a@b.c","score":9}`, OK},
	{`{"respondent_email":"a@b.c","response_id":"R1","score":null,"region":"NA","id":-0.5e3}`, OK},
	{`{"response_id":"R1","region":"EMEA","score":9,"w":1,"date":"2025-01-05"}`, OK},
	{`{"response_id":"R1","region":"EMEA","score":9,"w":1,"date":"2025-01-05","id":1}`, OK},
	// The longest pattern, and one byte longer; a value at the end.
	{`{"submitted_at":"2025-01-05","submitted_atx":"x","score":1}`, OK},
	{`{"score":1,"submitted_atx":7,"submitted_at":8}`, OK},
	{`{"submitted_at":1}`, OK},
	{`{"submitted_at":"`, Fallback},
	{`{"submitted_at":`, Fallback},
	// Bytes of multi-byte UTF-8 (and invalid UTF-8) inside compact strings,
	// a number as a string, CRLF.
	{"{\"response_id\":\"R1\",\"region\":\"Z\xc3\xbcrich \xe6\x9d\xb1\xe4\xba\xac \xff\",\"score\":\"9\",\"w\":1}\r\n", OK},
	// Escapes in strings whose values are not wanted (response_id, tags),
	// which the compact loop skips: simple ones, \u, invalid ones, one
	// cut short; null in a compact run.
	{`{"response_id":"R\"1\\2\/\b\f\n\r\t","region":"EMEA","score":9,"w":1}`, OK},
	{`{"response_id":"R\u00e9\"","region":"E\"M","score":9,"w":1}`, OK},
	{`{"response_id":"R1","tags":"\\","score":9,"tags":"\"\\\"","w":1}`, OK},
	{`{"response_id":"R\x1","region":"EMEA","score":9}`, Fallback},
	{`{"response_id":"R\u00g9","region":"EMEA","score":9}`, Fallback},
	{`{"response_id":"R1\`, Fallback},
	{`{"response_id":"R1\"`, Fallback},
	{`{"response_id":"R1","region":null,"score":null,"w":1}`, OK},
	// Strings over whole words of masks with no stop.
	{`{"response_id":"` + strings.Repeat("x", 150) + `","region":"` + strings.Repeat("y", 140) + `","score":9}`, OK},
	{`{"response_id":"` + strings.Repeat("x", 150) + `\"` + strings.Repeat("x", 130) + `","score":9}`, OK},
	{`{"response_id":"R1","region":"EMEA","score":nul}`, Fallback},
	{`{"response_id":"R1","region":"EMEA","score":nulL,"w":1}`, Fallback},
	{`{"response_id":"R1","region":"EMEA","score":null`, Fallback},
	// Invalid inside a compact run.
	{`{"response_id":"R1","region":"EM` + "\x01" + `EA","score":9,"w":1}`, Fallback},
	{`{"response_id":"R1","region":"EMEA","score":09,"w":1}`, Fallback},
	{`{"response_id":"R1","region":"EMEA","score":nil,"w":1}`, Fallback},
	{`{"response_id":"R1","region":"EMEA","score":9;"w":1}`, Fallback},
	{`{"response_id":"R1","region":"EMEA","score":9,"w":1`, Fallback},
	{`{"response_id":"R1","region":"EMEA","score":9,"w":"1`, Fallback},
	{`{"score":3,"region":{"a":1}}`, Fallback},
	{`{"a":{"b":1}}`, OK},
	{`{"a":{"b":"x\n"},"score":1}`, OK},
	{`{"a.b":"top","a":{"b":"nested"}}`, OK},
	{`{"a":{"b":"nested"},"a.b":"top"}`, OK},
	{`{"a":{"b":{}}, "tags":{}}`, OK},
	{`{"a":{ },"id":{"x":{}}}`, OK},
	{`{"a":{"c":1}}`, Fallback},
	{`{"a":{"b":[1]}}`, Fallback},
	{`{"a":{"b\u0000":1}}`, Fallback},
	{`{"a":{"b":1,}}`, Fallback},
	{`{"x":` + strings.Repeat(`{"x":`, 20) + "{}" + strings.Repeat("}", 21), Fallback},
	{`{"region":["x"]}`, Fallback},
	{`{"answers":[]}`, Fallback},
	{`{"other":1}`, Fallback},
	{`{"sc\u006fre":1}`, Fallback},
	{`{"score":1,}`, Fallback},
	{`{"score":01}`, Fallback},
	{`{"score":1.}`, Fallback},
	{`{"score":-}`, Fallback},
	{`{"score":.5}`, Fallback},
	{`{"score":1e}`, Fallback},
	{`{"score":tru}`, Fallback},
	{`{"score":nul}`, Fallback},
	{`{"score":"a\qb"}`, Fallback},
	{`{"score":"\u12"}`, Fallback},
	{"{\"score\":\"a\tb\"}", Fallback},
	{`{"score":1} x`, Fallback},
	{`{"score":1}{}`, Fallback},
	{`[1]`, Fallback},
	{`"x"`, Fallback},
	{"\f{}", Fallback},
	{`{"score":1`, Fallback},
	{"{\"score\":\n1}", Fallback},
	{`{"score" 1}`, Fallback},
	{`{score:1}`, Fallback},
	{`{"tags":[1,]}`, Fallback},
	{`{"tags":[` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `]}`, Fallback},
}

func TestLine(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		s := newTest()
		for _, c := range lines {
			for range 2 { // the second time with the key order learnt
				if got := check(t, s, []byte(c.line)); got != c.want {
					t.Errorf("%q: %v, want %v", c.line, got, c.want)
				}
				sameRun(t, s, []byte(c.line), 1)
			}
		}
	})
}

// longLine is a line of the test keys over several words of masks, its
// strings i bytes longer than the shortest, its tags (not wanted) with i
// escapes.
func longLine(i int) []byte {
	pad := strings.Repeat("x", i)
	return fmt.Appendf(nil, `{"response_id":"R%d","date":"2025-01-0%d%s","region":"EMEA%s","score":%d,"w":12,"id":1234567890123,"tags":"%s%s","a.b":"x%s"}`,
		i, i%10, pad, pad, i%11, pad, strings.Repeat(`\"`, i), pad)
}

// TestLines reads the lines of a text of many, so that the masks'
// window moves on in the middle of lines and strings, and lines over its
// edge, from each start.
func TestLines(t *testing.T) {
	var text []byte
	for i := range 200 {
		text = append(append(text, longLine(i%50)...), '\n')
		if i%37 == 0 {
			text = append(text, `{"response_id":"R\"1","tags":[1,2]}`+"\n"...)
		}
	}
	eachLevel(t, func(t *testing.T) {
		for _, first := range []int{0, 1, 2, 3} {
			s := newTest()
			s.Text(text)
			n, from := 0, 0
			for from < len(text) {
				if n >= first {
					if st := checkAt(t, s, text, from); st != OK {
						t.Fatalf("line at %d: %v", from, st)
					}
				}
				n++
				from += bytes.IndexByte(text[from:], '\n') + 1
			}
		}
	})
}

// checkRun reads text as the pipeline does, by Run at most max lines at
// a time and LineAt where Run stops, and checks each line Run read
// against LineAt of another scanner. It returns how many Run read.
func checkRun(t *testing.T, text []byte, max int) int {
	t.Helper()
	s, ref := newTest(), newTest()
	s.Text(text)
	ref.Text(text)
	ends := make([]int, max)
	read := 0
	for from := 0; from < len(text); {
		n := s.Run(from, ends)
		for k := range n {
			st, end := ref.LineAt(from)
			if st != OK || end != ends[k] {
				t.Fatalf("%q: Run read the line at %d to %d, LineAt says %v to %d", text, from, ends[k], st, end)
			}
			for slot := range 8 {
				if got, want := s.RunValue(k, slot), ref.Value(slot); !bytes.Equal(got, want) {
					t.Fatalf("%q: line at %d, slot %d: Run %q, LineAt %q", text, from, slot, got, want)
				}
			}
			from = end + 1
		}
		read += n
		if n == 0 {
			ref.LineAt(from)
			st, end := s.LineAt(from)
			if st == Fallback {
				end = len(text)
				if i := bytes.IndexByte(text[from:], '\n'); i >= 0 {
					end = from + i
				}
			}
			from = end + 1
		}
	}
	return read
}

// runTexts are texts for checkRun: many lines of one key order (some with
// a null, escapes in a wanted string, a key order of their own, white
// space, CR, '[' for '{'), the same without its last newline, each of the test lines
// twice.
func runTexts() [][]byte {
	var uniform, table []byte
	for i := range 300 {
		l := longLine(i % 60)
		switch i % 41 {
		case 7:
			l = bytes.Replace(l, []byte(`"score":`), []byte(`"score":null,"x":`), 1)
		case 13:
			l = bytes.Replace(l, []byte(`"region":"EMEA`), []byte(`"region":"E\"MEA`), 1)
		case 19:
			l = []byte(`{"score":1,"response_id":"R","region":"x"}`)
		case 23:
			l = append([]byte(" "), l...)
		case 29:
			l = append(l, '\r')
		case 31:
			l = append([]byte("["), l[1:]...)
		}
		uniform = append(append(uniform, l...), '\n')
	}
	for _, c := range lines {
		table = append(append(append(append(table, c.line...), '\n'), c.line...), '\n')
	}
	return [][]byte{uniform, uniform[:len(uniform)-1], table}
}

// TestRun reads texts by Run and LineAt: Run must read what LineAt reads,
// and read most lines of one key order (the others, and the line after
// each, are LineAt's).
func TestRun(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		for i, text := range runTexts() {
			for _, max := range []int{1, 2, 7, 256} {
				read := checkRun(t, text, max)
				if lines := bytes.Count(text, []byte{'\n'}); i < 2 && read < lines*7/10 {
					t.Errorf("text %d, runs of %d: Run read %d of %d lines", i, max, read, lines)
				}
			}
		}
	})
	// members against linesGo from every line of the texts.
	for _, text := range runTexts() {
		s := newTest()
		check(t, s, text[:bytes.IndexByte(text, '\n')])
		for from := 0; from >= 0; {
			for _, max := range []int{1, 3, 256} {
				sameLines(t, s, text, from, max)
			}
			if i := bytes.IndexByte(text[from:], '\n'); i >= 0 {
				from += i + 1
			} else {
				from = -1
			}
		}
	}
}

// TestLineCut: long lines cut short at every length, and with their last
// byte changed to one that matters, after a line that teaches the key
// order whose strings are of another length: the members that end the
// masks' words, the text or the line move about.
func TestLineCut(t *testing.T) {
	alphabet := []byte("\\\"\n\x00\t ,}{:09-.en")
	eachLevel(t, func(t *testing.T) {
		s := newTest()
		for i := 0; i < 40; i += 7 {
			full := longLine(i)
			for n := range len(full) + 1 {
				for _, c := range alphabet {
					check(t, s, longLine(i/2))
					b := slices.Clone(full[:n])
					check(t, s, b)
					if n > 0 {
						b[n-1] = c
						check(t, s, b)
						sameRun(t, s, b, 1)
					}
				}
			}
		}
	})
}

func FuzzJSONScan(f *testing.F) {
	for _, c := range lines {
		f.Add([]byte(c.line), []byte(`{"score":1,"region":"x"}`))
	}
	f.Add(longLine(7), longLine(8))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		defer func(old int) { simd = old }(simd)
		for simd = simdNone; simd <= bestSIMD; simd++ {
			s := newTest()
			check(t, s, b) // learn a key order
			check(t, s, a)
			check(t, s, a)
			sameRun(t, s, a, 1)
			text := slices.Concat(b, []byte{'\n'}, a, []byte{'\n'}, a, []byte{'\n'}, a)
			checkRun(t, text, 2)
			sameLines(t, s, text, len(b)+1, 3)
		}
	})
}

func benchLine(i int) []byte {
	regions := []string{"EMEA", "NA", "APAC", "LATAM"}
	return fmt.Appendf(nil, `{"response_id":"R%d","submitted_at":"2025-%02d-%02dT%02d:%02d:05Z","email":"user%d@example.com","region":%q,"plan":"Free","channel":"web","score":%d,"comment":"Fine, but the reports are slow"}`+"\n",
		i, i%12+1, i%28+1, i%24, i%60, i%7919, regions[i%4], i%11)
}

// benchScanner wants submitted_at, region and score of benchLine's lines.
func benchScanner() *Scanner {
	keys := []string{"response_id", "submitted_at", "email", "region", "plan", "channel", "score", "comment"}
	return New(keys, []int{-1, 0, -1, 1, -1, -1, 2, -1})
}

// BenchmarkLine extracts submitted_at, region and score from lines shaped
// like cmd/npsgen's JSON Lines, each given as a text of its own.
func BenchmarkLine(b *testing.B) {
	benchLines(b, func(s *Scanner, data []byte, from int) (Status, int) {
		st, end := s.Line(data[from:])
		return st, from + end
	})
}

// BenchmarkLines reads them as the pipeline does: one text, a line at an
// index.
func BenchmarkLines(b *testing.B) {
	benchLines(b, func(s *Scanner, data []byte, from int) (Status, int) {
		if from == 0 {
			s.Text(data)
		}
		return s.LineAt(from)
	})
}

// benchLines reads 10000 lines with line (the line at from; the index of
// its end).
func benchLines(b *testing.B, line func(s *Scanner, data []byte, from int) (Status, int)) {
	var data []byte
	for i := range 10000 {
		data = append(data, benchLine(i)...)
	}
	s := benchScanner()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		for from := 0; from < len(data); {
			st, end := line(s, data, from)
			if st != OK {
				b.Fatal(st)
			}
			from = end + 1
		}
	}
}

// checkObject checks Object on b (an object, maybe spanning lines, maybe
// followed by more) against encoding/json, and Skip against json.Valid.
func checkObject(t *testing.T, s *Scanner, b []byte) Status {
	t.Helper()
	if len(b) == 0 || b[0] != '{' {
		return Fallback
	}
	end := -1
	dec := json.NewDecoder(bytes.NewReader(b))
	var raw json.RawMessage
	if dec.Decode(&raw) == nil && len(raw) > 0 && raw[0] == '{' {
		end = int(dec.InputOffset())
	}
	if got := s.Skip(b); got >= 0 && got != end {
		t.Fatalf("%q: Skip = %d, encoding/json ends the value at %d", b, got, end)
	}
	st, e, nl := s.Object(b)
	if st == Fallback {
		return st
	}
	if end < 0 || e != end {
		t.Fatalf("%q: Object ends at %d, encoding/json at %d", b, e, end)
	}
	if want := bytes.Count(b[:end], []byte{'\n'}); nl != want {
		t.Fatalf("%q: Object counts %d line ends, there are %d", b, nl, want)
	}
	want, _, ok := reference(b[:end])
	if !ok {
		t.Fatalf("%q: Object says OK, the reference cannot read it", b)
	}
	for k, w := range want {
		if got := string(s.Value(k)); got != w {
			t.Fatalf("%q: slot %d = %q, want %q", b, k, got, w)
		}
	}
	return st
}

// TestObject: the lines of TestLine as objects of an array, compact,
// indented over several lines and with a line end after the '{' only,
// each followed by what follows an element.
func TestObject(t *testing.T) {
	eachLevel(t, testObject)
}

func testObject(t *testing.T) {
	s := newTest()
	for _, c := range lines {
		b := []byte(strings.TrimLeft(c.line, " \t\r\n"))
		var ind bytes.Buffer
		variants := [][]byte{b}
		if len(b) > 0 && b[0] == '{' {
			variants = append(variants, append([]byte("{\n"), b[1:]...))
		}
		if json.Indent(&ind, b, "  ", "\t") == nil {
			variants = append(variants, ind.Bytes())
		}
		for _, v := range variants {
			for _, after := range []string{"", ",\n", "\n]", "]}"} {
				got := checkObject(t, s, append(append([]byte(nil), v...), after...))
				if c.want == OK && got != OK && !strings.Contains(c.line, "\n") {
					t.Errorf("%q%q: %v, want OK", v, after, got)
				}
			}
		}
	}
	// Incomplete: never OK, Skip -1.
	for _, b := range []string{`{"score":1`, "{\"score\":\n", `{"a":{"b":1}`} {
		if st, _, _ := s.Object([]byte(b)); st != Fallback || s.Skip([]byte(b)) != -1 {
			t.Errorf("%q: an incomplete object read as complete", b)
		}
	}
	for _, c := range []struct {
		b       string
		from    int
		end, nl int
	}{{" \t\r\n,", 0, 4, 1}, {"\n\n x", 0, 3, 2}, {"\n\n x", 1, 3, 1}, {"x\n", 0, 0, 0}, {"\n", 1, 1, 0}} {
		if end, nl := Space([]byte(c.b), c.from); end != c.end || nl != c.nl {
			t.Errorf("Space(%q, %d) = %d, %d; want %d, %d", c.b, c.from, end, nl, c.end, c.nl)
		}
	}
}

func FuzzJSONObject(f *testing.F) {
	for _, c := range lines {
		f.Add([]byte(c.line))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		defer func(old int) { simd = old }(simd)
		for simd = simdNone; simd <= bestSIMD; simd++ {
			s := newTest()
			checkObject(t, s, b)
			checkObject(t, s, b)
		}
	})
}
