package engine

import (
	"context"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/pipeline"
	"github.com/npskit/nps/pkg/internal/reader"
)

// fastSource is the parallel fast path: byte-level scanners over chunks of
// plain CSV/TSV and JSON Lines.
type fastSource struct {
	plan     *reader.FastPlan
	specs    []breakdown.Spec
	weighted bool
}

func (s *fastSource) fill(ctx context.Context) (*breakdown.Set, error) {
	return pipeline.Run(ctx, pipeline.Config{
		Plan:      s.plan,
		Groupings: s.specs,
		Weighted:  s.weighted,
	})
}
