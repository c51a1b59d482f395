package breakdown_test

import (
	"fmt"
	"strings"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/period"
)

func label(k breakdown.Key) string {
	parts := make([]string, 0, len(k.Segments)+1)
	for _, s := range k.Segments {
		if s == "" {
			s = "(blank)"
		}
		parts = append(parts, s)
	}
	if k.Period.Unit != period.None {
		parts = append(parts, k.Period.Label())
	}
	return strings.Join(parts, " ")
}

func ExampleGrouper() {
	g := breakdown.NewGrouper(1, period.Quarter, false)
	q1 := period.Period{Unit: period.Quarter, Ord: 2025*4 + 0}
	q2 := q1.Next()
	g.Add([]string{"EMEA"}, q2, 10, 1)
	g.Add([]string{"AMER"}, q1, 9, 1)
	g.Add([]string{"EMEA"}, q1, 3, 1)
	g.Add([]string{""}, q1, 7, 1)
	g.Add([]string{"EMEA"}, q2, 9, 1)
	for _, gr := range g.Groups() {
		fmt.Println(label(gr.Key), gr.Tally.N())
	}
	o := g.Overall()
	fmt.Println("overall", o.N())
	// Output:
	// (blank) 2025-Q1 1
	// AMER 2025-Q1 1
	// EMEA 2025-Q1 1
	// EMEA 2025-Q2 2
	// overall 5
}

func ExampleFillPeriods() {
	g := breakdown.NewGrouper(0, period.Month, false)
	jan, _ := period.Parse(period.Month, "2025-01")
	apr, _ := period.Parse(period.Month, "2025-04")
	g.Add(nil, jan, 10, 1)
	g.Add(nil, apr, 6, 1)
	filled, err := breakdown.FillPeriods(g.Groups())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, gr := range filled {
		fmt.Println(gr.Key.Period.Label(), gr.Tally.N())
	}
	// Output:
	// 2025-01 1
	// 2025-02 0
	// 2025-03 0
	// 2025-04 1
}

func ExampleRolling() {
	g := breakdown.NewGrouper(0, period.Month, false)
	jan, _ := period.Parse(period.Month, "2025-01")
	for i, n := range []int{2, 0, 1, 3} { // responses per month, Jan-Apr
		p := period.Period{Unit: period.Month, Ord: jan.Ord + int32(i)}
		for range n {
			g.Add(nil, p, 9, 1)
		}
	}
	filled, err := breakdown.FillPeriods(g.Groups())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, gr := range breakdown.Rolling(filled, 2) {
		fmt.Println(gr.Key.Period.Label(), gr.Tally.N())
	}
	// Output:
	// 2025-01 2
	// 2025-02 2
	// 2025-03 1
	// 2025-04 4
}
