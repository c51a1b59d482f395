package engine_test

import (
	"context"
	"fmt"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// NPS by region and quarter from a CSV export. (The figures were checked
// against a separate Python count of the same file.)
func Example() {
	q := engine.Query{
		Files:     []string{"../../testdata/responses.csv"},
		Groupings: []engine.Grouping{{By: []string{"region"}, Period: period.Quarter}},
	}
	res, err := engine.Run(context.Background(), q)
	if err != nil {
		panic(err)
	}
	for _, g := range engine.Results(res.Groupings[0].Groups()[:3], nps.Options{}, engine.ByKey) {
		fmt.Printf("%s %s n=%d NPS %.1f\n", g.Key[0], g.Key[1], g.Result.N, g.Result.NPS)
	}
	// Output:
	// APAC 2024-Q1 n=98 NPS 16.3
	// APAC 2024-Q2 n=111 NPS 17.1
	// APAC 2024-Q3 n=93 NPS 14.0
}
