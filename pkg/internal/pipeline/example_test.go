package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/pipeline"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/survey"
)

// The survey reader detects the input and decides whether the fast path
// applies; the pipeline then tallies the file in parallel chunks.
func ExampleRun() {
	dir, err := os.MkdirTemp("", "pipeline")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "responses.csv")
	if err := os.WriteFile(path, []byte("region,score\nEMEA,10\nEMEA,6\nNA,9\n"), 0o644); err != nil {
		panic(err)
	}
	r, err := reader.Open([]string{path}, nil, survey.Options{})
	if err != nil {
		panic(err)
	}
	defer r.Close()
	region, _ := r.Column("region")
	plan, why := r.FastPlan([]int{region})
	if plan == nil {
		fmt.Println("general reader:", why)
		return
	}
	set, err := pipeline.Run(context.Background(), pipeline.Config{Plan: plan, Groupings: []breakdown.Spec{{Cols: []int{region}}}})
	if err != nil {
		panic(err)
	}
	g := set.Groupers()[0]
	for _, grp := range g.Groups() {
		d, p, pr := grp.Tally.Categories()
		fmt.Println(grp.Key.Segments, d, p, pr)
	}
	overall := g.Overall()
	fmt.Println("n =", overall.N(), "valid =", r.Stats().Valid)
	// Output:
	// [EMEA] 1 0 1
	// [NA] 0 0 1
	// n = 3 valid = 3
}
