package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// Pre-aggregated rows (a count column, the -f tally shape) on the fast
// path against the general reader: the reference here adds each response
// with Grouper.AddN, AddBlank and AddInvalid, keys built by hand.

// countedQuery is a query; tally reads as for the -f tally shape
// (reader.OpenTally: by day when there is a date column, blank and invalid
// rows counted per group).
type countedQuery struct {
	query
	tally bool
}

var countedQueries = []countedQuery{
	{query: query{opt: survey.Options{CountCol: "n"}, by: []string{"region"}}},
	{query: query{opt: survey.Options{CountCol: "n", WeightCol: "w", NeedDate: true}, by: []string{"region"}, unit: period.Month}},
	{query: query{opt: survey.Options{CountCol: "n", Strict: true}}},
	{query: query{opt: survey.Options{CountCol: "n", Where: []survey.Condition{{Column: "region", Value: "EMEA", Negate: true}}}, by: []string{"region"}}, tally: true},
	{query: query{by: []string{"region"}}, tally: true},
	{tally: true},
}

var countedInputs = []string{
	// A count column: zero, fractional zeros, blank and invalid scores,
	// a blank date, bad counts.
	"id,date,region,score,w,n\n1,2025-01-05,EMEA,9,1,3\n2,2025-02-06,NA,3,2,0\n3,2025-03-07,EMEA,10,0.5,2.0\n4,2025-03-08,NA,,1,4\n" +
		"5,2025-03-09,NA,abc,1,2\n6,2025-03-09,NA,7,1,x\n7,,NA,7,1,5\n8,2025-03-09,NA,7,1,-1\n9,2025-03-09,NA,7,1,1.5\n10,2025-03-09,NA,8,-2,2\n",
	// The tally shape, weighted and not.
	"region,date,score,count,weight,weight_sq\nEMEA,2025-01-05,9,3,6,12\nEMEA,2025-01-05,,2,,\nNA,2025-01-06,invalid,1,,\nNA,2025-01-07,10,2,1,0.5\nNA,,10,2,1,0.5\n",
	"region,score,count\nEMEA,9,3\nEMEA,,2\nNA,invalid,1\nNA,10,2\n",
}

func openCounted(paths []string, stdin []byte, q countedQuery) (*reader.Reader, []int, period.Unit, error) {
	var in io.Reader
	if stdin != nil {
		in = bytes.NewReader(stdin)
	}
	open := reader.Open
	if q.tally {
		open = reader.OpenTally
	}
	r, err := open(paths, in, q.opt)
	if err != nil {
		return nil, nil, 0, err
	}
	idx := make([]int, len(q.by))
	for i, c := range q.by {
		if idx[i], err = r.Column(c); err != nil {
			r.Close()
			return nil, nil, 0, err
		}
	}
	unit := q.unit
	if q.tally && r.Roles().Date >= 0 {
		unit = period.Day
	}
	return r, idx, unit, nil
}

func describeCounted(gr *breakdown.Grouper) string {
	var b strings.Builder
	o := gr.Overall()
	bl, inv := gr.Unscored()
	fmt.Fprintf(&b, "overall %v blank %d invalid %d\n", o, bl, inv)
	for _, g := range gr.Groups() {
		fmt.Fprintf(&b, "%q %s %v blank %d invalid %d\n", g.Key.Segments, g.Key.Period, g.Tally, g.Blank, g.Invalid)
	}
	return b.String()
}

func generalCounted(paths []string, stdin []byte, q countedQuery) outcome {
	r, idx, unit, err := openCounted(paths, stdin, q)
	if err != nil {
		return outcome{err: err.Error()}
	}
	defer r.Close()
	gr := breakdown.NewGrouper(len(q.by), unit, r.Roles().Weight >= 0)
	segs := make([]string, len(q.by))
	for {
		resp, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return outcome{err: err.Error()}
		}
		for i, c := range idx {
			segs[i] = resp.Fields[c]
		}
		var p period.Period
		if unit != period.None {
			p = period.Of(resp.Time, unit)
		}
		switch {
		case resp.Status == survey.Valid:
			gr.AddN(segs, p, resp.Score, resp.Count, resp.Weight, resp.Weight2)
		case !q.tally:
		case resp.Status == survey.Blank:
			gr.AddBlank(segs, p, resp.Count)
		default:
			gr.AddInvalid(segs, p, resp.Count)
		}
	}
	return outcome{stats: r.Stats(), warnings: r.Warnings(), groups: describeCounted(gr)}
}

func fastCounted(paths []string, stdin []byte, q countedQuery, cfg Config) (outcome, bool) {
	r, idx, unit, err := openCounted(paths, stdin, q)
	if err != nil {
		return outcome{err: err.Error()}, true
	}
	defer r.Close()
	plan, _ := r.FastPlan(idx)
	if plan == nil {
		return outcome{}, false
	}
	cfg.Plan, cfg.Weighted = plan, r.Roles().Weight >= 0
	cfg.Groupings = []breakdown.Spec{{Cols: idx, Unit: unit, Statuses: q.tally}}
	set, err := Run(context.Background(), cfg)
	if err != nil {
		return outcome{err: err.Error()}, true
	}
	return outcome{stats: r.Stats(), warnings: r.Warnings(), groups: describeCounted(set.Groupers()[0])}, true
}

func sameCounted(t *testing.T, data []byte, q countedQuery, cfgs []Config) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := generalCounted([]string{path}, nil, q)
	for _, cfg := range cfgs {
		got, ok := fastCounted([]string{path}, nil, q, cfg)
		if !ok {
			t.Fatalf("input %q: the fast path does not take it", data)
		}
		if got.String() != want.String() {
			t.Fatalf("input %q, %+v, config %+v:\nfast:\n%s\ngeneral:\n%s", data, q, cfg, got, want)
		}
	}
}

func TestCountedSame(t *testing.T) {
	for _, in := range append(countedInputs, inputs[0]) {
		for _, q := range countedQueries {
			sameCounted(t, []byte(in), q, configs)
		}
	}
	// The reference itself: the tally file's groups, counted by hand.
	got := generalCounted(nil, []byte(countedInputs[2]), countedQuery{query: query{by: []string{"region"}}, tally: true})
	for _, want := range []string{
		"overall {[0 0 0 0 0 0 0 0 0 3 2] ",
		"blank 2 invalid 1\n",
		`["EMEA"] none(0) {[0 0 0 0 0 0 0 0 0 3 0] [0 0 0 0 0 0 0 0 0 0 0] [0 0 0 0 0 0 0 0 0 0 0] false} blank 2 invalid 0`,
		`["NA"] none(0) {[0 0 0 0 0 0 0 0 0 0 2] [0 0 0 0 0 0 0 0 0 0 0] [0 0 0 0 0 0 0 0 0 0 0] false} blank 0 invalid 1`,
	} {
		if !strings.Contains(got.groups, want) {
			t.Errorf("tally groups lack %q:\n%s", want, got.groups)
		}
	}
}

func FuzzCounted(f *testing.F) {
	for _, in := range countedInputs {
		f.Add([]byte(in), uint8(0), uint8(5))
	}
	f.Fuzz(func(t *testing.T, data []byte, qi, chunk uint8) {
		if len(data) > 4096 {
			return
		}
		q := countedQueries[int(qi)%len(countedQueries)]
		path := filepath.Join(t.TempDir(), "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		want := generalCounted([]string{path}, nil, q)
		for _, cfg := range []Config{{Sequential: true}, {Workers: 2, ChunkSize: int(chunk%64) + 1}} {
			got, ok := fastCounted([]string{path}, nil, q, cfg)
			if ok && got.String() != want.String() {
				t.Fatalf("input %q, %+v, config %+v:\nfast:\n%s\ngeneral:\n%s", data, q, cfg, got, want)
			}
		}
	})
}
