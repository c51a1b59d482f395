package followup_test

import (
	"fmt"
	"time"

	"github.com/npskit/nps/pkg/followup"
	"github.com/npskit/nps/pkg/nps"
)

func ExampleList() {
	due, _ := followup.ParseDue("detractors=1d")
	l := followup.NewList(due)
	at := time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)
	l.Add("ann@example.com", 10, at, 1, nil)
	l.Add("bob@example.com", 4, at, 2, nil)
	l.Add("cid@example.com", 8, at.AddDate(0, 0, -1), 3, nil)
	for it := range l.Worklist(nil, nps.CategorySet{true, true, true}).All() {
		fmt.Println(it.Respondent, it.Category, it.Due.Format("2006-01-02"), "—", followup.DefaultActions[it.Category])
	}
	// Output:
	// bob@example.com detractor 2025-03-04 — Contact with a prepared plan, at the right time; close the loop
	// cid@example.com passive 2025-03-09 — Ask what would make it a 10; close the feedback loop
	// ann@example.com promoter 2025-03-17 — Thank personally; ask for a review or referral, no hard sell
}
