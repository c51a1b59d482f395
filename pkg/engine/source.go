package engine

import (
	"context"

	"github.com/npskit/nps/pkg/breakdown"
)

// source reads the inputs of a pass once and returns the filled
// accumulators. Every source evaluates rows with the reader's compiled row
// logic and keys them with breakdown.Set, so the choice of source changes
// speed, never results. Pre-aggregated rows (--count-col, tally files)
// are read by both: a row's count is part of the row logic. A database
// computes the tally itself (source_db.go).
type source interface {
	fill(ctx context.Context) (*breakdown.Set, error)
}

// source is the one place that decides how the inputs are read: the
// database when the query has one, the fast path when the reader's plan
// allows it and the query does not ask for the general reader, else the
// general reader.
func (p *pass) source(specs []breakdown.Spec) source {
	weighted := p.r.Roles().Weight >= 0 // --weight-col, or a weighted tally file
	if p.q.DB != nil {
		return &dbSource{generalSource{r: p.r, specs: specs, weighted: weighted}}
	}
	if !p.q.General {
		var cols []int
		for _, s := range specs {
			cols = append(cols, s.Cols...)
		}
		if plan, _ := p.r.FastPlan(cols); plan != nil {
			return &fastSource{plan: plan, specs: specs, weighted: weighted}
		}
	}
	return &generalSource{r: p.r, specs: specs, weighted: weighted}
}
