package pipeline

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// arrayOf turns JSON Lines into a JSON array, one object a line.
func arrayOf(jsonl string) string {
	var objs []string
	for _, l := range strings.Split(jsonl, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			objs = append(objs, l)
		}
	}
	return "[\n" + strings.Join(objs, ",\n") + "\n]\n"
}

// many is n objects of the queries' keys, enough to pass the general
// decoder's lookahead (1000 objects) so that what follows is read by the
// pass rather than at open.
func many(n int) string {
	var b strings.Builder
	for k := range n {
		if k > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "{\"id\":%d,\"date\":\"2025-0%d-0%d\",\"region\":\"%s\",\"score\":%d,\"w\":%d}\n",
			k, k%9+1, k%7+1, []string{"EMEA", "NA", " NA", ""}[k%4], k%12, k%3)
	}
	return b.String()
}

// jsonArrayInputs: arrays one object a line, indented, wrapped under a key
// (after other members, an empty array and an array of numbers), several
// objects on a line, a BOM; and, after the lookahead, every kind of
// place where the extractor is unsure or the input is wrong.
func jsonArrayInputs() []string {
	var in []string
	for _, l := range jsonlInputs[:6] {
		a := arrayOf(l)
		in = append(in, a)
		var ind bytes.Buffer
		if json.Indent(&ind, []byte(a), "", "  ") == nil {
			in = append(in, ind.String())
		}
		in = append(in, `{"meta":{"n":[1,{"x":[]}]},"empty":[],"nums":[1,2],"responses":`+a+`,"later":[{"score":1}],"s":"x"}`)
	}
	m := many(1100)
	in = append(in,
		`[{"id":1,"score":9,"region":"A"},{"id":2,"score":3,"region":"A"}, {"id":3,"score":3,"region":"A"}]`,
		"\xef\xbb\xbf[{\"id\":1,\"score\":9}]",
		"["+m+"]",
		"["+m+"]   \n\t",
		`{"data":[`+m+`]}`,
		// Unsure or wrong after the lookahead.
		"["+m+",]",
		"["+m+",1]",
		"["+m+"] x",
		"["+m+"]]",
		"["+m+",{\"score\":1}",
		"["+m+",{\"score\":1",
		"["+m+";{\"score\":1}]",
		"["+m+",{\"score\":1,\"tags\":"+strings.Repeat("[", 40)+strings.Repeat("]", 40)+"}]",
		"["+m+",{\"score\":1,\"region\":{\"name\":\"x\"}},{\"score\":2,\"late\":\"k\"}]",
		"["+m+",{\"score\":1,\"region\":\"a\tb\"}]",
		`{"data":[`+m+`],"x":`+strings.Repeat("[", 40)+strings.Repeat("]", 40)+`,"y":{}}`,
		`{"data":[`+m+`],"x":1,}`,
		`{"data":[`+m+`],"x":1} y`,
		`{"data":[`+m+`],"x" 1}`,
		`{"data":[`+m+`]`,
	)
	return in
}

func TestFastMatchesGeneralJSONArray(t *testing.T) {
	in := jsonArrayInputs()
	path := filepath.Join(t.TempDir(), "in.json")
	os.WriteFile(path, []byte(in[0]), 0o644)
	if _, ok := fast([]string{path}, nil, survey.Options{}, nil, period.None, Config{}); !ok {
		t.Fatal("the fast path does not take a JSON array")
	}
	for i, data := range in {
		if testing.Short() && i%4 != 0 {
			continue // a quarter of the inputs: CI's race run is four times as slow
		}
		for _, q := range queries {
			q.opt.InputFormat = "json"
			same(t, []byte(data), q)
		}
	}
}

// TestJSONArrayBlocks reads arrays in blocks of every size up to 64
// bytes, so that values, keys and separators are cut everywhere.
func TestJSONArrayBlocks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.json")
	for _, data := range jsonArrayInputs()[:18] {
		os.WriteFile(path, []byte(data), 0o644)
		q := query{opt: survey.Options{LatestPer: "region", NeedDate: true}, by: []string{"id"}, unit: period.Month}
		want := general([]string{path}, nil, q.opt, q.by, q.unit)
		for bs := 1; bs <= 64; bs++ {
			got, ok := fast([]string{path}, nil, q.opt, q.by, q.unit, Config{BlockSize: bs})
			if !ok && strings.HasPrefix(data, "{") {
				break // an array under a key: the general reader's
			}
			if !ok || got.String() != want.String() {
				t.Fatalf("input %q, block %d:\nfast:\n%s\ngeneral:\n%s", data, bs, got, want)
			}
		}
	}
}

// TestJSONArrayGzip reads a gzipped array, whole and truncated.
func TestJSONArrayGzip(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte("[" + many(1500) + "]"))
	zw.Close()
	whole := z.Bytes()
	path := filepath.Join(t.TempDir(), "in.json.gz")
	for _, data := range [][]byte{whole, whole[:len(whole)*3/4], whole[:len(whole)-3]} {
		os.WriteFile(path, data, 0o644)
		want := general([]string{path}, nil, survey.Options{}, []string{"region"}, period.None)
		got, ok := fast([]string{path}, nil, survey.Options{}, []string{"region"}, period.None, Config{})
		if !ok || got.String() != want.String() {
			t.Fatalf("%d bytes:\nfast:\n%s\ngeneral:\n%s", len(data), got, want)
		}
	}
}

func FuzzFastPathJSONArray(f *testing.F) {
	for _, in := range jsonArrayInputs()[:18] {
		f.Add([]byte(in), uint8(0), uint8(5))
	}
	f.Fuzz(func(t *testing.T, data []byte, qi, chunk uint8) {
		q := queries[int(qi)%len(queries)]
		q.opt.InputFormat = "json"
		fuzzFast(t, data, q, "in.json", chunk)
	})
}
