package render_test

import (
	"fmt"
	"os"

	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/render"
)

func ExampleScore() {
	emea := nps.Result{N: 4, Promoters: 2, Passives: 1, Detractors: 1,
		PromotersPct: 50, PassivesPct: 25, DetractorsPct: 25, NPS: 25, CILow: -40.5, CIHigh: 90.5, LowN: true}
	rep := &render.ScoreReport{
		KeyNames:   []string{"region"},
		Overall:    emea,
		Groups:     []render.GroupResult{{Key: []string{"EMEA"}, Result: emea}},
		Confidence: 0.95,
	}
	if err := render.Write(os.Stdout, render.CSV, render.Score(rep), render.Style{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// region,n,promoters,passives,detractors,promoters_pct,passives_pct,detractors_pct,nps,ci_low,ci_high,low_n
	// EMEA,4,2,1,1,50,25,25,25,-40.5,90.5,true
}

func ExampleScore_json() {
	r := nps.Result{N: 3, Promoters: 2, Detractors: 1,
		PromotersPct: 200.0 / 3, DetractorsPct: 100.0 / 3, NPS: 100.0 / 3, CILow: -40, CIHigh: 100}
	rep := &render.ScoreReport{Overall: r, Blank: 1}
	if err := render.Write(os.Stdout, render.JSON, render.Score(rep), render.Style{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "overall": {
	//     "n": 3,
	//     "promoters": 2,
	//     "passives": 0,
	//     "detractors": 1,
	//     "promoters_pct": 66.66666666666667,
	//     "passives_pct": 0,
	//     "detractors_pct": 33.333333333333336,
	//     "nps": 33.333333333333336,
	//     "ci_low": -40,
	//     "ci_high": 100,
	//     "low_n": false
	//   },
	//   "groups": [],
	//   "blank": 1,
	//   "invalid": 0
	// }
}

func ExampleNewRowWriter() {
	w, err := render.NewRowWriter(os.Stdout, render.CSV, []string{"id", "score", "comment", "category"}, render.Style{})
	if err != nil {
		fmt.Println(err)
		return
	}
	w.Write([]string{"r1", "10", "Great support", "promoter"})
	w.Write([]string{"r2", "-1", "=HYPERLINK(\"http://evil\")", "detractor"})
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// id,score,comment,category
	// r1,10,Great support,promoter
	// r2,-1,"'=HYPERLINK(""http://evil"")",detractor
}

func ExampleCreateAtomic() {
	dir, _ := os.MkdirTemp("", "nps-example")
	defer os.RemoveAll(dir)
	f, err := render.CreateAtomic(dir + "/score.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Abort() // removes the temporary file unless Commit ran
	if err := render.Write(f, render.JSON, render.Score(&render.ScoreReport{}), render.Style{}); err != nil {
		fmt.Println(err) // the deferred Abort leaves nothing behind
		return
	}
	if err := f.Commit(); err != nil {
		fmt.Println(err)
		return
	}
	entries, _ := os.ReadDir(dir)
	fmt.Println(len(entries), entries[0].Name())
	// Output: 1 score.json
}
