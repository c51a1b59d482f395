package engine

import (
	"context"

	"github.com/npskit/nps/pkg/internal/pipeline"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/survey"
)

// Inspect reads the inputs of q to the end and reports what was detected:
// formats, encodings, header rows, each column with its role and sample
// values, blank and invalid counts, and the date range. The filters of
// q.Read and its groupings are not applied.
//
// The columns' samples come from the first rows that hold values; every
// count is over all rows, read by the fast path where the inputs allow it
// (as for Run), else by the general reader.
func Inspect(q Query) (*survey.Report, error) {
	r, err := reader.OpenInspect(q.Files, q.Stdin, q.Read)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if !q.General {
		if plan, _ := r.FastPlan(nil); plan != nil {
			if _, err := pipeline.Run(context.Background(), pipeline.Config{Plan: plan}); err != nil {
				return nil, err
			}
			return r.InspectReport(), nil
		}
	}
	return r.InspectAll()
}
