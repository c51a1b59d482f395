package drivers_test

import (
	"fmt"

	"github.com/npskit/nps/pkg/drivers"
	"github.com/npskit/nps/pkg/nps"
)

// Two regions against each other, the segments given by number, as a
// grouping of a million values would give them. By hand: EMEA has 10
// promoters and 10 detractors (NPS 0), APAC 20 promoters (NPS 100); each
// is half the responses, so EMEA's impact is 0.5 × (100 − 0) = 50 points
// and APAC's 0.5 × (0 − 100) = −50.
func ExampleRanked() {
	tally := func(promoters, detractors int64) nps.Tally {
		var t nps.Tally
		t.Count[10], t.Count[0] = promoters, detractors
		return t
	}
	segs := []drivers.Segment{
		{Column: "region", Value: "APAC", Tally: tally(20, 0)},
		{Column: "region", Value: "EMEA", Tally: tally(10, 10)},
	}
	overall := tally(30, 10)
	segment := func(i int) *drivers.Segment { return &segs[i] }
	for d := range drivers.Ranked(&overall, len(segs), segment, drivers.Options{Options: nps.DefaultOptions()}) {
		fmt.Printf("%s NPS %.0f, rest %.0f, impact %+.1f\n", d.Value, d.Result.NPS, d.RestNPS, d.Impact)
	}
	// Output:
	// EMEA NPS 0, rest 100, impact +50.0
	// APAC NPS 100, rest 0, impact -50.0
}
