package themes_test

import (
	"fmt"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/themes"
)

func ExampleRank() {
	// The engine hands a Counter every valid response; here by hand: the
	// comment is field 0.
	c := themes.NewCounter(0, themes.Options{Lang: themes.Auto})
	rows := []struct {
		score   int
		comment string
	}{
		{2, "Support never answered"}, {3, "support was slow"}, {1, "Slow support, no answer"},
		{9, "Great product"}, {10, "great team"}, {8, "good product"},
	}
	for i, r := range rows {
		c.Add(breakdown.Key{}, &breakdown.Row{Fields: []string{r.comment}, Line: int64(i + 2), Score: r.score})
	}
	g := c.Groups()[0]
	for _, t := range themes.Rank(&g, nps.Detractor, themes.RankOptions{Top: 2}) {
		fmt.Printf("%s: %d of %d detractor comments, z %.2f, e.g. %q\n", t.Term, t.Count, g.Comments[nps.Detractor], t.Z, t.Examples[0])
	}
	// By hand: detractors' terms count 11 (support 3), the others' 9; the
	// prior weighs 2, 0.3 of it on "support": z = (ln(3.3/9.7) −
	// ln(0.3/10.7)) / √(1/3.3 + 1/0.3) = 1.31.
	// Output:
	// support: 3 of 3 detractor comments, z 1.31, e.g. "Support never answered"
	// slow: 2 of 3 detractor comments, z 1.03, e.g. "support was slow"
}

func ExampleExcerpt() {
	fmt.Println(themes.Excerpt("We waited three weeks for a refund and nobody ever called back, twice", "refund", 40))
	// Output:
	// …weeks for a refund and nobody ever…
}
