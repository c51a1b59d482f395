package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/nps"
)

func TestTallyWriter(t *testing.T) {
	var plain, weighted nps.Tally
	plain.Count[0], plain.Count[10] = 2, 3
	weighted.Weighted = true
	weighted.Count[9], weighted.Weight[9], weighted.Weight2[9] = 2, 1.5, 1.25 // weights 1 and 0.5
	for _, tt := range []struct {
		name string
		rep  TallyReport
		want string
	}{
		{"no keys, no dates: one group, blank and invalid after the scores",
			TallyReport{Groups: []TallyGroup{{Tally: plain, Blank: 4, Invalid: 1}}},
			"score,count\n0,2\n10,3\n,4\ninvalid,1\n"},
		{"keys and days, verbatim cells (no formula quoting)",
			TallyReport{KeyNames: []string{"region"}, Dated: true, Groups: []TallyGroup{
				{Key: []string{"=x"}, Date: "2025-01-02", Tally: plain},
				{Key: []string{"a,b"}, Date: "2025-01-03", Blank: 1},
			}},
			"region,date,score,count\n=x,2025-01-02,0,2\n=x,2025-01-02,10,3\n\"a,b\",2025-01-03,,1\n"},
		{"weighted: sums, none for blank; an unweighted group has weight 1 each",
			TallyReport{Weighted: true, KeyNames: []string{"k"}, Groups: []TallyGroup{
				{Key: []string{"w"}, Tally: weighted, Invalid: 2},
				{Key: []string{"p"}, Tally: plain},
			}},
			"k,score,count,weight,weight_sq\nw,9,2,1.5,1.25\nw,invalid,2,,\np,0,2,2,2\np,10,3,3,3\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, Tally, Tallies(&tt.rep), Style{}); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
	// Other reports have no tally; rows of responses neither.
	if err := Write(&bytes.Buffer{}, Tally, Score(scoreFixture()), Style{}); err == nil || !strings.Contains(err.Error(), "no tally") {
		t.Errorf("a score report as a tally: %v", err)
	}
	if _, err := NewRowWriter(&bytes.Buffer{}, Tally, []string{"a"}, Style{}); err == nil {
		t.Error("rows as a tally: no error")
	}
}
