package engine

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/survey"
)

// noteAcc is a test accumulator: per group key and score, the number of
// rows and the smallest (input, line) with its note column's value.
type noteAcc struct {
	col  int
	seen map[string]*noted
}

type noted struct {
	n     int
	first [2]int64
	note  string
}

func (a *noteAcc) Add(k breakdown.Key, r *breakdown.Row) {
	key := fmt.Sprintf("%s|%s|%d", strings.Join(k.Segments, ","), k.Period.Label(), r.Score)
	pos := [2]int64{int64(r.Input), r.Line}
	e := a.seen[key]
	if e == nil {
		e = &noted{first: pos, note: strings.Clone(r.Fields[a.col])}
		a.seen[key] = e
	}
	e.n++
	if pos[0] < e.first[0] || pos[0] == e.first[0] && pos[1] < e.first[1] {
		e.first, e.note = pos, strings.Clone(r.Fields[a.col])
	}
}

func (a *noteAcc) Merge(o breakdown.Accumulator) {
	for k, e := range o.(*noteAcc).seen {
		m := a.seen[k]
		if m == nil {
			c := *e
			a.seen[k] = &c
			continue
		}
		m.n += e.n
		if e.first[0] < m.first[0] || e.first[0] == m.first[0] && e.first[1] < m.first[1] {
			m.first, m.note = e.first, e.note
		}
	}
}

func (a *noteAcc) Empty() breakdown.Accumulator {
	return &noteAcc{col: a.col, seen: map[string]*noted{}}
}

func (a *noteAcc) lines() []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(a.seen)) {
		e := a.seen[k]
		out = append(out, fmt.Sprintf("%s n=%d first=%d:%d %q", k, e.n, e.first[0], e.first[1], e.note))
	}
	return out
}

func noteExtra(grouping int) Extra {
	return Extra{Grouping: grouping, New: func(cols []string, _ survey.Roles) (breakdown.Accumulator, []int, error) {
		c := slices.Index(cols, "note")
		if c < 0 {
			return nil, nil, fmt.Errorf("no note column")
		}
		return &noteAcc{col: c}, []int{c}, nil
	}}
}

// An accumulator sees every valid row with its group key and position, and
// the fast path (parallel chunks, one accumulator per worker, merged) fills
// it exactly as the general reader does.
func TestExtraAccumulatorBothSources(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,date,region,score,note\n")
	for i := range 60000 {
		fmt.Fprintf(&b, "%d,2025-%02d-10,%s,%d,\"n %d, \"\"q\"\"\"\n", i, 1+i%12, []string{"EMEA", "APAC", "NA"}[i%3], i%11, i%97)
		if i%1000 == 0 {
			b.WriteString("x,2025-01-01,EMEA,,blank\n") // blank score: not handed over
		}
	}
	path := write(t, b.String())
	var got [2][]string
	for k, general := range []bool{false, true} {
		q := Query{Files: []string{path}, General: general,
			Groupings: []Grouping{{By: []string{"region"}}, {}},
			Extras:    []Extra{noteExtra(0)}}
		res, err := Run(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		acc := res.Extras[0].(*noteAcc)
		got[k] = acc.lines()
		total := 0
		for _, e := range acc.seen {
			total += e.n
		}
		if total != 60000 {
			t.Errorf("general=%v: %d rows handed over, want 60000", general, total)
		}
	}
	if !slices.Equal(got[0], got[1]) {
		t.Errorf("fast path and general reader differ:\n%v\n%v", got[0][:5], got[1][:5])
	}
	// By hand: row i = 0 is on line 2 with region EMEA and score 0.
	if got[0][slices.IndexFunc(got[0], func(s string) bool { return strings.HasPrefix(s, "EMEA||0 ") })] != `EMEA||0 n=1819 first=0:2 "n 0, \"q\""` {
		t.Errorf("EMEA score 0: %v", got[0])
	}
}

func TestExtraErrors(t *testing.T) {
	path := write(t, export)
	q := Query{Files: []string{path}, Extras: []Extra{noteExtra(0)}}
	if _, err := Run(context.Background(), q); err == nil || !strings.Contains(err.Error(), "no note column") {
		t.Errorf("missing column: %v", err)
	}
	q = Query{Files: []string{path}, Extras: []Extra{noteExtra(1)}}
	if _, err := Run(context.Background(), q); err == nil {
		t.Error("extra on a grouping the query lacks: no error")
	}
}

func TestMaxGroups(t *testing.T) {
	path := write(t, export)
	q := Query{Files: []string{path}, Groupings: []Grouping{
		{By: []string{"id"}, MaxGroups: 3},     // 5 valid rows, 5 ids: given up
		{By: []string{"region"}, MaxGroups: 2}, // 2 regions: kept
	}}
	for _, general := range []bool{false, true} {
		q.General = general
		res, err := Run(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Dropped[0] || res.Dropped[1] {
			t.Errorf("general=%v: dropped %v, want [true false]", general, res.Dropped)
		}
		if res.Groupings[0].Len() != 0 || res.Groupings[1].Len() != 2 {
			t.Errorf("general=%v: %d and %d groups", general, res.Groupings[0].Len(), res.Groupings[1].Len())
		}
	}
}
