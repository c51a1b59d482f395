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
// computes the tally itself and its rows are read as a tally file
// (source_db.go).
type source interface {
	fill(ctx context.Context) (*breakdown.Set, error)
}

// source is the one place that decides how the inputs are read: the
// database when the query has one, else the fast path when the reader's
// plan allows it and the query does not ask for the general reader, else
// the general reader.
// extra are more columns that the accumulators read.
func (p *pass) source(specs []breakdown.Spec, extra []int) source {
	weighted := p.r.Roles().Weight >= 0 // --weight-col, or a weighted tally file
	if p.q.Database != nil {
		return &dbSource{generalSource{r: p.r, specs: specs, weighted: weighted}}
	}
	// The fast path's --latest-per store keeps each respondent's score or
	// blank, not the blank and invalid rows per group of the tally shape.
	latestTally := p.q.Tally && p.q.Read.LatestPer != ""
	if !p.q.General && !latestTally {
		var cols []int
		for _, s := range specs {
			cols = append(cols, s.Cols...)
		}
		cols = append(cols, extra...)
		if plan, _ := p.r.FastPlan(cols); plan != nil {
			return &fastSource{plan: plan, specs: specs, weighted: weighted}
		}
	}
	return &generalSource{r: p.r, specs: specs, weighted: weighted}
}
