package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/internal/exportdata"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// outcome is everything a pass reports: the error, or the counts, the
// warnings and the groups.
type outcome struct {
	err      string
	stats    survey.Stats
	warnings []string
	groups   string
}

func (o outcome) String() string {
	if o.err != "" {
		return "error: " + o.err
	}
	return fmt.Sprintf("%+v\n%s\n%s", o.stats, strings.Join(o.warnings, "\n"), o.groups)
}

func describe(gr *breakdown.Grouper) string {
	var b strings.Builder
	o := gr.Overall()
	fmt.Fprintf(&b, "overall %v\n", o)
	for _, g := range gr.Groups() {
		fmt.Fprintf(&b, "%q %s %v\n", g.Key.Segments, g.Key.Period, g.Tally)
	}
	return b.String()
}

// setup opens the inputs and resolves the --by columns.
func setup(paths []string, stdin []byte, opt survey.Options, by []string) (*reader.Reader, []int, error) {
	var in io.Reader
	if stdin != nil {
		in = bytes.NewReader(stdin)
	}
	r, err := reader.Open(paths, in, opt)
	if err != nil {
		return nil, nil, err
	}
	idx := make([]int, len(by))
	for i, c := range by {
		if idx[i], err = r.Column(c); err != nil {
			r.Close()
			return nil, nil, err
		}
	}
	return r, idx, nil
}

// general is the reference: the general reader and a Grouper, with the
// group keys built here rather than by breakdown.Set.
func general(paths []string, stdin []byte, opt survey.Options, by []string, unit period.Unit) outcome {
	r, idx, err := setup(paths, stdin, opt, by)
	if err != nil {
		return outcome{err: err.Error()}
	}
	defer r.Close()
	gr := breakdown.NewGrouper(len(by), unit, opt.WeightCol != "")
	segs := make([]string, len(by))
	for {
		resp, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return outcome{err: err.Error()}
		}
		if resp.Status != survey.Valid {
			continue
		}
		for i, c := range idx {
			segs[i] = resp.Fields[c]
		}
		var p period.Period
		if unit != period.None {
			p = period.Of(resp.Time, unit)
		}
		gr.Add(segs, p, resp.Score, resp.Weight)
	}
	return outcome{stats: r.Stats(), warnings: r.Warnings(), groups: describe(gr)}
}

// fast runs the fast path; ok is false when the plan sends the input to
// the general reader.
func fast(paths []string, stdin []byte, opt survey.Options, by []string, unit period.Unit, cfg Config) (outcome, bool) {
	r, idx, err := setup(paths, stdin, opt, by)
	if err != nil {
		return outcome{err: err.Error()}, true
	}
	defer r.Close()
	plan, _ := r.FastPlan(idx)
	if plan == nil {
		return outcome{}, false
	}
	cfg.Plan, cfg.Groupings, cfg.Weighted = plan, []breakdown.Spec{{Cols: idx, Unit: unit}}, opt.WeightCol != ""
	set, err := Run(context.Background(), cfg)
	if err != nil {
		return outcome{err: err.Error()}, true
	}
	return outcome{stats: r.Stats(), warnings: r.Warnings(), groups: describe(set.Groupers()[0])}, true
}

// configs are the ways the fast path may read: sequential with small
// blocks, and parallel with tiny chunks so that chunk boundaries fall
// everywhere.
var configs = []Config{
	{Sequential: true, BlockSize: 7},
	{Sequential: true},
	{Workers: 2, ChunkSize: 5},
	{Workers: 3, ChunkSize: 16},
	{Workers: 2, ChunkSize: 64},
}

type query struct {
	opt  survey.Options
	by   []string
	unit period.Unit
}

// same checks that the fast path gives what the general reader gives, for
// data read from a file and from standard input.
func same(t *testing.T, data []byte, q query) {
	t.Helper()
	for _, src := range fileAndStdin(t, data) {
		want := general(src.paths, src.stdin, q.opt, q.by, q.unit)
		for _, cfg := range configs {
			got, ok := fast(src.paths, src.stdin, q.opt, q.by, q.unit, cfg)
			if !ok {
				return
			}
			if got.String() != want.String() {
				t.Fatalf("input %q, %+v, config %+v (stdin %v):\nfast:\n%s\ngeneral:\n%s", data, q, cfg, src.stdin != nil, got, want)
			}
		}
	}
}

// source is an input given as files or as standard input.
type source struct {
	paths []string
	stdin []byte
}

// fileAndStdin gives data as a file and as standard input.
func fileAndStdin(t *testing.T, data []byte) []source {
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return []source{{[]string{path}, nil}, {nil, data}}
}

var queries = []query{
	{},
	{opt: survey.Options{NeedDate: true}, by: []string{"region"}, unit: period.Month},
	{opt: survey.Options{Strict: true}},
	{opt: survey.Options{Strict: true, NeedDate: true}, unit: period.Day},
	{opt: survey.Options{Where: []survey.Condition{{Column: "region", Value: "EMEA", Negate: true}}, WeightCol: "w"}, by: []string{"region"}},
	{opt: survey.Options{Since: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), Location: time.UTC}, unit: period.Week},
	// The date cache of the simple evaluator (RFC 3339 UTC values).
	{opt: survey.Options{NeedDate: true, Until: time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)}, by: []string{"region"}, unit: period.Day},
	{opt: survey.Options{NeedDate: true, Location: time.FixedZone("X", 5*3600)}, unit: period.Day},
	{opt: survey.Options{NeedDate: true, DateFormat: dates.Format{Layout: "2006-01-02T15:04:05Z07:00"}}, unit: period.Month},
	{opt: survey.Options{NeedDate: true, DateFormat: dates.Format{Layout: "2006-01-02T03:04:05Z"}}, unit: period.Day},
	{opt: survey.Options{NeedDate: true, DateFormat: dates.Format{Order: dates.DayFirst}}, by: []string{"region"}, unit: period.Day},
	// --latest-per (latest.go): valid beats blank, then the later date,
	// then the later row; weights added in input order.
	{opt: survey.Options{LatestPer: "region"}},
	{opt: survey.Options{LatestPer: "region", WeightCol: "w"}, by: []string{"id"}},
	{opt: survey.Options{LatestPer: "region", NeedDate: true}, by: []string{"id"}, unit: period.Month},
	{opt: survey.Options{LatestPer: "id", Strict: true}, by: []string{"region"}},
}

var inputs = []string{
	"id,date,region,score,w\n1,2025-01-05,EMEA,9,1\n2,2025-02-06,NA,3,2\n3,2025-03-07,EMEA,10,0.5\n",
	"id,date,region,score,w\r\n1,2025-01-05,EMEA,9,1\r\n\r\n2,2025-02-06,\"N\r\nA\",11,2\r\n3,,EMEA,abc,x\r\n",
	"\xef\xbb\xbfid;date;region;score;w\n1;05/01/2025;\"EM;EA\";9;1\n2;13/02/2025;NA;;2\n",
	"id,date,region,score,w\n1,2025-01-05,EMEA,9,1\n2,2025-02-06,NA,\"3\"\"\",2\n",
	"id,date,region,score,w\n1,2025-01-05,EMEA,9,1\n2,2025-02-06,N\"A,3,2\n3,2025-01-01,X,1,1\n",
	"id,date,region,score,w\n1,2025-01-05,EMEA,9,1\n2,2025-02-06,\"NA,3,2\n3,2025-01-01,X,1,1\n",
	"id,date,region,score,w\n1,2025-01-05,EMEA,9,1,,\n2,2025-02-06,NA,3,2,x\n",
	"id,date,region,score,w\n1,2025-01-05,EM\x00EA,9,1\n",
	"id,date,region,score,w\n1,2025-01-05,EMEA,11,1\n2,2025-02-06,NA,3,2\n3,2025-03-07,EMEA,11,0.5\n",
	"id,date,region,score,w\n1,01/02/2025,EMEA,9,1\n2,2025-02-06,NA,7,2\n3,\"2025-03-07\",\"EMEA\",\"10\",\"0.5\"",
	"score\n9\n\n\n10\n",
	// one row per question: the NPS question's rows alone (a filter)
	"id,date,region,question,score\n1,2025-01-05,EMEA,How likely are you to recommend us?,9\n1,2025-01-05,EMEA,Rate support,2\n" +
		"2,2025-02-06,NA,How likely are you to recommend us?,5\n2,2025-02-06,NA,Rate support,10\n",
	"region,score,date\n\"a\nb\nc\",5,2025-01-01\n\"\"\"\",6,2025-01-02\n",
	"id,date,region,score,w\n1,2025-01-05T10:00:00Z,EMEA,9,1\n2,2025-01-05T23:59:59Z,NA,3,2\n3,2025-01-05T24:00:00Z,EMEA,10,1\n" +
		"4,2025-01-05T12:00:60Z,NA,8,1\n5,2025-01-05 12:00:00Z,X,7,1\n6,2025-01-05T12:00:00+02:00,X,7,1\n7,2025-01-05T01:00:00Z,NA,0,1\n" +
		"8,2025-02-29T01:00:00Z,NA,0,1\n9,2024-02-29T01:00:00Z,NA,6,1\n10,2024-02-29T01:00:00Z,NA,6,1\n11, 2024-02-29T02:00:00Z,NA,6,1\n" +
		"12,2024-02-29T02:00:00z,NA,6,1\n13,2024-02-29T2:00:00Z,NA,6,1\n14,2024-02-29T02:0a:00Z,NA,6,1\n15,2024-02-29T02:00:00Z ,NA,6,1\n" +
		"16,2024-02-29T00:00:00Z,NA,6,1\n17,2024-03-01T00:00:00Z,NA,6,1\n18,2024-03-01T05:00:00Z,NA,x,1\n19,2024-03-01T05:00:00Z,NA,,1\n",
	// One respondent (region) answering many times: blanks, ties of date
	// (the later row wins), an earlier date after a later one, " NA" and
	// "NA" the same respondent, rows without one.
	"id,date,region,score,w\n1,2025-01-05,NA,,1\n2,2025-01-05,NA,3,2\n3,2025-01-05,NA,5,3\n4,2025-01-04,NA,10,4\n" +
		"5,2025-01-06,EMEA,,1\n6,2025-01-01,EMEA,,2\n7,2025-01-01, NA ,6,0.5\n8,2025-01-09,,9,1\n9,2025-01-09,,8,1\n10,2025-01-07,EMEA,7,3\n",
	"id,date,region,score\n1,01/02/2025,EMEA,9\n2,2025-01-02T10:00:00Z,EMEA,9\n3,2025-01-02T11:00:00Z,EMEA,9\n4,03/02/2025,EMEA,9\n5,2025-01-02T12:00:00Z,EMEA,9\n6,13/02/2025,EMEA,9\n7,2025-01-02T13:00:00Z,EMEA,9\n",
}

func TestFastMatchesGeneral(t *testing.T) {
	if _, ok := fast(nil, []byte(inputs[0]), survey.Options{}, nil, period.None, Config{}); !ok {
		t.Fatal("the fast path does not take a plain CSV")
	}
	for _, in := range inputs {
		for _, q := range queries {
			same(t, []byte(in), q)
		}
	}
}

// TestLatestFast: the fast path takes --latest-per, in parallel too.
func TestLatestFast(t *testing.T) {
	data := exportdata.CSV(3000)
	for _, cfg := range []Config{{}, {Workers: 2, ChunkSize: 4096}} {
		if _, ok := fast(nil, data, survey.Options{LatestPer: "email"}, nil, period.None, cfg); !ok {
			t.Fatal("the fast path does not take --latest-per")
		}
	}
	same(t, data, query{opt: survey.Options{LatestPer: "email"}, by: []string{"region"}, unit: period.Quarter})
	same(t, data, query{opt: survey.Options{LatestPer: "plan", WeightCol: "score"}, by: []string{"region"}})
}

// TestBigExport checks a generated export large enough for many chunks.
func TestBigExport(t *testing.T) {
	data := exportdata.CSV(3000)
	same(t, data, query{opt: survey.Options{NeedDate: true}, by: []string{"region", "plan"}, unit: period.Quarter})
	same(t, data, query{})
}

// TestMultiFile reads two files as one data set, one of them gzipped.
func TestMultiFile(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.csv")
	b := filepath.Join(dir, "b.csv")
	os.WriteFile(a, []byte("score,region\n9,EMEA\n4,NA\n"), 0o644)
	os.WriteFile(b, []byte("region,score,extra\nNA,10,x\nAPAC,abc,y\n"), 0o644)
	for _, cfg := range configs {
		want := general([]string{a, b}, nil, survey.Options{}, []string{"region"}, period.None)
		got, ok := fast([]string{a, b}, nil, survey.Options{}, []string{"region"}, period.None, cfg)
		if !ok || got.String() != want.String() {
			t.Fatalf("config %+v:\nfast:\n%s\ngeneral:\n%s", cfg, got, want)
		}
	}
}

// TestGzip reads gzip input, whole and truncated, from a file and stdin.
func TestGzip(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(exportdata.CSV(2000))
	zw.Close()
	whole := z.Bytes()
	dir := t.TempDir()
	for _, data := range [][]byte{whole, whole[:len(whole)/2], whole[:len(whole)-3]} {
		path := filepath.Join(dir, "in.csv.gz")
		os.WriteFile(path, data, 0o644)
		for _, src := range []struct {
			paths []string
			stdin []byte
		}{{[]string{path}, nil}, {nil, data}} {
			want := general(src.paths, src.stdin, survey.Options{}, []string{"region"}, period.None)
			for _, cfg := range configs {
				got, ok := fast(src.paths, src.stdin, survey.Options{}, []string{"region"}, period.None, cfg)
				if !ok || got.String() != want.String() {
					t.Fatalf("%d bytes, config %+v:\nfast:\n%s\ngeneral:\n%s", len(data), cfg, got, want)
				}
			}
		}
	}
}

func FuzzFastPath(f *testing.F) {
	for _, in := range inputs {
		f.Add([]byte(in), uint8(0), uint8(5))
	}
	f.Fuzz(func(t *testing.T, data []byte, qi, chunk uint8) {
		fuzzFast(t, data, queries[int(qi)%len(queries)], "in.csv", chunk)
	})
}

// fuzzFast checks the fast path against the general reader on data (at
// most 4 KiB), written to a file named name, streamed and in chunks.
func fuzzFast(t *testing.T, data []byte, q query, name string, chunk uint8) {
	if len(data) > 4096 {
		return
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := general([]string{path}, nil, q.opt, q.by, q.unit)
	if strings.Contains(want.err, "unknown column") {
		return
	}
	for _, cfg := range []Config{{Sequential: true, BlockSize: int(chunk) + 1}, {Workers: 2, ChunkSize: int(chunk) + 1}} {
		got, ok := fast([]string{path}, nil, q.opt, q.by, q.unit, cfg)
		if !ok {
			return
		}
		if got.String() != want.String() {
			t.Fatalf("input %q, %+v, config %+v:\nfast:\n%s\ngeneral:\n%s", data, q, cfg, got, want)
		}
	}
}

// TestWeightedSumsSameEveryRun: weights that binary fractions do not hold
// (0.1, 0.7, ...) add up to the same bits in every run of the parallel
// path, whichever worker is quicker: their order of addition is fixed by
// the chunks, not by the timing.
func TestWeightedSumsSameEveryRun(t *testing.T) {
	var b strings.Builder
	b.WriteString("score,w,region\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "%d,%g,%s\n", i%11, 0.1*float64(i%10)+0.013*float64(i%7), []string{"EMEA", "APAC"}[i%2])
	}
	path := filepath.Join(t.TempDir(), "w.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := survey.Options{WeightCol: "w"}
	for _, cfg := range []Config{{Workers: 2, ChunkSize: 4096}, {Workers: 3, ChunkSize: 1000}} {
		first, ok := fast([]string{path}, nil, opt, []string{"region"}, period.None, cfg)
		if !ok || first.err != "" {
			t.Fatalf("%+v: %v", cfg, first)
		}
		for run := range 30 {
			if got, _ := fast([]string{path}, nil, opt, []string{"region"}, period.None, cfg); got.String() != first.String() {
				t.Fatalf("%+v, run %d:\n%s\nfirst run:\n%s", cfg, run, got, first)
			}
		}
	}
}
