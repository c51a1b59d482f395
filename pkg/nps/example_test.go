package nps_test

import (
	"fmt"

	"github.com/npskit/nps/pkg/nps"
)

func ExampleClassify() {
	for _, s := range []int{0, 6, 7, 8, 9, 10} {
		fmt.Println(s, nps.Classify(s))
	}
	// Output:
	// 0 detractor
	// 6 detractor
	// 7 passive
	// 8 passive
	// 9 promoter
	// 10 promoter
}

func ExampleTally_Result() {
	var t nps.Tally
	for _, s := range []int{10, 10, 9, 9, 9, 8, 7, 7, 3, 0} {
		t.Add(s)
	}
	// By hand: NPS = 100·(5−2)/10 = 30. Adjusted Wald: (2.75, 4.5, 5.75)/13,
	// centre 100·3/13 = 23.08, Var = 8.5/13 − (3/13)² = 0.60059,
	// SE = 100·√(0.60059/13) = 21.494, 23.08 ± 1.96·21.494 = [−19.05, 65.20].
	r := t.Result(nps.DefaultOptions())
	fmt.Printf("n=%d promoters=%d passives=%d detractors=%d\n", r.N, r.Promoters, r.Passives, r.Detractors)
	fmt.Printf("NPS %.1f, 95%% CI [%.1f, %.1f], low n: %v\n", r.NPS, r.CILow, r.CIHigh, r.LowN)
	// Output:
	// n=10 promoters=5 passives=3 detractors=2
	// NPS 30.0, 95% CI [-19.1, 65.2], low n: true
}

func ExampleCompare() {
	var a, b nps.Tally
	a.Count[0], a.Count[7], a.Count[10] = 20, 30, 50 // NPS 30
	b.Count[0], b.Count[7], b.Count[10] = 10, 30, 60 // NPS 50
	// By hand: SE = √(0.61/100 + 0.45/100) = 0.10296, z = 0.2/0.10296 = 1.94,
	// p = erfc(1.94257/√2) = 0.052, CI = 20 ± 1.96·10.296 = [−0.18, 40.18].
	c := nps.Compare(&a, &b, nps.Options{Method: nps.Wald})
	fmt.Printf("diff %.1f, 95%% CI [%.1f, %.1f], z %.2f, p %.3f, significant %v\n",
		c.Diff, c.DiffCILow, c.DiffCIHigh, c.Z, c.PValue, c.Significant)
	// Output:
	// diff 20.0, 95% CI [-0.2, 40.2], z 1.94, p 0.052, significant false
}

func ExampleCompare_moverTango() {
	// The default interval: MOVER from each side's Tango score interval.
	// A has 3 promoters, 5 passives, 2 detractors (NPS 10); B 6, 3, 1
	// (NPS 50). Issue 13's reference values: −25.5233 to 92.7261, p 0.224919.
	var a, b nps.Tally
	a.Count[10], a.Count[8], a.Count[0] = 3, 5, 2
	b.Count[10], b.Count[8], b.Count[0] = 6, 3, 1
	c := nps.Compare(&a, &b, nps.DefaultOptions())
	fmt.Printf("diff %.1f, 95%% CI [%.1f, %.1f], p %.3f, significant %v\n",
		c.Diff, c.DiffCILow, c.DiffCIHigh, c.PValue, c.Significant)
	// The half-width 59.12 means SE 59.12/1.96 = 30.17, and 2.80 SE = 84.5.
	fmt.Printf("a difference under about %.0f points could easily go undetected\n", c.MDD)
	// Output:
	// diff 40.0, 95% CI [-25.5, 92.7], p 0.225, significant false
	// a difference under about 85 points could easily go undetected
}

func ExampleMinDetectableDiff() {
	// A difference estimated with a standard error of 5 points, tested at
	// 95%: (1.96 + 0.84)·5 = 14.0 points are found 80% of the time.
	fmt.Printf("%.1f\n", nps.MinDetectableDiff(5, 0.8, nps.DefaultOptions()))
	// Output:
	// 14.0
}

func ExampleSampleSizeForMargin() {
	// With no data yet, plan for the worst case Var = 1:
	// (100·1.96/10)² = 384.1 → 385 responses for ±10 points at 95%.
	var none nps.Tally
	fmt.Println(nps.SampleSizeForMargin(&none, 10, nps.DefaultOptions()))
	// Output:
	// 385
}

func ExampleParseCategories() {
	set, err := nps.ParseCategories("promoters, Passives")
	fmt.Println(set.Has(nps.Promoter), set.Has(nps.Passive), set.Has(nps.Detractor), err)
	// Output:
	// true true false <nil>
}

func ExampleAdjustPValues() {
	// Four segments against the rest. Sorted raw p: 0.005, 0.01, 0.03, 0.04.
	// Holm multiplies by 4, 3, 2, 1 and keeps a running maximum; BH by 4/1,
	// 4/2, 4/3, 4/4 and keeps a running minimum from the largest.
	p := []float64{0.01, 0.04, 0.03, 0.005}
	method, err := nps.ParseAdjustment("holm")
	fmt.Printf("%.4g %v\n", nps.AdjustPValues(p, method), err)
	fmt.Printf("%.4g\n", nps.AdjustPValues(p, nps.BenjaminiHochberg))
	// Output:
	// [0.03 0.06 0.06 0.02] <nil>
	// [0.02 0.04 0.04 0.02]
}

func ExampleTally_Sub() {
	// The rest of the responses beside a group: the overall tally minus the
	// group's.
	var overall, group nps.Tally
	for _, s := range []int{10, 9, 8, 3, 0, 10} {
		overall.Add(s)
	}
	group.Add(10)
	group.Add(3)
	rest := overall
	err := rest.Sub(&group)
	d, m, p := rest.Categories()
	fmt.Println(rest.N(), d, m, p, err)
	// Output:
	// 4 1 1 2 <nil>
}

func ExampleVersusRest() {
	// Each region against the rest of the responses, p-values adjusted
	// together by Holm. Counts are promoters, passives, detractors.
	regions := []string{"AMER", "APAC", "EMEA"}
	counts := [][3]int64{{320, 230, 150}, {296, 234, 185}, {377, 225, 113}}
	var overall nps.Tally
	groups := make([]nps.Tally, len(regions))
	for i, c := range counts {
		groups[i].Count[10], groups[i].Count[8], groups[i].Count[0] = c[0], c[1], c[2]
		overall.Merge(&groups[i])
	}
	opt := nps.DefaultOptions()
	rows := make([]nps.Comparison, len(regions))
	p := make([]float64, len(regions))
	for i := range groups {
		c, err := nps.VersusRest(&groups[i], &overall, opt)
		if err != nil {
			panic(err)
		}
		rows[i], p[i] = c, c.PValue
	}
	adjusted := nps.AdjustPValues(p, nps.Holm)
	for i, c := range rows {
		fmt.Printf("%s: NPS %.1f vs rest %.1f, gap %+.1f (95%% CI %.1f to %.1f), p %.2g, Holm %.2g, significant %v\n",
			regions[i], c.B.NPS, c.A.NPS, c.Diff, c.DiffCILow, c.DiffCIHigh, p[i], adjusted[i], adjusted[i] < 1-opt.Confidence)
	}
	// Output:
	// AMER: NPS 24.3 vs rest 26.2, gap -1.9 (95% CI -9.1 to 5.1), p 0.59, Holm 0.59, significant false
	// APAC: NPS 15.5 vs rest 30.7, gap -15.1 (95% CI -22.3 to -8.0), p 2.6e-05, Holm 5.1e-05, significant true
	// EMEA: NPS 36.9 vs rest 19.9, gap +17.1 (95% CI 10.1 to 23.8), p 1.9e-06, Holm 5.8e-06, significant true
}

func ExampleParseBands() {
	b, err := nps.ParseBands("below par,20:on par,50:best in class")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.Of(-5), "|", b.Of(20), "|", b.Of(64.2))
	fmt.Println(nps.DefaultBands().Of(31))
	// Output:
	// below par | on par | best in class
	// great
}
