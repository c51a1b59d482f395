package nps

import (
	"math"
	"testing"
)

func TestClassifyAllScores(t *testing.T) {
	// SPEC §1: promoter 9-10, passive 7-8, detractor 0-6.
	want := [11]Category{
		Detractor, Detractor, Detractor, Detractor, Detractor, Detractor, Detractor,
		Passive, Passive,
		Promoter, Promoter,
	}
	for s, w := range want {
		if got := Classify(s); got != w {
			t.Errorf("Classify(%d) = %v, want %v", s, got, w)
		}
	}
	// Out of range: nearest end.
	if Classify(-1) != Detractor || Classify(11) != Promoter {
		t.Errorf("out-of-range scores not classified by nearest end")
	}
}

func TestCategoryString(t *testing.T) {
	for c, w := range map[Category]string{Detractor: "detractor", Passive: "passive", Promoter: "promoter", 7: "Category(7)"} {
		if got := c.String(); got != w {
			t.Errorf("%d.String() = %q, want %q", c, got, w)
		}
	}
}

func TestParseCategories(t *testing.T) {
	tests := []struct {
		in      string
		want    CategorySet
		wantErr bool
	}{
		{"detractors", CategorySet{Detractor: true}, false},
		{"detractor", CategorySet{Detractor: true}, false},
		{"promoters,passives", CategorySet{Passive: true, Promoter: true}, false},
		{" Promoters , PASSIVE ", CategorySet{Passive: true, Promoter: true}, false},
		{"detractors,passives,promoters", CategorySet{true, true, true}, false},
		{"detractors,", CategorySet{Detractor: true}, false},
		{"promoter,promoters", CategorySet{Promoter: true}, false},
		{"", CategorySet{}, true},
		{" , ", CategorySet{}, true},
		{"fans", CategorySet{}, true},
		{"detractors,fans", CategorySet{}, true},
		{"passivess", CategorySet{}, true},
	}
	for _, tt := range tests {
		got, err := ParseCategories(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseCategories(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && got != tt.want {
			t.Errorf("ParseCategories(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	s, _ := ParseCategories("passives")
	if !s.Has(Passive) || s.Has(Promoter) || s.Has(Category(9)) {
		t.Errorf("Has on %v wrong", s)
	}
}

func TestParseMethod(t *testing.T) {
	tests := []struct {
		in      string
		want    Method
		wantErr bool
	}{
		{"adjusted-wald", AdjustedWald, false},
		{"wald", Wald, false},
		{"score", ScoreInterval, false},
		{"Wald", 0, true},
		{"", 0, true},
		{"tango", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseMethod(tt.in)
		if (err != nil) != tt.wantErr || (err == nil && got != tt.want) {
			t.Errorf("ParseMethod(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
	if Method(9).String() != "Method(9)" {
		t.Errorf("unknown method String = %q", Method(9).String())
	}
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		o  Options
		ok bool
	}{
		{DefaultOptions(), true},
		{Options{}, true}, // confidence 0 means 0.95
		{Options{Confidence: 0.9, Method: ScoreInterval}, true},
		{Options{Confidence: 1}, false},
		{Options{Confidence: -0.1}, false},
		{Options{Confidence: math.NaN()}, false},
		{Options{Confidence: 95}, false},
		{Options{Method: 7}, false},
		{Options{MinN: -1}, false},
	}
	for _, tt := range tests {
		if err := tt.o.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v.Validate() = %v, want ok %v", tt.o, err, tt.ok)
		}
	}
}

// tallyOf builds an unweighted tally from category counts (scores 0, 7, 10).
func tallyOf(d, m, p int64) *Tally {
	var t Tally
	t.Count[0], t.Count[7], t.Count[10] = d, m, p
	return &t
}

func TestTallyAddMergeCategories(t *testing.T) {
	var a, b Tally
	for s := 0; s <= 10; s++ {
		a.Add(s) // 7 detractors, 2 passives, 2 promoters
	}
	b.Add(9)
	b.Add(9)
	b.Add(3)
	if a.N() != 11 || b.N() != 3 {
		t.Fatalf("N = %d, %d; want 11, 3", a.N(), b.N())
	}
	a.Merge(&b)
	a.Merge(nil)
	if d, m, p := a.Categories(); d != 8 || m != 2 || p != 4 || a.N() != 14 {
		t.Errorf("merged categories = %d,%d,%d n=%d; want 8,2,4 n=14", d, m, p, a.N())
	}
	if a.Count[9] != 3 || a.Count[3] != 2 {
		t.Errorf("bins wrong: %v", a.Count)
	}
	if a.Weighted {
		t.Errorf("unweighted merge became weighted")
	}
	// Merging is the same as adding everything to one tally.
	var all Tally
	for _, s := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9, 9, 3} {
		all.Add(s)
	}
	if all != a {
		t.Errorf("merge differs from one tally:\n%+v\n%+v", a, all)
	}
}

func TestTallyWeightedKish(t *testing.T) {
	// Weights 1, 2, 3, 4 on scores 10, 10, 0, 7:
	//   Σw = 10, Σw² = 1+4+9+16 = 30, Kish n_eff = 100/30 = 3.333...
	//   promoters Σw = 3 (30%), detractors 3 (30%), passives 4 (40%), NPS 0.
	var tl Tally
	tl.AddWeighted(10, 1)
	tl.AddWeighted(10, 2)
	tl.AddWeighted(0, 3)
	tl.AddWeighted(7, 4)
	r := tl.Result(DefaultOptions())
	if !r.Weighted || r.N != 4 || r.Promoters != 2 || r.Detractors != 1 || r.Passives != 1 {
		t.Fatalf("counts wrong: %+v", r)
	}
	near(t, "WeightTotal", r.WeightTotal, 10, 1e-12)
	near(t, "EffectiveN", r.EffectiveN, 10.0/3, 1e-12)
	near(t, "PromotersPct", r.PromotersPct, 30, 1e-12)
	near(t, "PassivesPct", r.PassivesPct, 40, 1e-12)
	near(t, "DetractorsPct", r.DetractorsPct, 30, 1e-12)
	near(t, "NPS", r.NPS, 0, 1e-12)
	if !r.LowN {
		t.Errorf("LowN false with n=4")
	}
	// Wald with n_eff: Var = 0.3+0.3-0 = 0.6, SE = 100·sqrt(0.6/(10/3)) =
	// 100·sqrt(0.18) = 42.42641; ±1.959964·42.42641 = ±83.15423.
	lo, hi := Interval(&tl, Options{Method: Wald})
	near(t, "weighted wald lo", lo, -83.15423, 1e-4)
	near(t, "weighted wald hi", hi, 83.15423, 1e-4)
	// Adjusted Wald in effective units: counts 1, 1.3333, 1 (of 3.3333) plus
	// 0.75/1.5/0.75 → 1.75, 2.8333, 1.75 of 6.3333: pP = pD = 0.276316,
	// Var = 0.552632, SE = 100·sqrt(0.552632/6.3333) = 29.5395, ±57.8962.
	lo, hi = Interval(&tl, DefaultOptions())
	near(t, "weighted adjusted lo", lo, -57.8962, 1e-3)
	near(t, "weighted adjusted hi", hi, 57.8962, 1e-3)
}

func TestTallyWeightOneEqualsUnweighted(t *testing.T) {
	var u, w Tally
	for i, s := range []int{0, 3, 6, 7, 8, 9, 10, 10, 10, 5, 9, 9} {
		u.Add(s)
		if i%2 == 0 {
			w.AddWeighted(s, 1)
		} else {
			w.Add(s) // on a weighted tally, Add means weight 1
		}
	}
	for _, m := range []Method{Wald, AdjustedWald, ScoreInterval} {
		opt := Options{Method: m, MinN: 30}
		ru, rw := u.Result(opt), w.Result(opt)
		near(t, m.String()+" NPS", rw.NPS, ru.NPS, 1e-12)
		near(t, m.String()+" lo", rw.CILow, ru.CILow, 1e-9)
		near(t, m.String()+" hi", rw.CIHigh, ru.CIHigh, 1e-9)
		near(t, "EffectiveN", rw.EffectiveN, 12, 1e-12)
	}
}

func TestTallyMixedMerge(t *testing.T) {
	// An unweighted response counts with weight 1 once weights are in play,
	// in whichever order the tallies are built or merged.
	var w Tally
	w.AddWeighted(10, 3)  // one promoter, weight 3
	u := tallyOf(1, 0, 0) // one detractor, unweighted
	a := w
	a.Merge(u)
	b := *u
	b.Merge(&w)
	c := *u
	c.AddWeighted(10, 3)
	for name, x := range map[string]*Tally{"weighted+unweighted": &a, "unweighted+weighted": &b, "add after": &c} {
		r := x.Result(DefaultOptions())
		// Σw = 3+1 = 4, NPS = 100·(3−1)/4 = 50; Σw² = 9+1, n_eff = 16/10.
		near(t, name+" NPS", r.NPS, 50, 1e-12)
		near(t, name+" n_eff", r.EffectiveN, 1.6, 1e-12)
		if r.N != 2 || !r.Weighted {
			t.Errorf("%s: %+v", name, r)
		}
	}
	if u.Weighted || u.Weight[0] != 0 {
		t.Errorf("Merge modified its argument: %+v", u)
	}
}

func TestTallySub(t *testing.T) {
	// Unweighted: scores 0,3,7,9,10,10 minus 3,10 leaves 0,7,9,10.
	var all, part, want Tally
	for _, s := range []int{0, 3, 7, 9, 10, 10} {
		all.Add(s)
	}
	part.Add(3)
	part.Add(10)
	for _, s := range []int{0, 7, 9, 10} {
		want.Add(s)
	}
	got := all
	if err := got.Sub(&part); err != nil || got != want {
		t.Errorf("unweighted Sub = %+v, %v; want %+v", got, err, want)
	}
	if err := got.Sub(nil); err != nil || got != want {
		t.Errorf("Sub(nil) changed the tally: %+v, %v", got, err)
	}

	// Weighted: 10 with weights 1.5 and 0.1, 0 with weight 2; minus the
	// 10 with weight 0.1 leaves Σw 1.5 (Σw² 2.25) on 10 and 2 (4) on 0.
	var w, wpart Tally
	w.AddWeighted(10, 1.5)
	w.AddWeighted(10, 0.1)
	w.AddWeighted(0, 2)
	wpart.AddWeighted(10, 0.1)
	if err := w.Sub(&wpart); err != nil {
		t.Fatal(err)
	}
	if w.Count[10] != 1 || w.Count[0] != 1 || !w.Weighted {
		t.Errorf("weighted counts: %+v", w)
	}
	near(t, "Σw[10]", w.Weight[10], 1.5, 1e-12)
	near(t, "Σw²[10]", w.Weight2[10], 2.25, 1e-12)
	near(t, "Σw[0]", w.Weight[0], 2, 0)
	// Removing the last response of a score leaves exactly zero sums, even
	// where rounding would leave a trace: 0.1 + 0.2 − 0.3 is 5.6e-17 in
	// float64.
	var r, r1 Tally
	r.AddWeighted(9, 0.1)
	r.AddWeighted(9, 0.2)
	r.AddWeighted(7, 1)
	r1.AddWeighted(9, 0.3)
	r1.Count[9] = 2
	if err := r.Sub(&r1); err != nil {
		t.Fatal(err)
	}
	if r.Count[9] != 0 || r.Weight[9] != 0 || r.Weight2[9] != 0 || r.Weight[7] != 1 {
		t.Errorf("emptied score keeps weight: %+v", r)
	}

	// Weighted minus unweighted removes weight 1 per response, undoing Merge.
	var mixed Tally
	mixed.AddWeighted(10, 3)
	before := mixed
	mixed.Merge(tallyOf(1, 0, 0))
	if err := mixed.Sub(tallyOf(1, 0, 0)); err != nil || mixed != before {
		t.Errorf("Merge then Sub = %+v, %v; want %+v", mixed, err, before)
	}

	// Errors leave the tally as it was.
	for name, c := range map[string]struct{ t, o *Tally }{
		"more than there is":    {tallyOf(1, 0, 2), tallyOf(0, 0, 3)},
		"a score it lacks":      {tallyOf(1, 0, 0), tallyOf(0, 1, 0)},
		"weighted from plain":   {tallyOf(1, 0, 0), &wpart},
		"count beyond weighted": {&w, tallyOf(0, 0, 5)},
	} {
		keep := *c.t
		if err := c.t.Sub(c.o); err == nil || *c.t != keep {
			t.Errorf("%s: err %v, tally %+v (was %+v)", name, err, *c.t, keep)
		}
	}
}

func TestResultEmptyAndZeroWeight(t *testing.T) {
	var e Tally
	r := e.Result(DefaultOptions())
	if !r.Empty() || !r.LowN {
		t.Errorf("empty result: %+v", r)
	}
	for name, v := range map[string]float64{"NPS": r.NPS, "P%": r.PromotersPct, "M%": r.PassivesPct, "D%": r.DetractorsPct, "lo": r.CILow, "hi": r.CIHigh} {
		if !math.IsNaN(v) {
			t.Errorf("empty %s = %v, want NaN", name, v)
		}
	}
	var z Tally
	z.AddWeighted(10, 0)
	r = z.Result(DefaultOptions())
	if r.N != 1 || r.Empty() || !math.IsNaN(r.NPS) || !math.IsNaN(r.CILow) || r.WeightTotal != 0 || r.EffectiveN != 0 {
		t.Errorf("zero-weight result: %+v", r)
	}
}

func TestResultUnweighted(t *testing.T) {
	// (d, m, p) = (1, 2, 3): shares 16.67 / 33.33 / 50, NPS = 100·2/6 = 33.33.
	r := tallyOf(1, 2, 3).Result(Options{Method: Wald, MinN: 6})
	near(t, "P%", r.PromotersPct, 50, 1e-12)
	near(t, "M%", r.PassivesPct, 100.0/3, 1e-12)
	near(t, "D%", r.DetractorsPct, 100.0/6, 1e-12)
	near(t, "NPS", r.NPS, 100.0/3, 1e-12)
	if r.LowN || r.Weighted || r.WeightTotal != 0 || r.EffectiveN != 0 {
		t.Errorf("flags: %+v", r)
	}
	if tallyOf(1, 2, 2).Result(Options{MinN: 6}).LowN != true {
		t.Errorf("n=5 < 6 not LowN")
	}
	// The point estimate is raw whatever the method.
	for _, m := range []Method{Wald, AdjustedWald, ScoreInterval} {
		near(t, m.String()+" NPS", tallyOf(0, 0, 5).Result(Options{Method: m}).NPS, 100, 0)
	}
}

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.12g, want %.12g (±%g)", name, got, want, tol)
	}
}

func TestTallyAddN(t *testing.T) {
	// AddN(s, n) is n calls of Add; AddWeightedN(s, n, n·x, n·x²) is n
	// calls of AddWeighted(s, x); sums read back are kept as given.
	var byOne, byN Tally
	for _, c := range []struct {
		score int
		n     int64
	}{{0, 3}, {9, 5}, {10, 0}, {7, 2}} {
		for range c.n {
			byOne.Add(c.score)
		}
		byN.AddN(c.score, c.n)
	}
	if byOne != byN {
		t.Errorf("AddN differs from repeated Add:\n%+v\n%+v", byN, byOne)
	}
	var w1, wn Tally
	for range 4 {
		w1.AddWeighted(9, 2.5)
	}
	w1.Add(3)
	wn.AddWeightedN(9, 4, 10, 25) // 4 × 2.5 = 10, 4 × 6.25 = 25
	wn.AddN(3, 1)
	if w1 != wn {
		t.Errorf("AddWeightedN differs from repeated AddWeighted:\n%+v\n%+v", wn, w1)
	}
	var sums Tally
	sums.AddWeightedN(10, 2, 3, 5) // weights 1 and 2: Σw 3, Σw² 5
	r := sums.Result(DefaultOptions())
	near(t, "EffectiveN", r.EffectiveN, 9.0/5, 1e-12)
}

// TestCategoriesEachScore adds each score alone, and then score s s+1 times
// (and once with weight (s+1)/4), and checks the bins against SPEC §1: 0-6
// detractors, 7-8 passives, 9-10 promoters.
func TestCategoriesEachScore(t *testing.T) {
	var all, weighted Tally
	var want [3]int64
	var wantW [3]float64
	for s := range 11 {
		var one Tally
		one.Add(s)
		d, m, p := one.Categories()
		bin := 2 // promoter
		switch {
		case s <= 6:
			bin = 0
		case s <= 8:
			bin = 1
		}
		got := [3]int64{d, m, p}
		exp := [3]int64{}
		exp[bin] = 1
		if got != exp {
			t.Errorf("score %d: categories %v, want %v", s, got, exp)
		}
		all.AddN(s, int64(s+1))
		want[bin] += int64(s + 1)
		weighted.AddWeighted(s, float64(s+1)/4) // quarters: sums exact
		wantW[bin] += float64(s+1) / 4
	}
	if d, m, p := all.Categories(); [3]int64{d, m, p} != want {
		t.Errorf("all scores: categories %v, want %v", [3]int64{d, m, p}, want)
	}
	if d, m, p := weighted.weightedCategories(); [3]float64{d, m, p} != wantW {
		t.Errorf("all scores: weighted categories %v, want %v", [3]float64{d, m, p}, wantW)
	}
}
