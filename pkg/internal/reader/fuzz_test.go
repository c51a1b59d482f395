package reader

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// checkRead opens data as stdin and reads it to the end: every error must be
// a *usererr.Error and every response well formed.
func checkRead(t *testing.T, data []byte, opt survey.Options) {
	t.Helper()
	r, err := Open(nil, bytes.NewReader(data), opt)
	if err != nil {
		var ue *usererr.Error
		if !errors.As(err, &ue) {
			t.Fatalf("Open: %v (%T) is not a *usererr.Error", err, err)
		}
		if strings.ContainsAny(err.Error(), "\n\r") {
			t.Fatalf("Open: error %q is not one line", err)
		}
		return
	}
	defer r.Close()
	ncol := len(r.Columns())
	for i := 0; ; i++ {
		resp, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var ue *usererr.Error
			if !errors.As(err, &ue) {
				t.Fatalf("Next: %v (%T) is not a *usererr.Error", err, err)
			}
			break
		}
		if len(resp.Fields) != ncol {
			t.Fatalf("response has %d fields; %d columns", len(resp.Fields), ncol)
		}
		if resp.Status == survey.Valid && (resp.Score < 0 || resp.Score > 10) {
			t.Fatalf("score %d", resp.Score)
		}
		if resp.Status == survey.Invalid {
			t.Fatalf("Next returned an invalid response")
		}
		if resp.Line < 1 {
			t.Fatalf("line %d", resp.Line)
		}
	}
	s := r.Stats()
	if s.Valid+s.Blank+s.Invalid+s.Filtered+s.BadDates > s.Rows {
		t.Fatalf("stats %+v", s)
	}
	_ = r.Warnings()
}

func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"score\n9\n",
		"id,score\n1,9\n2,\n3,11\n",
		"id;score\r\n1;9\r\n",
		"a\tscore\n\"x\ny\"\t8\n",
		"score,x\n\"9\n",
		"score,x\n9,\"a\"b\n",
		"score,x\n9,1,2,3\n",
		"score,,score,\n1,2,3,4\n",
		"\xef\xbb\xbfscore\n10 - Extremely likely\n",
		"\xff\xfes\x00c\x00o\x00r\x00e\x00\n\x009\x00",
		"\xfe\xff\x00s\x00c\x00o\x00r\x00e\x00\n\x009",
		"\x1f\x8b\x08\x00\x00\x00\x00\x00",
		"score\n\x00\x00\x00",
		"\"",
		"\"\"\"",
		"score|nps\n1|2\n",
		"",
		"\n\n\n",
		"score\n" + strings.Repeat("9\n", 100),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, survey.Options{InputFormat: "csv"})
		checkRead(t, append([]byte("score,b,c\n"), data...), survey.Options{InputFormat: "csv"})
		checkRead(t, data, survey.Options{ScoreCol: "score", Strict: true})
	})
}

func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`[{"score": 9}]`,
		`[{"score": 9}, {"score": null, "a": {"b": [1, {"c": 2}]}}]`,
		`{"responses": [{"score": "10"}]}`,
		`{"a": 1, "b": [1,2], "c": {"d": []}, "items": [{"score": 1}], "z": 3}`,
		`{"score": 3}`,
		`[`,
		`[{"score": 1},`,
		`[1, 2]`,
		`"x"`,
		`null`,
		`[{"score": 1}] x`,
		`{"a": [[[[[[[[[[]]]]]]]]]]}`,
		strings.Repeat("[", 20000),
		"[" + strings.Repeat(`{"a":`, 20000),
		strings.Repeat(`{"a":`, 20000),
		`[{"score": 1e1, "x": "\u00e9\ud800", "y": "\"\\"}]`,
		"[{\"score\": \"\xff\"}]",
		`[{"": 1, "score": 2, "score": 3}]`,
		`{"data": [], "items": []}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, survey.Options{InputFormat: "json"})
		checkRead(t, data, survey.Options{InputFormat: "json", ScoreCol: "score"})
		checkRead(t, data, survey.Options{})
	})
}

func FuzzJSONL(f *testing.F) {
	for _, s := range []string{
		"{\"score\": 9}\n{\"score\": 1}\n",
		"{\"score\": 9}\r\n\r\n{\"score\": \"N/A\", \"p\": {\"q\": 1}}",
		"{\"score\": 9}\n{\"score\": 1",
		"{\"score\": 9}\n[1]\n",
		"{} {}\n",
		"\n\n{\"score\": 0}\n\n",
		strings.Repeat("[", 20000) + "\n",
		"{\"score\": 9}\n\xff\n",
		"{\"a\":{\"b\":{\"c\":{\"d\":1}}},\"score\":1}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, survey.Options{InputFormat: "jsonl"})
		checkRead(t, data, survey.Options{InputFormat: "jsonl", ScoreCol: "score", Strict: true})
	})
}
