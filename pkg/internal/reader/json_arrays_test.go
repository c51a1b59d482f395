package reader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// objects writes n objects {"arr": "NAME", "i": k} (with "score": 9 when
// score is set) as a JSON array.
func objects(name string, n int, score bool) string {
	var b strings.Builder
	b.WriteString("[")
	for k := 0; k < n; k++ {
		if k > 0 {
			b.WriteString(",\n")
		}
		if score {
			fmt.Fprintf(&b, `{"arr": %q, "i": %d, "score": 9}`, name, k)
		} else {
			fmt.Fprintf(&b, `{"arr": %q, "i": %d}`, name, k)
		}
	}
	b.WriteString("]")
	return b.String()
}

// TestJSONArrayChoice: an object with several arrays is read from the one
// whose objects hold a score column, then the one under a conventional
// name; arrays that rank alike are a usage error listing them.
func TestJSONArrayChoice(t *testing.T) {
	long := lookahead + 1
	tests := []struct {
		name    string
		content string
		opt     survey.Options
		inspect bool
		want    string // the array read, and how many of its rows
		rows    int
		cols    []string // inspect: the columns of the array read
		err     string   // else: the usage error's text after the path
	}{
		{name: "metadata before the responses",
			content: `{"meta": ` + objects("meta", 2, false) + `, "responses": ` + objects("responses", 3, true) + `}`,
			want:    "responses", rows: 3},
		{name: "questions before the responses",
			content: `{"questions": [{"id": "q1", "title": "How likely are you to recommend us?", "type": "nps"}], "responses": ` + objects("responses", 2, true) + `}`,
			want:    "responses", rows: 2},
		{name: "JSON:API included before data",
			content: `{"included": [{"type": "people", "id": "1", "attributes": {"name": "Ann"}}],` +
				` "data": [{"type": "responses", "id": "r1", "arr": "data", "attributes": {"score": 9}}]}`,
			want: "data", rows: 1},
		{name: "a long metadata array before the responses",
			content: `{"included": ` + objects("included", long, false) + `, "data": ` + objects("data", 2, true) + `}`,
			want:    "data", rows: 2},
		{name: "long responses before a short score array",
			content: `{"responses": ` + objects("responses", long, true) + `, "summary": ` + objects("summary", 1, true) + `}`,
			want:    "responses", rows: long},
		{name: "a score column beats a conventional name",
			content: `{"data": ` + objects("data", 2, false) + `, "survey": ` + objects("survey", 3, true) + `}`,
			want:    "survey", rows: 3},
		{name: "then the conventional name",
			content: `{"survey": ` + objects("survey", 2, true) + `, "results": ` + objects("results", 3, true) + `}`,
			want:    "results", rows: 3},
		{name: "without score columns, the conventional name (inspect)",
			content: `{"meta": [{"m": 1}, {"m": 2}], "items": [{"it": 1}]}`,
			inspect: true,
			cols:    []string{"it"}},
		{name: "--score-col decides",
			content: `{"a": [{"arr": "a", "nps": 3}], "b": [{"arr": "b", "score": 9}, {"arr": "b", "score": 10}]}`,
			opt:     survey.Options{ScoreCol: "score"},
			want:    "b", rows: 2},
		{name: "two score arrays",
			content: "{\"a\": " + objects("a", 1, true) + ",\n\"b\": " + objects("b", 2, true) + "}",
			err:     `the JSON holds several arrays that could be the responses: "a" (line 1), "b" (line 2); name the score key with --score-col if only one of them has it, or extract the one to read first, e.g. jq '.a' `},
		{name: "two conventional names with score columns",
			content: `{"data": ` + objects("data", 1, true) + `, "responses": ` + objects("responses", 1, true) + `, "meta": []}`,
			err:     `the JSON holds several arrays that could be the responses: "data" (line 1), "responses" (line 1); `},
		{name: "a long score array tied with a short one",
			content: `{"a": ` + objects("a", 1, true) + `, "b": ` + objects("b", long, true) + `}`,
			err:     `the JSON holds several arrays that could be the responses: "a" (line 1), "b" (line 1); `},
		{name: "a better array after a long one",
			content: `{"survey": ` + objects("survey", long, true) + `, "responses": ` + objects("responses", 1, true) + `}`,
			err:     `the JSON holds several arrays that could be the responses: "survey" (line 1), "responses" (line 1001); `},
		{name: "no array has a score column or a conventional name",
			content: `{"a": ` + objects("a", 1, false) + `, "b": ` + objects("b", 1, false) + `}`,
			inspect: true,
			err:     `the JSON holds several arrays that could be the responses: "a" (line 1), "b" (line 1); extract the one to read first, e.g. jq '.a' `},
		{name: "a key jq must quote",
			content: `{"my data": ` + objects("x", 1, true) + `, "b": ` + objects("b", 1, true) + `}`,
			err:     `e.g. jq '.["my data"]' `},
		{name: "a long array without a score column",
			content: `{"events": ` + objects("events", long, false) + `}`,
			err:     `:1: no score column found in the array "events"; name the score key with --score-col KEY; keys are: arr, i`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.cols != nil {
				r, err := open([]string{writeFile(t, t.TempDir(), "x.json", []byte(tt.content))}, nil, tt.opt, tt.inspect)
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				if !reflect.DeepEqual(r.Columns(), tt.cols) {
					t.Errorf("columns %q, want %q", r.Columns(), tt.cols)
				}
				return
			}
			r, rows, err := readString(t, "x.json", tt.content, tt.opt)
			if tt.err != "" {
				wantUserErr(t, err, usererr.Usage, tt.err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			arr := lookup(r.Columns(), "arr")
			if len(rows) != tt.rows {
				t.Fatalf("%d rows, want %d", len(rows), tt.rows)
			}
			for _, x := range rows {
				if x.fields[arr] != tt.want {
					t.Fatalf("row on line %d is from %q, want %q", x.line, x.fields[arr], tt.want)
				}
			}
		})
	}
}

// TestJSONKeyCollisions: keys that flatten to the same dot path stay apart
// (the second path seen gets "path_2") with a warning, in JSON and JSON
// Lines, whichever comes first.
func TestJSONKeyCollisions(t *testing.T) {
	tests := []struct {
		name, file, content string
		cols                []string
		fields              [][]string
		warn                string
	}{
		{name: "nested first", file: "a.json",
			content: `[{"a": {"b": 1}, "a.b": 2, "score": 9}, {"a.b": 3, "score": 9}, {"a": {"b": 4}, "score": 9}]`,
			cols:    []string{"a.b", "a.b_2", "score"},
			fields:  [][]string{{"1", "2", "9"}, {"", "3", "9"}, {"4", "", "9"}},
			warn:    `a.json: the keys "a"."b" and "a.b" (line 1) both flatten to "a.b"; the second is column "a.b_2"`},
		{name: "dotted key first", file: "a.jsonl",
			content: "{\"score\": 9, \"a.b\": 2}\n{\"a\": {\"b\": 1}, \"score\": 9}\n",
			cols:    []string{"score", "a.b", "a.b_2"},
			fields:  [][]string{{"9", "2", ""}, {"9", "", "1"}},
			warn:    `a.jsonl: the keys "a.b" and "a"."b" (line 2) both flatten to "a.b"; the second is column "a.b_2"`},
		{name: "two dotted paths", file: "a.json",
			content: `[{"x": {"a.b": 1}, "x.a": {"b": 2}, "score": 9}]`,
			cols:    []string{"x.a.b", "x.a.b_2", "score"},
			fields:  [][]string{{"1", "2", "9"}},
			warn:    `a.json: the keys "x"."a.b" and "x.a"."b" (line 1) both flatten to "x.a.b"; the second is column "x.a.b_2"`},
		{name: "a name taken by a real key", file: "a.json",
			content: `[{"a": {"b": 1}, "a.b_2": 5, "a.b": 2, "score": 9}]`,
			cols:    []string{"a.b", "a.b_2", "a.b_3", "score"},
			fields:  [][]string{{"1", "5", "2", "9"}},
			warn:    `a.json: the keys "a"."b" and "a.b" (line 1) both flatten to "a.b"; the second is column "a.b_3"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, rows, err := readString(t, tt.file, tt.content, survey.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.Columns(), tt.cols) {
				t.Errorf("columns %q, want %q", r.Columns(), tt.cols)
			}
			var got [][]string
			for _, x := range rows {
				got = append(got, x.fields)
			}
			if !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("fields %q, want %q", got, tt.fields)
			}
			if w := r.Warnings(); len(w) != 1 || !strings.HasSuffix(w[0], tt.warn) {
				t.Errorf("warnings %q, want one ending %q", w, tt.warn)
			}
		})
	}
}

// FuzzJSONArrays builds an object of up to four arrays (each with or
// without a score key, under a conventional name or not, short or longer
// than the lookahead, with other members between) from the fuzzer's bytes
// and checks the choice against the rule: the array read is the one
// score array that ranks highest, every object of it in order; a tie at
// the top is a usage error; no score array is an error.
func FuzzJSONArrays(f *testing.F) {
	f.Add([]byte{0x11, 0x22})
	f.Add([]byte{0x01, 0x13, 0x05})
	f.Add([]byte{0x1d, 0x0f, 0x33})
	f.Add([]byte{0x0b, 0x07})
	f.Add([]byte{0x1b, 0x17, 0x2e, 0x3a})
	keys := []string{"a", "data", "meta", "responses", "items", "b", "c", "results"}
	f.Fuzz(func(t *testing.T, spec []byte) {
		if len(spec) == 0 || len(spec) > 4 {
			return
		}
		type arr struct {
			key   string
			score bool
			n     int
		}
		var arrs []arr
		var b strings.Builder
		b.WriteString("{")
		used := map[string]bool{}
		for i, c := range spec {
			a := arr{key: keys[c&7], score: c&8 != 0, n: 1 + int(c>>4&1)}
			if c&0x20 != 0 {
				a.n = lookahead + 1
			}
			if used[a.key] {
				return
			}
			used[a.key] = true
			arrs = append(arrs, a)
			if i > 0 {
				b.WriteString(",\n")
			}
			if c&0x40 != 0 {
				b.WriteString(`"other": {"x": [1, {"y": []}]}, "n": [2, 3],` + "\n")
			}
			fmt.Fprintf(&b, "%q: %s", a.key, objects(a.key, a.n, a.score))
		}
		b.WriteString("}")
		data := b.String()

		rank := func(a arr) int {
			r := 0
			if a.score {
				r = 2
			}
			if conventionalKey(a.key) {
				r++
			}
			return r
		}
		// longBefore: a score array longer than the lookahead came before
		// the best one, so it was being read from the stream when the
		// best one appeared (any such array, not only the best so far).
		top, tops, longBefore, longSeen := -1, 0, false, false
		var want arr
		for _, a := range arrs {
			if !a.score {
				continue
			}
			switch r := rank(a); {
			case r > top:
				longBefore = longBefore || longSeen
				top, tops, want = r, 1, a
			case r == top:
				tops++
			}
			longSeen = longSeen || a.n > lookahead
		}

		r, err := Open(nil, strings.NewReader(data), survey.Options{InputFormat: "json", ScoreCol: "score"})
		var rows []string
		if err == nil {
			arrCol, iCol := lookup(r.Columns(), "arr"), lookup(r.Columns(), "i")
			for {
				resp, e := r.Next()
				if e == io.EOF {
					break
				}
				if e != nil {
					err = e
					break
				}
				rows = append(rows, resp.Fields[arrCol]+"/"+resp.Fields[iCol])
			}
			r.Close()
		}
		switch {
		case top < 0:
			if err == nil {
				t.Fatalf("%s\nno score array, yet %d rows were read", spec, len(rows))
			}
		case tops > 1:
			var ue *usererr.Error
			if !errors.As(err, &ue) || ue.Kind != usererr.Usage || !strings.Contains(err.Error(), "several arrays") {
				t.Fatalf("spec %x: arrays tie at rank %d; got %v", spec, top, err)
			}
		case err != nil && longBefore:
			// A longer score array before the best one was read from
			// the stream: the best one shows the tie at the end.
			if !strings.Contains(err.Error(), "several arrays") {
				t.Fatalf("spec %x: %v", spec, err)
			}
		case err != nil:
			t.Fatalf("spec %x: want array %q; got %v", spec, want.key, err)
		default:
			if len(rows) != want.n {
				t.Fatalf("spec %x: %d rows, want %d of %q", spec, len(rows), want.n, want.key)
			}
			for k, row := range rows {
				if row != want.key+"/"+strconv.Itoa(k) {
					t.Fatalf("spec %x: row %d is %s, want %s/%d", spec, k, row, want.key, k)
				}
			}
		}
		if err != nil && bytes.ContainsAny([]byte(err.Error()), "\n\r") {
			t.Fatalf("error %q is not one line", err)
		}
	})
}
