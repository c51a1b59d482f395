package render_test

import (
	"fmt"
	"os"

	"github.com/npskit/nps/pkg/drivers"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
)

func ExampleScore() {
	emea := nps.Result{N: 4, Promoters: 2, Passives: 1, Detractors: 1,
		PromotersPct: 50, PassivesPct: 25, DetractorsPct: 25, NPS: 25, CILow: -40.5, CIHigh: 90.5, LowN: true, Band: "good"}
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
	// region,n,promoters,passives,detractors,promoters_pct,passives_pct,detractors_pct,nps,ci_low,ci_high,low_n,band
	// EMEA,4,2,1,1,50,25,25,25,-40.5,90.5,true,good
}

func ExampleScore_json() {
	r := nps.Result{N: 3, Promoters: 2, Detractors: 1,
		PromotersPct: 200.0 / 3, DetractorsPct: 100.0 / 3, NPS: 100.0 / 3, CILow: -40, CIHigh: 100, Band: "great"}
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
	//     "low_n": false,
	//     "band": "great"
	//   },
	//   "groups": [],
	//   "blank": 1,
	//   "invalid": 0
	// }
}

func ExampleWrite() {
	f, err := render.ParseFormat("md")
	if err != nil {
		fmt.Println(err)
		return
	}
	r := nps.Result{N: 10, Promoters: 5, Passives: 3, Detractors: 2,
		PromotersPct: 50, PassivesPct: 30, DetractorsPct: 20, NPS: 30, CILow: 1.2, CIHigh: 55.8,
		Band: nps.DefaultBands().Of(30)}
	m := render.Score(&render.ScoreReport{Overall: r, Confidence: 0.95})
	if err := render.Write(os.Stdout, f, m, render.Style{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// |   n |  NPS |      95% CI | promoters |  passives | detractors | band  |
	// | --: | ---: | ----------: | --------: | --------: | ---------: | ----- |
	// |  10 | 30.0 | 1.2 to 55.8 | 5 (50.0%) | 3 (30.0%) |  2 (20.0%) | great |
}

func ExampleParseFormat() {
	for _, name := range []string{"md", "TSV", "xml"} {
		f, err := render.ParseFormat(name)
		fmt.Println(f, err)
	}
	// Output:
	// markdown <nil>
	// tsv <nil>
	// table unknown format "xml"; use table, csv, tsv, json, jsonl, markdown (md), html, svg or tally
}

func ExampleDist() {
	var t nps.Tally
	t.Count[0], t.Count[7], t.Count[9], t.Count[10] = 2, 4, 6, 8
	rep := &render.DistReport{Tally: t, Result: t.Result(nps.DefaultOptions())}
	if err := render.Write(os.Stdout, render.CSV, render.Dist(rep), render.Style{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// score,count,share,category
	// 0,2,10,detractor
	// 1,0,0,detractor
	// 2,0,0,detractor
	// 3,0,0,detractor
	// 4,0,0,detractor
	// 5,0,0,detractor
	// 6,0,0,detractor
	// 7,4,20,passive
	// 8,0,0,passive
	// 9,6,30,promoter
	// 10,8,40,promoter
}

func ExampleCompare() {
	emea := nps.Result{N: 100, Promoters: 50, Passives: 30, Detractors: 20,
		PromotersPct: 50, PassivesPct: 30, DetractorsPct: 20, NPS: 30, CILow: 17, CIHigh: 43}
	apac := nps.Result{N: 100, Promoters: 60, Passives: 25, Detractors: 15,
		PromotersPct: 60, PassivesPct: 25, DetractorsPct: 15, NPS: 45, CILow: 32.2, CIHigh: 57.8}
	rep := &render.CompareReport{
		A:          render.Side{KeyNames: []string{"region"}, KeyValues: []string{"EMEA"}, Result: emea},
		B:          render.Side{KeyNames: []string{"region"}, KeyValues: []string{"APAC"}, Result: apac},
		Comparison: nps.Comparison{A: emea, B: apac, Diff: 15, DiffCILow: 2.25, DiffCIHigh: 27.75, Z: 2.3, PValue: 0.021, Significant: true},
		Confidence: 0.95,
	}
	if err := render.Write(os.Stdout, render.Table, render.Compare(rep), render.Style{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// region         n    NPS         95% CI   promoters    passives  detractors
	// ────────────────────────────────────────────────────────────────────────────
	//  EMEA         100   30.0   17.0 to 43.0  50 (50.0%)  30 (30.0%)  20 (20.0%)
	//  APAC         100   45.0   32.2 to 57.8  60 (60.0%)  25 (25.0%)  15 (15.0%)
	// ────────────────────────────────────────────────────────────────────────────
	//  APAC - EMEA       +15.0  +2.3 to +27.8
	//
	// APAC is 15.0 points higher than EMEA (95% CI 2.3 to 27.8, p = 0.021): a significant difference at 95%
}

func ExamplePlan() {
	rep := &render.PlanReport{
		KeyNames:   []string{"region"},
		Margin:     10,
		Confidence: 0.95,
		Overall:    render.PlanRow{Result: nps.Result{N: 410, NPS: -11, CILow: -18, CIHigh: -4}, NeededN: 320},
		Groups: []render.PlanRow{
			{Key: []string{"EMEA"}, Result: nps.Result{N: 10, NPS: 40, CILow: 0, CIHigh: 80}, NeededN: 246},
			{Key: []string{"APAC"}, Result: nps.Result{N: 400, NPS: -12.5, CILow: -20, CIHigh: -5}, NeededN: 300},
		},
	}
	if err := render.Write(os.Stdout, render.CSV, render.Plan(rep), render.Style{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// region,n,nps,current_margin,needed_n,more_needed
	// EMEA,10,40,40,246,236
	// APAC,400,-12.5,7.5,300,0
}

func ExampleInspect() {
	rep := &survey.Report{
		Inputs: []survey.Input{{Name: "export.csv", Format: "csv", Delimiter: ";", Rows: 2}},
		Columns: []survey.ColumnReport{
			{Name: "id", Role: "id", Filled: 2, Samples: []string{"r1", "r2"}},
			{Name: "How likely are you to recommend us?", Role: "score", Filled: 2, Samples: []string{"9", "4"}},
		},
		ScoreCol: "How likely are you to recommend us?", Rows: 2, Valid: 2, Scale: "0-10",
	}
	if err := render.Write(os.Stdout, render.Table, render.Inspect(rep), render.Style{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// detected      value
	// ────────────────────────────────────────────────────────
	//  file          export.csv
	//  format        csv
	//  delimiter     ";"
	//  rows          2
	//  score column  How likely are you to recommend us?
	//  scores        2 valid, 0 blank, 0 invalid (scale 0-10)
	//  date column   none
	//
	//  column                               role   question  filled  empty  samples
	// ──────────────────────────────────────────────────────────────────────────────
	//  id                                   id               2       0      r1 | r2
	//  How likely are you to recommend us?  score            2       0      9 | 4
}

func ExampleTrend() {
	r := func(p, s, d int64, half float64) nps.Result {
		n := float64(p + s + d)
		x := 100 * float64(p-d) / n
		return nps.Result{N: p + s + d, Promoters: p, Passives: s, Detractors: d,
			PromotersPct: 100 * float64(p) / n, PassivesPct: 100 * float64(s) / n, DetractorsPct: 100 * float64(d) / n,
			NPS: x, CILow: x - half, CIHigh: x + half, Band: nps.DefaultBands().Of(x)}
	}
	rep := &render.TrendReport{
		ScoreReport: render.ScoreReport{
			KeyNames: []string{"period"},
			Overall:  r(120, 50, 30, 8),
			Groups: []render.GroupResult{
				{Key: []string{"2025-Q1"}, Result: r(30, 10, 10, 15)},
				{Key: []string{"2025-Q2"}, Result: r(40, 20, 10, 13)},
				{Key: []string{"2025-Q3"}, Result: r(50, 20, 10, 12)},
			},
			Confidence: 0.95,
		},
		Periods: []string{"2025-Q1", "2025-Q2", "2025-Q3"},
		Height:  5,
	}
	if err := render.Write(os.Stdout, render.Table, render.Trend(rep), render.Style{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// period     n   NPS        95% CI    promoters    passives  detractors  band
	// ──────────────────────────────────────────────────────────────────────────────
	//  2025-Q1   50  40.0  25.0 to 55.0   30 (60.0%)  10 (20.0%)  10 (20.0%)  great
	//  2025-Q2   70  42.9  29.9 to 55.9   40 (57.1%)  20 (28.6%)  10 (14.3%)  great
	//  2025-Q3   80  50.0  38.0 to 62.0   50 (62.5%)  20 (25.0%)  10 (12.5%)  great
	// ──────────────────────────────────────────────────────────────────────────────
	//  Overall  200  45.0  37.0 to 53.0  120 (60.0%)  50 (25.0%)  30 (15.0%)  great
	//
	//  50.0 ┤                                    ╭───
	//  47.5 ┤                             ╭──────╯
	//  45.0 ┤                      ╭──────╯
	//  42.5 ┤        ╭─────────────╯
	//  40.0 ┼────────╯
	//       └┬───────────────────┬───────────────────┬
	//     2025-Q1             2025-Q2             2025-Q3
	//
	//        NPS by period, overall 45.0 (n = 200)
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

func ExampleDrivers() {
	var free, pro, all nps.Tally
	free.Count[10], free.Count[8], free.Count[3] = 20, 30, 50
	pro.Count[10], pro.Count[8], pro.Count[3] = 180, 90, 30
	all.Merge(&free)
	all.Merge(&pro)
	opt := nps.DefaultOptions()
	ds := drivers.Analyze(&all, []drivers.Segment{{Column: "plan", Value: "Free", Tally: free}, {Column: "plan", Value: "Pro", Tally: pro}}, drivers.Options{Options: opt})
	rep := &render.DriversReport{Overall: all.Result(opt), Drivers: ds, Confidence: 0.95}
	// By hand: Free has a quarter of the responses and NPS -30 against the
	// rest's 50: gap -80, impact 0.25 × 80 = 20 points.
	if err := render.Write(os.Stdout, render.CSV, render.Drivers(rep), render.Style{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// column,value,n,share,nps,ci_low,ci_high,rest_nps,gap,gap_ci_low,gap_ci_high,p_value,p_adjusted,significant,impact
	// plan,Free,100,0.25,-30,-44.20129700570441,-14.051130178761607,50,-80,-96.03012011233157,-62.06277031251924,7.080552951232499e-18,1.4161105902464998e-17,true,20
	// plan,Pro,300,0.75,50,41.92703269090604,57.08286829919297,-30,80,62.06277031251924,96.03012011233157,7.080552951232499e-18,1.4161105902464998e-17,true,-60
}

// A CSV record is copied where the writer would write the same bytes: a
// needlessly quoted comment loses its quotes, a comment with a comma
// keeps them. A cell the writer would neutralise is refused, for Line.
func ExampleRecordEncoder() {
	enc, _ := render.NewLineEncoder(render.CSV, []string{"id", "score", "comment", "category"})
	rec := enc.(render.RecordEncoder)
	for _, r := range []string{`R1,9,"Love it"`, `R2,3,"Slow, and pricey"`, `R3,2,=1+2`} {
		line, ok := rec.Record(nil, []byte(r), ',', "detractor")
		fmt.Printf("%v %q\n", ok, line)
	}
	line, _ := enc.Line(nil, []string{"R3", "2", "=1+2", "detractor"})
	fmt.Printf("%q\n", line)
	// Output:
	// true "R1,9,Love it,detractor\n"
	// true "R2,3,\"Slow, and pricey\",detractor\n"
	// false ""
	// "R3,2,'=1+2,detractor\n"
}

// Lines made on every core, each worker with an encoder of its own, come
// out in order; a cell a spreadsheet would run is neutralised as ever.
func ExampleWriteLines() {
	rows := [][]string{{"ann", "10"}, {"bob", "=2+2"}, {"cid", "7"}}
	enc, _ := render.NewLineEncoder(render.CSV, []string{"who", "score"})
	os.Stdout.Write(enc.Header(nil))
	err := render.WriteLines(os.Stdout, len(rows), func() func([]byte, int) ([]byte, error) {
		enc, _ := render.NewLineEncoder(render.CSV, []string{"who", "score"})
		return func(b []byte, i int) ([]byte, error) { return enc.Line(b, rows[i]) }
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// who,score
	// ann,10
	// bob,'=2+2
	// cid,7
}
