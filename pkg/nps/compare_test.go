package nps

import (
	"math"
	"testing"
)

func TestCompareHandComputed(t *testing.T) {
	// a = (20 detractors, 30 passives, 50 promoters): NPS 30.
	// b = (10, 30, 60): NPS 50. Diff = 20 for every method.
	a, b := tallyOf(20, 30, 50), tallyOf(10, 30, 60)
	z := z975

	// Wald: Var_a = 0.7 − 0.3² = 0.61, Var_b = 0.7 − 0.5² = 0.45,
	// SE_diff = √(0.0061 + 0.0045) = √0.0106 = 0.102956,
	// z = 0.2/0.102956 = 1.94257, p = erfc(1.94257/√2) = 0.05207,
	// CI = 20 ± 1.959964·10.2956 = [−0.179, 40.179]: not significant at 95%.
	seW := math.Sqrt(0.0106)
	// Adjusted: a' = (20.75, 31.5, 50.75)/103, b' = (10.75, 31.5, 60.75)/103,
	// e_a = 30/103, e_b = 50/103, Var_i = 71.5/103 − e_i²,
	// SE_diff² = (Var_a + Var_b)/103; z = 1.90701, p = 0.05652,
	// CI = 100·20/103 ± … = [−0.539, 39.374].
	ea, eb := 30.0/103, 50.0/103
	seA := math.Sqrt((2*71.5/103 - ea*ea - eb*eb) / 103)
	tests := []struct {
		m                Method
		conf             float64
		lo, hi, zz, p    float64
		significant      bool
		byHandZ, byHandP float64 // rounded hand values, for the reader
	}{
		{Wald, 0.95, 100 * (0.2 - z*seW), 100 * (0.2 + z*seW), 0.2 / seW, math.Erfc(0.2 / seW / math.Sqrt2), false, 1.94257, 0.05207},
		{Wald, 0.90, 100 * (0.2 - 1.6448536269514722*seW), 100 * (0.2 + 1.6448536269514722*seW), 0.2 / seW, math.Erfc(0.2 / seW / math.Sqrt2), true, 1.94257, 0.05207},
		{AdjustedWald, 0.95, 100 * (eb - ea - z*seA), 100 * (eb - ea + z*seA), (eb - ea) / seA, math.Erfc((eb - ea) / seA / math.Sqrt2), false, 1.90701, 0.05652},
		// The score method compares with the adjusted-Wald two-sample form.
		{ScoreInterval, 0.95, 100 * (eb - ea - z*seA), 100 * (eb - ea + z*seA), (eb - ea) / seA, math.Erfc((eb - ea) / seA / math.Sqrt2), false, 1.90701, 0.05652},
	}
	for _, tt := range tests {
		c := Compare(a, b, Options{Method: tt.m, Confidence: tt.conf})
		name := tt.m.String()
		near(t, name+" diff", c.Diff, 20, 1e-12)
		near(t, name+" lo", c.DiffCILow, tt.lo, 1e-9)
		near(t, name+" hi", c.DiffCIHigh, tt.hi, 1e-9)
		near(t, name+" z", c.Z, tt.zz, 1e-9)
		near(t, name+" p", c.PValue, tt.p, 1e-12)
		near(t, name+" z by hand", c.Z, tt.byHandZ, 1e-5)
		near(t, name+" p by hand", c.PValue, tt.byHandP, 1e-5)
		if c.Significant != tt.significant {
			t.Errorf("%s at %v: significant %v", name, tt.conf, c.Significant)
		}
		near(t, name+" A.NPS", c.A.NPS, 30, 1e-12)
		near(t, name+" B.NPS", c.B.NPS, 50, 1e-12)
		// Swapping the sides negates everything.
		r := Compare(b, a, Options{Method: tt.m, Confidence: tt.conf})
		near(t, name+" swapped diff", r.Diff, -20, 1e-12)
		near(t, name+" swapped lo", r.DiffCILow, -tt.hi, 1e-9)
		near(t, name+" swapped z", r.Z, -tt.zz, 1e-9)
		near(t, name+" swapped p", r.PValue, tt.p, 1e-12)
	}
}

func TestCompareEdgeCases(t *testing.T) {
	allP, allD := tallyOf(0, 0, 8), tallyOf(0, 0, 0)
	allD.Count[0] = 8
	// Wald, both unanimous promoters: SE 0 and no difference → z 0, p 1.
	c := Compare(allP, allP, Options{Method: Wald})
	if c.Z != 0 || c.PValue != 1 || c.Significant || c.DiffCILow != 0 || c.DiffCIHigh != 0 || c.Diff != 0 {
		t.Errorf("identical unanimous: %+v", c)
	}
	// Wald, all detractors vs all promoters: SE 0, diff 200 → z +Inf, p 0.
	c = Compare(allD, allP, Options{Method: Wald})
	if !math.IsInf(c.Z, 1) || c.PValue != 0 || !c.Significant || c.Diff != 200 || c.DiffCILow != 200 {
		t.Errorf("opposite unanimous: %+v", c)
	}
	c = Compare(allP, allD, Options{Method: Wald})
	if !math.IsInf(c.Z, -1) || c.PValue != 0 || !c.Significant || c.Diff != -200 || c.DiffCIHigh != -200 {
		t.Errorf("opposite unanimous swapped: %+v", c)
	}
	// Adjusted: the pseudo-counts keep SE > 0.
	// allD' = (8.75, 1.5, 0.75)/11, allP' = (0.75, 1.5, 8.75)/11:
	// e = ±8/11, Var = 9.5/11 − (8/11)² = 40.5/121 each,
	// SE_diff = √(2·40.5/121/11) = 0.24669, z = (16/11)/0.24669 = 5.8963.
	c = Compare(allD, allP, DefaultOptions())
	near(t, "adjusted unanimous z", c.Z, (16.0/11)/math.Sqrt(81.0/1331), 1e-9)
	if !c.Significant || c.DiffCIHigh > 200 || math.IsNaN(c.PValue) {
		t.Errorf("adjusted unanimous: %+v", c)
	}
	// Empty sides: NaN and not significant.
	for _, pair := range [][2]*Tally{{&Tally{}, allP}, {allP, &Tally{}}, {&Tally{}, &Tally{}}} {
		for _, m := range []Method{Wald, AdjustedWald, ScoreInterval} {
			c := Compare(pair[0], pair[1], Options{Method: m})
			if !math.IsNaN(c.Diff) || !math.IsNaN(c.Z) || !math.IsNaN(c.PValue) || !math.IsNaN(c.DiffCILow) || !math.IsNaN(c.DiffCIHigh) || c.Significant {
				t.Errorf("%v with an empty side: %+v", m, c)
			}
		}
	}
	// Invalid options: NaN, not significant, but Diff is still the raw one.
	c = Compare(allD, allP, Options{Confidence: 3})
	if c.Diff != 200 || !math.IsNaN(c.Z) || c.Significant {
		t.Errorf("invalid options: %+v", c)
	}
}

func TestCompareWeighted(t *testing.T) {
	// With weight 2 on everyone, shares are unchanged and Kish's n_eff equals
	// the count, so the comparison equals the unweighted one.
	a, b := tallyOf(20, 30, 50), tallyOf(10, 30, 60)
	var wa, wb Tally
	for s, c := range a.Count {
		for range c {
			wa.AddWeighted(s, 2)
		}
	}
	for s, c := range b.Count {
		for range c {
			wb.AddWeighted(s, 2)
		}
	}
	u, w := Compare(a, b, DefaultOptions()), Compare(&wa, &wb, DefaultOptions())
	near(t, "weighted z", w.Z, u.Z, 1e-9)
	near(t, "weighted lo", w.DiffCILow, u.DiffCILow, 1e-9)
	near(t, "weighted diff", w.Diff, u.Diff, 1e-9)
}

func TestSampleSizeForMargin(t *testing.T) {
	var empty Tally
	tests := []struct {
		name   string
		t      *Tally
		margin float64
		conf   float64
		want   int64
	}{
		// n = ceil((100·z/margin)²·Var); z = 1.959964.
		{"empty ±10: 19.59964² = 384.15", &empty, 10, 0.95, 385},
		{"empty ±5: 39.19928² = 1536.58", &empty, 5, 0.95, 1537},
		{"empty ±1: 195.9964² = 38414.6", &empty, 1, 0, 38415},
		{"empty ±10 at 90%: 16.44854² = 270.55", &empty, 10, 0.90, 271},
		{"(10,20,70) Var 0.44 ±5: 1536.58·0.44 = 676.10", tallyOf(10, 20, 70), 5, 0.95, 677},
		{"(20,30,50) Var 0.61 ±10: 384.15·0.61 = 234.33", tallyOf(20, 30, 50), 10, 0.95, 235},
		{"unanimous uses Var 1", tallyOf(0, 0, 40), 10, 0.95, 385},
		{"huge margin still 1", &empty, 1000, 0.95, 1},
		{"margin 0", &empty, 0, 0.95, 0},
		{"negative margin", &empty, -3, 0.95, 0},
		{"NaN margin", &empty, math.NaN(), 0.95, 0},
		{"invalid confidence", &empty, 5, 1, 0},
		{"tiny margin saturates", &empty, 1e-300, 0.95, math.MaxInt64},
	}
	for _, tt := range tests {
		if got := SampleSizeForMargin(tt.t, tt.margin, Options{Confidence: tt.conf}); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
	// The answer delivers the margin: the Wald half-width at n is ≤ margin,
	// and at n−1 it is not.
	tl := tallyOf(20, 30, 50)
	n := SampleSizeForMargin(tl, 3, DefaultOptions())
	half := func(n int64) float64 { return z975 * 100 * math.Sqrt(0.61/float64(n)) }
	if half(n) > 3 || half(n-1) <= 3 {
		t.Errorf("n=%d: half-widths %g, %g around margin 3", n, half(n), half(n-1))
	}
}
