package pipeline

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// jsonlInputs are JSON Lines inputs for the differential tests: the keys
// of queries (id, date, region, score, w) in many spellings.
var jsonlInputs = []string{
	`{"id":1,"date":"2025-01-05","region":"EMEA","score":9,"w":1}
{"id":2,"date":"2025-02-06","region":"NA","score":3,"w":2}
{"id":3,"date":"2025-03-07","region":"EMEA","score":10,"w":0.5}
`,
	// Escapes, unicode, surrogate pairs, lone surrogates (invalid UTF-8:
	// TestJSONLInvalidUTF8).
	"{\"id\":1,\"date\":\"2025-01-05\",\"region\":\"E\\u004dEA\",\"score\":\"9\",\"w\":1}\n" +
		"{\"id\":2,\"date\":\"2025\\/02\\/06\",\"region\":\"N\\\"A\\\\\\n\\t\",\"score\":\"\\u0037\",\"w\":\"2\"}\n" +
		"{\"id\":3,\"date\":\"2025-03-07\",\"region\":\"\\ud83d\\ude00 \\ud83d x \\ude00\",\"score\":10,\"w\":0.5}\n" +
		"{\"id\":4,\"date\":\"2025-03-08\",\"region\":\"caf\xc3\xa9 \\u00e9\",\"score\":8,\"w\":1}\n" +
		"{\"id\":5,\"date\":\"2025-03-09\",\"region\":\"\\udc00\\n\\ud800\",\"score\":8,\"w\":1}\n" +
		"{\"id\":6,\"date\":\"2025-03-09\",\"region\":\"日本\",\"score\":8,\"w\":1}\n",
	// Nulls, numbers as text and as numbers, booleans, missing keys.
	`{"id":1,"date":null,"region":null,"score":9.0,"w":1e0}
{"id":2,"date":"2025-02-06","score":"9","w":true}
{"id":3,"region":"NA","score":-0,"w":false}
{"id":4,"date":"2025-02-07","region":"NA","score":null,"w":null}
{"id":5,"date":"2025-02-08","region":"NA","score":1E1,"w":2.5E-1}
{}
{"score":7}
`,
	// Blank lines, CRLF, white space around tokens, a last line without
	// its newline.
	"\r\n{\"id\":1, \"date\" : \"2025-01-05\" ,\"region\":\"EMEA\",\"score\":9,\"w\":1}\r\n\r\n  \t\n" +
		"\t{ \"id\" :2,\"date\":\"2025-02-06\",\"region\":\"NA\",\"score\":3,\"w\":2 } \r\n" +
		"{\"id\":3,\"date\":\"2025-03-07\",\"region\":\"EMEA\",\"score\":10,\"w\":0.5}",
	// Nested objects, arrays, duplicate keys, escaped keys.
	`{"id":1,"date":"2025-01-05","region":{"name":"EMEA","code":1},"score":9,"w":1}
{"id":2,"date":"2025-02-06","region":"NA","score":3,"w":2,"tags":["a",{"b":[1,2]}],"meta":{"x":null}}
{"id":3,"date":"2025-03-07","region":"EMEA","score":10,"score":4,"w":0.5}
{"id":4,"date":"2025-03-07","regio\u006e":"APAC","score":6,"w":1}
{"id":5,"date":"2025-03-07","region":["NA"],"score":6,"w":1}
{"id":6,"date":"2025-03-07","region":"NA","score":{"v":6},"w":1}
{"id":7,"date":"2025-03-07","region":"NA","score":6,"w":1,"answers":[1]}
`,
	// Keys first seen later than the lookahead are ignored (here: none are,
	// the file is short; see TestJSONLLateKeys).
	`{"score":9,"region":"EMEA"}
{"score":8,"region":"NA","extra":"x"}
{"score":7,"extra":null,"more":""}
`,
	// Invalid lines.
	`{"id":1,"date":"2025-01-05","region":"EMEA","score":9,"w":1}
{"id":2,"date":"2025-02-06","region":"NA","score":3,"w":2}
{"id":3,"date":"2025-03-07","region":"EMEA","score":10,"w":0.5}
{"id":4,"score":1,}
`,
	`{"id":1,"date":"2025-01-05","region":"EMEA","score":9,"w":1}
[1,2]
`,
	`{"id":1,"date":"2025-01-05","region":"EMEA","score":9,"w":1}
{"id":2,"score":1} {"id":3}
{"id":2,"score":01}
`,
	"{\"id\":1,\"date\":\"2025-01-05\",\"region\":\"EMEA\",\"score\":9,\"w\":1}\n{\"id\":2,\"region\":\"a\tb\",\"score\":1}\n",
	"{\"id\":1,\"date\":\"2025-01-05\",\"region\":\"EMEA\",\"score\":9,\"w\":1}\n{\"id\":2,\"region\":\"a\\qb\",\"score\":1}\n",
	"{\"id\":1,\"date\":\"2025-01-05\",\"region\":\"EMEA\",\"score\":9,\"w\":1}\n{\"id\":2,\"region\":\"ab\",\"score\":1\n",
	"{\"id\":1,\"date\":\"2025-01-05\",\"region\":\"EMEA\",\"score\":9,\"w\":1}\n\f{\"id\":2,\"region\":\"ab\",\"score\":1}\v\n\xc2\xa0\n",
	"\xef\xbb\xbf{\"id\":1,\"date\":\"05/01/2025\",\"region\":\"EMEA\",\"score\":9,\"w\":1}\n{\"id\":2,\"date\":\"13/02/2025\",\"region\":\"NA\",\"score\":11,\"w\":1}\n",
	// Scores 1-11, invalid scores and dates (warnings with lines).
	`{"id":1,"date":"2025-01-05","region":"EMEA","score":11,"w":1}
{"id":2,"date":"2025-02-06","region":"NA","score":3,"w":2}
{"id":3,"date":"bad","region":"EMEA","score":11,"w":0.5}
{"id":4,"date":"2025-02-06","region":"NA","score":"abc","w":-1}
{"id":5,"date":"","region":"NA","score":"","w":"x"}
`,
}

// jsonlConfigs adds chunk and block sizes of every length up to n.
func jsonlConfigs(n int) []Config {
	cfgs := append([]Config(nil), configs...)
	for k := 1; k <= n; k++ {
		cfgs = append(cfgs, Config{Workers: 2, ChunkSize: k}, Config{Sequential: true, BlockSize: k})
	}
	return cfgs
}

// sameJSONL is same for JSON Lines, with the given configurations.
func sameJSONL(t *testing.T, data []byte, q query, cfgs []Config) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	q.opt.InputFormat = "jsonl"
	for _, src := range []struct {
		paths []string
		stdin []byte
	}{{[]string{path}, nil}, {nil, data}} {
		want := general(src.paths, src.stdin, q.opt, q.by, q.unit)
		for _, cfg := range cfgs {
			if src.stdin != nil && cfg.ChunkSize > 0 && cfg.ChunkSize < 100 {
				continue // standard input is read sequentially
			}
			got, ok := fast(src.paths, src.stdin, q.opt, q.by, q.unit, cfg)
			if !ok {
				if utf8.Valid(data) {
					t.Fatalf("input %q: the fast path does not take JSON Lines", data)
				}
				return // read as Windows-1252
			}
			if got.String() != want.String() {
				t.Fatalf("input %q, %+v, config %+v (stdin %v):\nfast:\n%s\ngeneral:\n%s", data, q, cfg, src.stdin != nil, got, want)
			}
		}
	}
}

func TestFastMatchesGeneralJSONL(t *testing.T) {
	for _, in := range jsonlInputs {
		for qi, q := range queries {
			n := 0
			if qi == 0 {
				n = len(in) // every chunk and block boundary
			}
			sameJSONL(t, []byte(in), q, jsonlConfigs(n))
		}
	}
}

// jsonlExport is exportdata.CSV(n) as JSON Lines, with the extra key late from
// line lateFrom on (0: never).
func jsonlExport(n, lateFrom int) []byte {
	regions := []string{"EMEA", "NA", "APAC", "LATAM"}
	var b []byte
	for i := 0; i < n; i++ {
		b = fmt.Appendf(b, `{"response_id":"R%d","submitted_at":"2025-%02d-%02dT%02d:%02d:05Z","region":%q,"score":%d,"comment":"say \"hi\"\n"`,
			i, i%12+1, i%28+1, i%24, i%60, regions[i%4], i%11)
		if lateFrom > 0 && i >= lateFrom {
			b = fmt.Appendf(b, `,"late%d":"v"`, i%7)
		}
		if i%97 == 0 {
			b = append(b, `,"nested":{"a":1}`...)
		}
		b = append(b, "}\n"...)
	}
	return b
}

// TestJSONLLateKeys: keys first seen after the first 1000 objects are
// ignored with the general reader's warning; many chunks.
func TestJSONLLateKeys(t *testing.T) {
	for _, late := range []int{0, 1500} {
		data := jsonlExport(3000, late)
		sameJSONL(t, data, query{opt: survey.Options{NeedDate: true}, by: []string{"region"}, unit: period.Quarter},
			[]Config{{}, {Workers: 2, ChunkSize: 1000}, {Workers: 3, ChunkSize: 4096}, {Sequential: true, BlockSize: 999}})
		sameJSONL(t, data, query{}, []Config{{Workers: 2, ChunkSize: 777}})
	}
}

// TestJSONLLongLines: lines longer than the room a chunk's buffer has to
// read on (64 KiB), so that workers grow their buffers and read later
// chunks into the grown ones, at every offset in a page.
func TestJSONLLongLines(t *testing.T) {
	data := jsonlExport(1200, 0)
	for k := range 3 {
		data = fmt.Appendf(data, `{"region":"long%d","score":%d,"comment":"%s"}`+"\n", k, k+5, strings.Repeat("y", 100<<10+k*999))
		data = append(data, jsonlExport(300, 0)...)
	}
	sameJSONL(t, data, query{by: []string{"region"}}, []Config{{Workers: 2, ChunkSize: 4093}, {Workers: 2, ChunkSize: 70 << 10}})
}

// TestJSONLInvalidUTF8: bytes that are not UTF-8 after the first 64 KiB
// (which decide the encoding), in strings with and without escapes.
func TestJSONLInvalidUTF8(t *testing.T) {
	data := jsonlExport(1200, 0)
	data = append(data, "{\"region\":\"caf\xc3\xa9 \xff\xfe\",\"score\":8}\n"+
		"{\"region\":\"\xff\\n\xed\xa0\x80\",\"score\":8}\n{\"region\":\"\xe6\x97\",\"score\":8}\n"...)
	sameJSONL(t, data, query{by: []string{"region"}}, []Config{{}, {Workers: 2, ChunkSize: 1000}, {Sequential: true, BlockSize: 999}})
}

// TestJSONLGzip reads gzip JSON Lines, whole and truncated.
func TestJSONLGzip(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(jsonlExport(2500, 0))
	zw.Close()
	whole := z.Bytes()
	for _, data := range [][]byte{whole, whole[:len(whole)*2/3], whole[:len(whole)-3]} {
		sameJSONL(t, data, query{by: []string{"region"}}, []Config{{}, {Sequential: true, BlockSize: 100}})
	}
}

// TestJSONLTooLong: a line over the record size limit.
func TestJSONLTooLong(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	long := `{"score":1,"region":"` + strings.Repeat("x", int(reader.MaxRecordBytes())+100<<10) + `"}` + "\n"
	data := []byte(`{"score":9,"region":"a"}` + "\n" + `{"score":9,"region":"b"}` + "\n" + long + `{"score":9}` + "\n")
	sameJSONL(t, data, query{}, []Config{{}, {Workers: 2, ChunkSize: 10}, {Sequential: true}})
	// Over the limit on a line the scanner's run reads: compact, its keys
	// those of the line before, which is just within it, both past the
	// plan's lookahead and not last (the run reads no member within 16
	// bytes of the end). (Blocks of 3 MiB bring it whole: none ends in it
	// more than the limit after its start.)
	n := int(reader.MaxRecordBytes())/10 - 1
	within := "{" + strings.Repeat(`"score":1,`, n)
	over := "{" + strings.Repeat(`"score":10,`, n)
	data = []byte(strings.Repeat(`{"score":1}`+"\n", 200000) + within[:len(within)-1] + "}\n" + over[:len(over)-1] + "}\n" +
		strings.Repeat(`{"score":1}`+"\n", 2))
	sameJSONL(t, data, query{}, []Config{{}, {Sequential: true, BlockSize: 3 << 20}})
}

func FuzzFastPathJSONL(f *testing.F) {
	for _, in := range append(jsonlInputs, jsonlNested) {
		f.Add([]byte(in), uint8(0), uint8(5))
	}
	f.Fuzz(func(t *testing.T, data []byte, qi, chunk uint8) {
		q := queries[int(qi)%len(queries)]
		q.opt.InputFormat = "jsonl"
		fuzzFast(t, data, q, "in.jsonl", chunk)
	})
}

// TestJSONLMultiFile reads two JSON Lines files as one data set (keys in
// other orders and spellings, one file gzipped); JSON Lines mixed with CSV
// goes to the general reader.
func TestJSONLMultiFile(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	b := filepath.Join(dir, "b.jsonl.gz")
	c := filepath.Join(dir, "c.csv")
	os.WriteFile(a, []byte("{\"score\":9,\"region\":\"EMEA\"}\n{\"score\":4,\"region\":\"NA\"}\n"), 0o644)
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte("{\"Region\":\"NA\",\"Score\":10,\"extra\":\"x\"}\n\n{\"Region\":\"APAC\",\"Score\":\"abc\",\"extra\":\"y\"}\n"))
	zw.Close()
	os.WriteFile(b, z.Bytes(), 0o644)
	os.WriteFile(c, []byte("score,region\n9,EMEA\n"), 0o644)
	for _, paths := range [][]string{{a, b}, {b, a}} {
		for _, cfg := range configs {
			want := general(paths, nil, survey.Options{}, []string{"region"}, period.None)
			got, ok := fast(paths, nil, survey.Options{}, []string{"region"}, period.None, cfg)
			if !ok || got.String() != want.String() {
				t.Fatalf("config %+v:\nfast:\n%s\ngeneral:\n%s", cfg, got, want)
			}
		}
	}
	if _, ok := fast([]string{a, c}, nil, survey.Options{}, nil, period.None, Config{}); ok {
		t.Fatal("the fast path takes JSON Lines mixed with CSV")
	}
}

// TestJSONLNested: wanted columns inside nested objects (dot paths), empty
// objects, a dotted top-level key that collides with a path, nested keys
// first seen later.
func TestJSONLNested(t *testing.T) {
	in := jsonlNested
	sameJSONL(t, []byte(in), query{by: []string{"person.region"}}, jsonlConfigs(len(in)))
	sameJSONL(t, []byte(in), query{opt: survey.Options{NeedDate: true}, by: []string{"person.region"}, unit: period.Month}, configs)
}

var jsonlNested = `{"score":9,"person":{"region":"EMEA","x":{}},"date":"2025-01-05"}
{"person":{"region":"NA"},"score":"7","date":"2025-02-05"}
{"person.region":"APAC","score":10,"date":"2025-02-06"}
{"person":{"region":"LATAM"},"person.region":"top","score":3,"date":"2025-03-06"}
{"person":{},"score":8,"date":"2025-03-07"}
{"person":{"region":{"deep":1}},"score":8,"date":"2025-03-08"}
{"person":{"region":null,"x":{"y":"z"}},"score":6,"date":"2025-03-09"}
`
