package nps

import (
	"fmt"
	"math"
	"testing"
)

// z975 is Φ⁻¹(0.975) from published tables (e.g. Abramowitz & Stegun 26.2).
const z975 = 1.959963984540054

func TestNormalQuantileKnown(t *testing.T) {
	// Published values of the standard normal quantile.
	tests := []struct{ p, want float64 }{
		{0.5, 0},
		{0.975, 1.959963984540054},
		{0.025, -1.959963984540054},
		{0.95, 1.6448536269514722},
		{0.995, 2.5758293035489004},
		{0.9, 1.2815515655446004},
		{0.999, 3.090232306167813},
		{0.8413447460685429, 1}, // Φ(1)
		{0.15865525393145707, -1},
		{0.022750131948179195, -2}, // Φ(−2)
		{1e-10, -6.361340902404056},
	}
	for _, tt := range tests {
		if got := NormalQuantile(tt.p); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("NormalQuantile(%v) = %.15g, want %.15g", tt.p, got, tt.want)
		}
	}
	if !math.IsInf(NormalQuantile(0), -1) || !math.IsInf(NormalQuantile(1), 1) {
		t.Errorf("end points not ±Inf")
	}
	// Below ~1e-308 math.Erfc underflows, so the refinement cannot be exact
	// there (the true value at 5e-324 is about −38.5); it must stay finite
	// and far in the tail.
	if x := NormalQuantile(5e-324); math.IsNaN(x) || x > -37 || x < -39 {
		t.Errorf("NormalQuantile(5e-324) = %v, want about -38", x)
	}
	for _, p := range []float64{-0.1, 1.1, math.NaN()} {
		if !math.IsNaN(NormalQuantile(p)) {
			t.Errorf("NormalQuantile(%v) not NaN", p)
		}
	}
}

func TestNormalQuantileRoundTrip(t *testing.T) {
	// Φ(Φ⁻¹(p)) = p with Φ(x) = erfc(−x/√2)/2, and agreement with the
	// independent inverse −√2·erfcinv(2p) where that is accurate (p ≥ 1e-6).
	for _, p := range []float64{1e-300, 1e-100, 1e-20, 1e-8, 1e-6, 0.001, 0.01, 0.02425, 0.0243, 0.1, 0.3, 0.4999, 0.5001, 0.7, 0.9, 0.97575, 0.99, 0.999999} {
		x := NormalQuantile(p)
		back := 0.5 * math.Erfc(-x/math.Sqrt2)
		if rel := math.Abs(back-p) / math.Min(p, 1-p); rel > 1e-12 {
			t.Errorf("Φ(NormalQuantile(%g)) = %g (rel err %g)", p, back, rel)
		}
		if p >= 1e-6 {
			if want := -math.Sqrt2 * math.Erfcinv(2*p); math.Abs(x-want) > 1e-9 {
				t.Errorf("NormalQuantile(%g) = %.15g, erfcinv gives %.15g", p, x, want)
			}
		}
	}
	for i := 1; i < 1000; i++ {
		p := float64(i) / 1000
		x := NormalQuantile(p)
		if back := 0.5 * math.Erfc(-x/math.Sqrt2); math.Abs(back-p) > 1e-15 {
			t.Errorf("round trip at %g: %g", p, back)
		}
		if x2 := NormalQuantile(1 - p); math.Abs(x+x2) > 1e-12 {
			t.Errorf("asymmetry at %g: %g vs %g", p, x, x2)
		}
	}
}

func TestOptionsZ(t *testing.T) {
	near(t, "z(0)", Options{}.z(), z975, 1e-12)
	near(t, "z(0.95)", Options{Confidence: 0.95}.z(), z975, 1e-12)
	near(t, "z(0.90)", Options{Confidence: 0.90}.z(), 1.6448536269514722, 1e-12)
	near(t, "z(0.99)", Options{Confidence: 0.99}.z(), 2.5758293035489004, 1e-12)
	if !math.IsNaN(Options{Confidence: 1.5}.z()) {
		t.Errorf("invalid confidence gives a z")
	}
	// z remembers the last level: alternating levels must never serve
	// another level's value.
	want := map[float64]float64{0.95: z975, 0.90: 1.6448536269514722, 0.99: 2.5758293035489004}
	for _, c := range []float64{0.95, 0.95, 0.90, 0.99, 0.95, 0.90, 0.90} {
		near(t, fmt.Sprintf("z(%g) in turn", c), Options{Confidence: c}.z(), want[c], 1e-12)
	}
}

// The reference standard errors of the issue (raw Wald, NPS points).
func TestWaldSEReference(t *testing.T) {
	tests := []struct {
		d, m, p  int64
		nps, se  float64
		byHandSE string
	}{
		// Var = pP + pD − (pP − pD)²
		{1, 2, 3, 33.33, 30.4, "Var = 1/2+1/6−(1/3)² = 5/9; SE = 100·√(5/54) = 30.43"},
		{0, 1, 1, 50, 35.4, "Var = 1/2−1/4 = 1/4; SE = 100·√(1/8) = 35.36"},
		{1, 1, 1, 0, 47.1, "Var = 2/3; SE = 100·√(2/9) = 47.14"},
		{1, 0, 1, 0, 70.7, "Var = 1; SE = 100·√(1/2) = 70.71"},
		{10, 20, 70, 60, 6.63, "Var = 0.8−0.36 = 0.44; SE = 100·√0.0044 = 6.633"},
		{5, 0, 0, -100, 0, "Var = 1−1 = 0"},
		{0, 5, 0, 0, 0, "Var = 0"},
	}
	for _, tt := range tests {
		s, _ := tallyOf(tt.d, tt.m, tt.p).sample()
		est, v := s.wald()
		if math.Abs(100*est-tt.nps) > 0.01 || math.Abs(100*math.Sqrt(v)-tt.se) > 0.1 {
			t.Errorf("(%d,%d,%d): NPS %.3f SE %.3f; want %.2f, %.2f (%s)", tt.d, tt.m, tt.p, 100*est, 100*math.Sqrt(v), tt.nps, tt.se, tt.byHandSE)
		}
		r := tallyOf(tt.d, tt.m, tt.p).Result(Options{Method: Wald})
		if math.Abs(r.NPS-tt.nps) > 0.01 {
			t.Errorf("(%d,%d,%d): Result.NPS %.3f, want %.2f", tt.d, tt.m, tt.p, r.NPS, tt.nps)
		}
	}
}

func TestIntervalHandComputed(t *testing.T) {
	z := z975
	tests := []struct {
		name    string
		d, m, p int64
		method  Method
		lo, hi  float64
	}{
		// Wald (1,2,3): 33.333 ± z·30.4290 = 33.333 ± 59.6398.
		{"wald 1,2,3", 1, 2, 3, Wald, 100.0/3 - z*100*math.Sqrt(5.0/54), 100.0/3 + z*100*math.Sqrt(5.0/54)},
		// Wald (0,1,1): 50 ± z·35.355 = [−19.295, 119.295] → hi clipped to 100.
		{"wald 0,1,1 clipped", 0, 1, 1, Wald, 50 - z*100*math.Sqrt(1.0/8), 100},
		// Wald (1,0,1): 0 ± z·70.71 = ±138.6 → clipped both sides.
		{"wald 1,0,1 clipped", 1, 0, 1, Wald, -100, 100},
		// Wald all promoters: SE 0, interval [100, 100].
		{"wald 0,0,5", 0, 0, 5, Wald, 100, 100},
		// Wald (10,20,70): 60 ± z·100·√0.0044 = 60 ± 13.0009.
		{"wald 10,20,70", 10, 20, 70, Wald, 60 - z*100*math.Sqrt(0.0044), 60 + z*100*math.Sqrt(0.0044)},
		// Adjusted (1,1,1) → (1.75, 2.5, 1.75)/6: pP = pD = 7/24, centre 0,
		// Var = 14/24 = 7/12, SE = 100·√(7/72) = 31.18, ±61.11.
		{"adjusted 1,1,1", 1, 1, 1, AdjustedWald, -z * 100 * math.Sqrt(7.0/72), z * 100 * math.Sqrt(7.0/72)},
		// Adjusted (1,2,3) → (1.75, 3.5, 3.75)/9: centre 100·2/9 = 22.22,
		// Var = 5.5/9 − (2/9)² = 45.5/81, SE = 100·√(45.5/729) = 24.98.
		{"adjusted 1,2,3", 1, 2, 3, AdjustedWald, 100*2.0/9 - z*100*math.Sqrt(45.5/729), 100*2.0/9 + z*100*math.Sqrt(45.5/729)},
		// Adjusted all promoters (0,0,5) → (0.75, 1.5, 5.75)/8: centre 62.5,
		// Var = 6.5/8 − 0.625² = 0.421875, SE = 100·√(0.421875/8) = 22.96;
		// 62.5 ± 45.01 = [17.49, 107.5] → hi clipped.
		{"adjusted 0,0,5", 0, 0, 5, AdjustedWald, 62.5 - z*100*math.Sqrt(0.421875/8), 100},
		{"adjusted 5,0,0", 5, 0, 0, AdjustedWald, -100, -62.5 + z*100*math.Sqrt(0.421875/8)},
		// Adjusted n=0 is not an interval (NaN, tested elsewhere); n=1
		// promoter → (0.75, 1.5, 1.75)/4: centre 25, Var = 2.5/4 − 1/16 =
		// 9/16, SE = 100·√(9/64) = 37.5; 25 ± 73.5 = [−48.5, 98.5], which
		// misses the raw NPS 100, so the upper end is widened to 100.
		{"adjusted 0,0,1", 0, 0, 1, AdjustedWald, 25 - z*37.5, 100},
		{"adjusted 1,0,0", 1, 0, 0, AdjustedWald, -100, -25 + z*37.5},
		// Score, all passives: Δ̂ = 0, q̃ = 0, Z(Δ) = −sign(Δ)·√(n|Δ|/(1−|Δ|)),
		// so the bounds are ±z²/(n + z²). n=10: ±27.752.
		{"score 0,10,0", 0, 10, 0, ScoreInterval, -100 * z * z / (10 + z*z), 100 * z * z / (10 + z*z)},
		{"score 0,1,0", 0, 1, 0, ScoreInterval, -100 * z * z / (1 + z*z), 100 * z * z / (1 + z*z)},
		// Score, all promoters: q̃ = (1−Δ)/2 (no passives), variance n(1−Δ²),
		// Z = √(n(1−Δ)/(1+Δ)) = z gives Δ = (n − z²)/(n + z²); n=10: 44.49.
		{"score 0,0,10", 0, 0, 10, ScoreInterval, 100 * (10 - z*z) / (10 + z*z), 100},
		{"score 0,0,1", 0, 0, 1, ScoreInterval, 100 * (1 - z*z) / (1 + z*z), 100},
		{"score 1,0,0", 1, 0, 0, ScoreInterval, -100, -100 * (1 - z*z) / (1 + z*z)},
	}
	for _, tt := range tests {
		lo, hi := Interval(tallyOf(tt.d, tt.m, tt.p), Options{Method: tt.method})
		if math.Abs(lo-tt.lo) > 1e-7 || math.Abs(hi-tt.hi) > 1e-7 {
			t.Errorf("%s: [%.9f, %.9f], want [%.9f, %.9f]", tt.name, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestIntervalNaN(t *testing.T) {
	for _, o := range []Options{{Method: Wald}, {Method: AdjustedWald}, {Method: ScoreInterval}} {
		if lo, hi := Interval(&Tally{}, o); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("%v on empty: %v %v", o.Method, lo, hi)
		}
	}
	for _, o := range []Options{{Method: 9}, {Confidence: 2}} {
		if lo, hi := Interval(tallyOf(1, 2, 3), o); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("%+v: %v %v", o, lo, hi)
		}
	}
}

func TestIntervalContainsEstimateAndNests(t *testing.T) {
	// Every interval lies in [−100, 100] and contains the raw NPS, exactly
	// as Result prints it, at every confidence and for every method (SPEC
	// §5); a higher confidence never gives a narrower interval.
	levels := []float64{0.5, 0.8, 0.9, 0.95, 0.99, 0.999}
	check := func(name string, tl *Tally) {
		t.Helper()
		for _, m := range []Method{Wald, AdjustedWald, ScoreInterval} {
			prevLo, prevHi := math.Inf(1), math.Inf(-1)
			for _, c := range levels {
				r := tl.Result(Options{Method: m, Confidence: c})
				lo, hi := r.CILow, r.CIHigh
				if !(r.CILow <= r.NPS && r.NPS <= r.CIHigh) {
					t.Errorf("%v %s at %v: [%g, %g] misses NPS %g", m, name, c, lo, hi, r.NPS)
				}
				if lo < -100 || hi > 100 || lo > prevLo+1e-9 || hi < prevHi-1e-9 {
					t.Errorf("%v %s at %v: [%g, %g] after [%g, %g] at a lower level", m, name, c, lo, hi, prevLo, prevHi)
				}
				prevLo, prevHi = lo, hi
			}
		}
	}
	for n := int64(1); n <= 12; n++ {
		for d := int64(0); d <= n; d++ {
			for p := int64(0); d+p <= n; p++ {
				check(fmt.Sprintf("(%d,%d,%d)", d, n-d-p, p), tallyOf(d, n-d-p, p))
			}
		}
	}
	// Unanimous samples of every size up to 200, where the adjusted-Wald
	// centre is pulled furthest from the raw NPS; and weighted ones.
	for n := int64(13); n <= 200; n++ {
		check(fmt.Sprintf("%d promoters", n), tallyOf(0, 0, n))
		check(fmt.Sprintf("%d detractors", n), tallyOf(n, 0, 0))
	}
	for _, ws := range [][]float64{{0.3}, {1, 7}, {0.1, 0.2, 0.3}, {2.5, 2.5, 0.01, 9}} {
		for _, score := range []int{0, 8, 10} {
			var tl Tally
			for _, w := range ws {
				tl.AddWeighted(score, w)
			}
			check(fmt.Sprintf("score %d weights %v", score, ws), &tl)
		}
		var mixed Tally
		for i, w := range ws {
			mixed.AddWeighted([]int{10, 3, 9, 7}[i], w)
		}
		check(fmt.Sprintf("mixed weights %v", ws), &mixed)
	}
}

// The containment rule by hand: at 80% (z = 1.281552) the adjusted-Wald
// interval of 20 promoters is centred on 20/23 = 86.96 with
// Var = 21.5/23 − (20/23)² = 0.178639, SE = 100·√(0.178639/23) = 8.8130,
// lower end 86.96 − 1.281552·8.8130 = 75.66, upper end 86.96 + 11.29 =
// 98.25 < 100: widened to 100.
func TestIntervalContainmentByHand(t *testing.T) {
	const z80 = 1.2815515655446004
	centre := 100 * 20.0 / 23
	se := 100 * math.Sqrt((21.5/23-(20.0/23)*(20.0/23))/23)
	near(t, "hand SE", se, 8.8130, 1e-4)
	lo, hi := Interval(tallyOf(0, 0, 20), Options{Method: AdjustedWald, Confidence: 0.8})
	near(t, "lo", lo, centre-z80*se, 1e-9)
	near(t, "lo by hand", lo, 75.66, 1e-2)
	if hi != 100 {
		t.Errorf("hi = %v, want 100 (the raw NPS)", hi)
	}
	// A two-sided case is unchanged: (5, 3, 2) at 95% is [−62.0, 16.6].
	lo, hi = Interval(tallyOf(5, 3, 2), DefaultOptions())
	c := -3.0 / 13 // (2.75 − 5.75)/13
	v := 8.5/13 - c*c
	near(t, "(5,3,2) lo", lo, 100*(c-z975*math.Sqrt(v/13)), 1e-9)
	near(t, "(5,3,2) hi", hi, 100*(c+z975*math.Sqrt(v/13)), 1e-9)
}

// refTango is an independent implementation of Tango's score interval: the
// constrained MLE of pD is found by golden-section maximisation of the
// trinomial log-likelihood (not the closed-form root), and the interval is
// the set of Δ on a grid of step h where |Z(Δ)| ≤ z.
func refTango(b, c, n, z, h float64) (lo, hi float64) {
	m := n - b - c
	xlogy := func(x, y float64) float64 {
		if x == 0 {
			return 0
		}
		if y <= 0 {
			return math.Inf(-1)
		}
		return x * math.Log(y)
	}
	zstat := func(delta float64) float64 {
		ll := func(q float64) float64 { return xlogy(b, q+delta) + xlogy(c, q) + xlogy(m, 1-2*q-delta) }
		a, e := math.Max(0, -delta), (1-delta)/2
		g := (math.Sqrt(5) - 1) / 2
		for range 80 {
			x1, x2 := e-g*(e-a), a+g*(e-a)
			if ll(x1) < ll(x2) {
				a = x1
			} else {
				e = x2
			}
		}
		q := (a + e) / 2
		v := n * (2*q + delta - delta*delta)
		return (b - c - n*delta) / math.Sqrt(v)
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for i := 0; ; i++ {
		delta := -1 + float64(i)*h
		if delta > 1 {
			break
		}
		zs := zstat(delta)
		if math.IsNaN(zs) { // 0/0 at the estimate of a degenerate sample
			zs = 0
		}
		if math.Abs(zs) <= z {
			lo, hi = math.Min(lo, delta), math.Max(hi, delta)
		}
	}
	return lo, hi
}

func TestScoreIntervalMatchesReference(t *testing.T) {
	const h = 1e-4
	for _, c := range [][3]int64{{1, 2, 3}, {0, 1, 1}, {2, 0, 1}, {3, 3, 4}, {10, 20, 70}, {0, 3, 7}, {4, 5, 1}, {13, 0, 0}, {1, 1, 38}} {
		d, m, p := c[0], c[1], c[2]
		lo, hi := Interval(tallyOf(d, m, p), Options{Method: ScoreInterval})
		rlo, rhi := refTango(float64(p), float64(d), float64(d+m+p), z975, h)
		// The grid bounds are within one step inside the true bounds.
		if lo > 100*rlo+1e-9 || lo < 100*(rlo-h)-1e-9 || hi < 100*rhi-1e-9 || hi > 100*(rhi+h)+1e-9 {
			t.Errorf("score (%d,%d,%d) = [%.5f, %.5f], reference grid [%.5f, %.5f]", d, m, p, lo, hi, 100*rlo, 100*rhi)
		}
	}
}

func TestTangoZMonotone(t *testing.T) {
	// The bisection relies on Z(Δ) decreasing in Δ.
	for _, c := range [][3]float64{{1, 2, 3}, {0, 0, 1}, {0, 1, 0}, {1, 0, 0}, {5, 0, 5}, {2.5, 0.3, 1.2}} {
		b, cc, n := c[2], c[0], c[0]+c[1]+c[2]
		prev := math.Inf(1)
		for i := 1; i < 2000; i++ {
			delta := -1 + float64(i)/1000
			zs := tangoZ(b, cc, n, delta)
			if zs > prev+1e-12 {
				t.Fatalf("Z not decreasing for %v at Δ=%g: %g > %g", c, delta, zs, prev)
			}
			prev = zs
		}
	}
}
