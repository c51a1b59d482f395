package nps

import (
	"fmt"
	"math"
	"testing"
)

// ppd builds a tally from promoters, passives and detractors, the order in
// which issue 13 writes its reference vectors (tallyOf takes d, m, p).
func ppd(p, m, d int64) *Tally { return tallyOf(d, m, p) }

// The reference vectors of issue 13: MOVER-Tango at 95% for B − A, bounds
// in NPS points (tolerance 0.01) and p (relative tolerance 1e-4).
func TestCompareMoverTangoIssueVectors(t *testing.T) {
	tests := []struct {
		a, b   *Tally
		lo, hi float64
		p      float64
	}{
		{ppd(3, 5, 2), ppd(6, 3, 1), -25.5233, 92.7261, 0.224919},
		{ppd(0, 10, 0), ppd(0, 10, 0), -39.2491, 39.2491, 1},
		{ppd(7, 3, 0), ppd(2, 2, 6), -150.1600, -37.3148, 0.00366384},
		{ppd(300, 450, 250), ppd(330, 420, 250), -3.5658, 9.5537, 0.370422},
	}
	for i, tt := range tests {
		for _, opt := range []Options{DefaultOptions(), {Method: ScoreInterval}} {
			c := Compare(tt.a, tt.b, opt)
			name := fmt.Sprintf("vector %d (%v)", i+1, opt.Method)
			near(t, name+" lo", c.DiffCILow, tt.lo, 0.01)
			near(t, name+" hi", c.DiffCIHigh, tt.hi, 0.01)
			near(t, name+" p", c.PValue, tt.p, 1e-4*tt.p)
			if want := tt.lo > 0 || tt.hi < 0; c.Significant != want {
				t.Errorf("%s: significant %v, want %v", name, c.Significant, want)
			}
			near(t, name+" diff", c.Diff, tt.b.Result(opt).NPS-tt.a.Result(opt).NPS, 0)
			// Swapping the sides mirrors the interval and keeps p.
			r := Compare(tt.b, tt.a, opt)
			near(t, name+" swapped lo", r.DiffCILow, -c.DiffCIHigh, 1e-9)
			near(t, name+" swapped hi", r.DiffCIHigh, -c.DiffCILow, 1e-9)
			near(t, name+" swapped z", r.Z, -c.Z, 1e-9)
			near(t, name+" swapped p", r.PValue, c.PValue, 1e-12)
		}
	}
}

// Closed forms. With only passives, Tango's interval is ±t with
// t = z²/(n + z²); with only promoters it is [(n − z²)/(n + z²), 1], so
// 1 − l = 2t. For A all passives and B all promoters, both n = 10, at 95%
// (z² = 3.841459):
//
//	t = 3.841459/13.841459 = 0.277533,  lB = 1 − 2t = 0.444934
//	L = 1 − sqrt((2t)² + t²) = 1 − √5·t = 1 − 0.620582 = 0.379418
//	U = 1 + sqrt(0 + t²) = 1 + t = 1.277533
//
// and the p-value: L(z*) = 0 when √5·t = 1, t = 1/√5, so
// z*² = n·t/(1 − t) = 10·0.447214/0.552786 = 8.090170, z* = 2.844322,
// p = erfc(2.844322/√2) = 0.00445060.
func TestCompareMoverTangoClosedForms(t *testing.T) {
	z2 := z975 * z975
	tt := z2 / (10 + z2)
	c := Compare(ppd(0, 10, 0), ppd(10, 0, 0), DefaultOptions())
	near(t, "L", c.DiffCILow, 100*(1-math.Sqrt(5)*tt), 1e-9)
	near(t, "L by hand", c.DiffCILow, 37.9418, 1e-4)
	near(t, "U", c.DiffCIHigh, 100*(1+tt), 1e-9)
	near(t, "U by hand", c.DiffCIHigh, 127.7533, 1e-4)
	ts := 1 / math.Sqrt(5)
	zs := math.Sqrt(10 * ts / (1 - ts))
	near(t, "z*", c.Z, zs, 1e-9)
	near(t, "z* by hand", c.Z, 2.844322, 1e-6)
	near(t, "p", c.PValue, math.Erfc(zs/math.Sqrt2), 1e-12)
	near(t, "p by hand", c.PValue, 0.00445060, 1e-8)
	if !c.Significant || c.Diff != 100 {
		t.Errorf("all passives vs all promoters: %+v", c)
	}

	// All passives on both sides, n = 10 and n = 30: equal estimates, p = 1,
	// interval ±sqrt(tA² + tB²).
	ta, tb := z2/(10+z2), z2/(30+z2)
	c = Compare(ppd(0, 10, 0), ppd(0, 30, 0), DefaultOptions())
	h := 100 * math.Sqrt(ta*ta+tb*tb)
	near(t, "passives lo", c.DiffCILow, -h, 1e-9)
	near(t, "passives hi", c.DiffCIHigh, h, 1e-9)
	if c.Z != 0 || c.PValue != 1 || c.Significant {
		t.Errorf("equal estimates: z %v p %v significant %v", c.Z, c.PValue, c.Significant)
	}
}

// refQ is the maximum-likelihood estimate of pD under pP − pD = delta, for
// b promoters, c detractors and m passives, found by bisection on the
// derivative of b·log(q + Δ) + c·log q + m·log(1 − 2q − Δ), which falls
// from +∞ (or its value at the lower end) to −∞ over the feasible range
// [max(0, −Δ), (1 − Δ)/2]. Written apart from tangoZ's closed-form root.
func refQ(b, c, m, delta float64) float64 {
	lo, hi := math.Max(0, -delta), (1-delta)/2
	for range 200 {
		q := (lo + hi) / 2
		if q == lo || q == hi {
			break
		}
		var slope float64
		if b > 0 {
			slope += b / (q + delta)
		}
		if c > 0 {
			slope += c / q
		}
		if m > 0 {
			slope -= 2 * m / (1 - 2*q - delta)
		}
		if slope > 0 {
			lo = q
		} else {
			hi = q
		}
	}
	return (lo + hi) / 2
}

// refTangoBounds is Tango's score interval {Δ : |Z(Δ)| ≤ z} for b promoters,
// c detractors, n in all, with Z from refQ: each bound is bracketed by
// stepping 1/64 outward from the estimate, then halved.
func refTangoBounds(b, c, n, z float64) (lo, hi float64) {
	est := (b - c) / n
	stat := func(delta float64) float64 {
		v := n * (2*refQ(b, c, n-b-c, delta) + delta - delta*delta)
		return (b - c - n*delta) / math.Sqrt(v)
	}
	bound := func(dir float64) float64 { // dir −1: lower bound, +1: upper
		end := dir
		if est == end {
			return end
		}
		// outside reports whether Δ lies beyond the bound on dir's side.
		outside := func(delta float64) bool {
			if delta == end {
				return true // Z = ±Inf there, the sample not being unanimous
			}
			return dir*stat(delta) < -z
		}
		in, out := est, 0.0
		k := 1
		for {
			out = est + dir*float64(k)/64
			if dir*(out-end) >= 0 {
				out = end
			}
			if outside(out) {
				break
			}
			in = out
			k++
		}
		for range 200 {
			mid := (in + out) / 2
			if mid == in || mid == out {
				break
			}
			if outside(mid) {
				out = mid
			} else {
				in = mid
			}
		}
		return (in + out) / 2
	}
	return bound(-1), bound(1)
}

// refMover is MOVER-Tango of B − A (fractions) written from SPEC §5, and
// refMoverP its p-value by a direct search for the z at which the nearer
// bound is 0: z grows by a factor 1.25 until the bound changes sign, then
// the Illinois variant of regula falsi closes in on the root.
func refMover(pa, ma, da, pb, mb, db, z float64) (lo, hi float64) {
	na, nb := pa+ma+da, pb+mb+db
	dA, dB := (pa-da)/na, (pb-db)/nb
	lA, uA := refTangoBounds(pa, da, na, z)
	lB, uB := refTangoBounds(pb, db, nb, z)
	lo = (dB - dA) - math.Sqrt((dB-lB)*(dB-lB)+(uA-dA)*(uA-dA))
	hi = (dB - dA) + math.Sqrt((uB-dB)*(uB-dB)+(dA-lA)*(dA-lA))
	return lo, hi
}

func refMoverP(pa, ma, da, pb, mb, db float64) float64 {
	diff := (pb-db)/(pb+mb+db) - (pa-da)/(pa+ma+da)
	if diff == 0 {
		return 1
	}
	g := func(z float64) float64 {
		lo, hi := refMover(pa, ma, da, pb, mb, db, z)
		if diff > 0 {
			return lo
		}
		return -hi
	}
	z0, z1 := 0.0, 0.25
	g0, g1 := diff*math.Copysign(1, diff), g(z1)
	for g1 > 0 {
		z0, g0 = z1, g1
		z1 *= 1.25
		g1 = g(z1)
	}
	side := 0
	for range 200 {
		zm := z1 - g1*(z1-z0)/(g1-g0)
		gm := g(zm)
		if gm == 0 || math.Abs(z1-z0) < 1e-13*z1 {
			z0, z1 = zm, zm
			break
		}
		if gm > 0 {
			z0, g0 = zm, gm
			if side == -1 {
				g1 /= 2
			}
			side = -1
		} else {
			z1, g1 = zm, gm
			if side == 1 {
				g0 /= 2
			}
			side = 1
		}
	}
	return math.Erfc((z0 + z1) / 2 / math.Sqrt2)
}

// sideCounts is one side of a reference comparison in effective response
// units: promoters, passives, detractors.
type sideCounts struct{ p, m, d float64 }

// TestCompareMoverTangoMatchesReference checks Compare against the
// reference implementation above on small, unanimous, unbalanced and large
// samples at several confidence levels.
func TestCompareMoverTangoMatchesReference(t *testing.T) {
	sides := []sideCounts{
		{1, 0, 0}, {0, 0, 1}, {0, 1, 0}, {3, 5, 2}, {6, 3, 1}, {7, 3, 0}, {2, 2, 6},
		{0, 0, 5}, {5, 0, 0}, {1, 1, 1}, {40, 5, 5}, {12, 30, 8}, {0, 20, 1},
		{330, 420, 250}, {3000, 4000, 3000},
	}
	levels := []float64{0.8, 0.95, 0.99}
	if testing.Short() {
		levels = []float64{0.95}
	}
	for i, a := range sides {
		for j, b := range sides {
			if (i+j)%3 != 0 { // a third of the pairs keeps the test quick
				continue
			}
			ta, tb := ppd(int64(a.p), int64(a.m), int64(a.d)), ppd(int64(b.p), int64(b.m), int64(b.d))
			wantP := refMoverP(a.p, a.m, a.d, b.p, b.m, b.d)
			for _, conf := range levels {
				c := Compare(ta, tb, Options{Confidence: conf})
				lo, hi := refMover(a.p, a.m, a.d, b.p, b.m, b.d, -NormalQuantile((1-conf)/2))
				name := fmt.Sprintf("%v vs %v at %v", a, b, conf)
				near(t, name+" lo", c.DiffCILow, 100*lo, 1e-6)
				near(t, name+" hi", c.DiffCIHigh, 100*hi, 1e-6)
				if math.Abs(c.PValue-wantP) > 1e-6*wantP+1e-300 {
					t.Errorf("%s: p %.10g, reference %.10g", name, c.PValue, wantP)
				}
				if c.Significant != (lo > 0 || hi < 0) {
					t.Errorf("%s: significant %v with [%g, %g]", name, c.Significant, 100*lo, 100*hi)
				}
			}
		}
	}
}

// Weighted tallies use Kish's effective n and the weighted shares (SPEC §5).
func TestCompareMoverTangoWeighted(t *testing.T) {
	// A: promoters with weights 1 and 3, a passive with weight 2, a
	// detractor with weight 2. Σw = 8, Σw² = 1+9+4+4 = 18, n_eff = 64/18 =
	// 3.5556; shares 4/8, 2/8, 2/8 → effective counts 1.7778, 0.8889,
	// 0.8889. B: every response weight 0.5, so it equals the unweighted
	// (6, 3, 1).
	var a, b Tally
	a.AddWeighted(10, 1)
	a.AddWeighted(9, 3)
	a.AddWeighted(8, 2)
	a.AddWeighted(0, 2)
	for _, s := range []int{10, 10, 10, 9, 9, 9, 8, 7, 7, 2} {
		b.AddWeighted(s, 0.5)
	}
	neff := 64.0 / 18
	pa, ma, da := 0.5*neff, 0.25*neff, 0.25*neff
	near(t, "A effective promoters", pa, 1.7778, 1e-4)
	c := Compare(&a, &b, DefaultOptions())
	lo, hi := refMover(pa, ma, da, 6, 3, 1, z975)
	near(t, "weighted lo", c.DiffCILow, 100*lo, 1e-6)
	near(t, "weighted hi", c.DiffCIHigh, 100*hi, 1e-6)
	wantP := refMoverP(pa, ma, da, 6, 3, 1)
	near(t, "weighted p", c.PValue, wantP, 1e-6*wantP)
	near(t, "weighted diff", c.Diff, 50-25, 1e-12)
	// B alone equals its unweighted twin.
	u := Compare(&a, ppd(6, 3, 1), DefaultOptions())
	near(t, "equal weights lo", u.DiffCILow, c.DiffCILow, 1e-9)
	near(t, "equal weights p", u.PValue, c.PValue, 1e-12)
}

func TestCompareWaldHandComputed(t *testing.T) {
	// a = (20 detractors, 30 passives, 50 promoters): NPS 30.
	// b = (10, 30, 60): NPS 50. Diff = 20.
	a, b := tallyOf(20, 30, 50), tallyOf(10, 30, 60)
	// Var_a = 0.7 − 0.3² = 0.61, Var_b = 0.7 − 0.5² = 0.45,
	// SE_diff = √(0.0061 + 0.0045) = √0.0106 = 0.102956,
	// z = 0.2/0.102956 = 1.94257, p = erfc(1.94257/√2) = 0.05207,
	// CI = 20 ± 1.959964·10.2956 = [−0.179, 40.179]: not significant at 95%,
	// significant at 90% (± 1.644854·10.2956 = [3.065, 36.935]).
	seW := math.Sqrt(0.0106)
	for _, tt := range []struct {
		conf, z     float64
		significant bool
	}{{0.95, z975, false}, {0.90, 1.6448536269514722, true}} {
		c := Compare(a, b, Options{Method: Wald, Confidence: tt.conf})
		name := fmt.Sprintf("wald %v", tt.conf)
		near(t, name+" diff", c.Diff, 20, 1e-12)
		near(t, name+" lo", c.DiffCILow, 100*(0.2-tt.z*seW), 1e-9)
		near(t, name+" hi", c.DiffCIHigh, 100*(0.2+tt.z*seW), 1e-9)
		near(t, name+" z by hand", c.Z, 1.94257, 1e-5)
		near(t, name+" p by hand", c.PValue, 0.05207, 1e-5)
		if c.Significant != tt.significant {
			t.Errorf("%s: significant %v", name, c.Significant)
		}
		r := Compare(b, a, Options{Method: Wald, Confidence: tt.conf})
		near(t, name+" swapped lo", r.DiffCILow, -c.DiffCIHigh, 1e-9)
		near(t, name+" swapped z", r.Z, -c.Z, 1e-12)
	}
}

func TestCompareEdgeCases(t *testing.T) {
	allP, allD := tallyOf(0, 0, 8), tallyOf(8, 0, 0)
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
	// MOVER-Tango, identical unanimous samples: Tango gives [l, 1] with
	// l = (8 − z²)/(8 + z²) = 0.351185, so the interval is ±(1 − l) =
	// ±64.88 and p = 1.
	l := (8 - z975*z975) / (8 + z975*z975)
	c = Compare(allP, allP, DefaultOptions())
	near(t, "unanimous lo", c.DiffCILow, -100*(1-l), 1e-9)
	near(t, "unanimous hi", c.DiffCIHigh, 100*(1-l), 1e-9)
	if c.Z != 0 || c.PValue != 1 || c.Significant {
		t.Errorf("identical unanimous MOVER: %+v", c)
	}
	// MOVER-Tango, all detractors vs all promoters: U = 200 and
	// L = 2 − √2·(1 − l) = 2 − 0.917563 = 108.24; z* solves √2·2t = 2 with
	// t = z²/(8 + z²): t = 1/√2, z*² = 8t/(1 − t) = 19.3137, z* = 4.39474,
	// p = erfc(4.39474/√2) = 1.1091e-5.
	c = Compare(allD, allP, DefaultOptions())
	near(t, "opposite lo", c.DiffCILow, 100*(2-math.Sqrt2*(1-l)), 1e-9)
	near(t, "opposite hi", c.DiffCIHigh, 200, 1e-9)
	ts := 1 / math.Sqrt2
	near(t, "opposite z", c.Z, math.Sqrt(8*ts/(1-ts)), 1e-9)
	near(t, "opposite z by hand", c.Z, 4.39474, 1e-5)
	near(t, "opposite p by hand", c.PValue, 1.1091e-5, 1e-9)
	if !c.Significant {
		t.Errorf("opposite unanimous MOVER: %+v", c)
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
	for _, o := range []Options{{Confidence: 3}, {Method: 9}} {
		c = Compare(allD, allP, o)
		if c.Diff != 200 || !math.IsNaN(c.Z) || !math.IsNaN(c.DiffCILow) || c.Significant {
			t.Errorf("invalid options %+v: %+v", o, c)
		}
	}
}

// Significant ⇔ 0 ∉ [L, U] ⇔ p < 1 − confidence, on every pair of small
// samples at several levels: the p-value inverts the interval.
func TestCompareSignificanceAgreesWithInterval(t *testing.T) {
	var tallies []*Tally
	for n := int64(1); n <= 6; n++ {
		for d := int64(0); d <= n; d++ {
			for p := int64(0); d+p <= n; p++ {
				tallies = append(tallies, tallyOf(d, n-d-p, p))
			}
		}
	}
	for i, a := range tallies {
		for j, b := range tallies {
			if (i*7+j)%5 != 0 {
				continue
			}
			for _, conf := range []float64{0.8, 0.95} {
				c := Compare(a, b, Options{Confidence: conf})
				out := c.DiffCILow > 0 || c.DiffCIHigh < 0
				if c.Significant != out {
					t.Fatalf("%+v vs %+v: significant %v, interval [%g, %g]", a.Count, b.Count, c.Significant, c.DiffCILow, c.DiffCIHigh)
				}
				// Away from the boundary itself, p agrees.
				alpha := 1 - conf
				if math.Abs(c.PValue-alpha) > 1e-9 && (c.PValue < alpha) != out {
					t.Fatalf("%+v vs %+v at %v: p %g, interval [%g, %g]", a.Count, b.Count, conf, c.PValue, c.DiffCILow, c.DiffCIHigh)
				}
				if !(c.DiffCILow <= c.Diff+1e-9 && c.Diff <= c.DiffCIHigh+1e-9) {
					t.Fatalf("%+v vs %+v: [%g, %g] misses diff %g", a.Count, b.Count, c.DiffCILow, c.DiffCIHigh, c.Diff)
				}
			}
		}
	}
}

func TestCompareWeightTwoEqualsUnweighted(t *testing.T) {
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
	for _, m := range []Method{Wald, AdjustedWald} {
		u, w := Compare(a, b, Options{Method: m}), Compare(&wa, &wb, Options{Method: m})
		near(t, m.String()+" weighted z", w.Z, u.Z, 1e-9)
		near(t, m.String()+" weighted lo", w.DiffCILow, u.DiffCILow, 1e-9)
		near(t, m.String()+" weighted hi", w.DiffCIHigh, u.DiffCIHigh, 1e-9)
		near(t, m.String()+" weighted diff", w.Diff, u.Diff, 1e-9)
	}
}

func TestMinDetectableDiff(t *testing.T) {
	// Published quantiles: z_0.975 = 1.959964, z_0.8 = 0.841621,
	// z_0.95 = 1.644854, z_0.9 = 1.281552.
	tests := []struct {
		name      string
		se, power float64
		conf      float64
		want      float64
	}{
		{"95%, 80%: 2.801585 standard errors", 10, 0.8, 0.95, 28.01585},
		{"default level", 10, 0.8, 0, 28.01585},
		{"90%, 90%: 1.644854 + 1.281552", 10, 0.9, 0.90, 29.26406},
		{"se 0", 0, 0.8, 0.95, 0},
		{"power 50% adds nothing to z", 4, 0.5, 0.95, 4 * 1.959964},
	}
	for _, tt := range tests {
		got := MinDetectableDiff(tt.se, tt.power, Options{Confidence: tt.conf})
		near(t, tt.name, got, tt.want, 1e-5)
		// By definition the power at MDD is the power asked for:
		// P(estimate/se > z) = Φ(MDD/se − z) when the truth is MDD.
		if tt.se > 0 {
			z := Options{Confidence: tt.conf}.z()
			near(t, tt.name+" power", 0.5*math.Erfc(-(got/tt.se-z)/math.Sqrt2), tt.power, 1e-9)
		}
	}
	for _, bad := range []struct{ se, power, conf float64 }{
		{-1, 0.8, 0.95}, {math.NaN(), 0.8, 0.95}, {1, 0, 0.95}, {1, 1, 0.95}, {1, math.NaN(), 0.95}, {1, 0.8, 2},
	} {
		if got := MinDetectableDiff(bad.se, bad.power, Options{Confidence: bad.conf}); !math.IsNaN(got) {
			t.Errorf("MinDetectableDiff(%v) = %v, want NaN", bad, got)
		}
	}
}

func TestCompareMDD(t *testing.T) {
	// Wald: SE = 100·√0.0106 = 10.2956 (TestCompareWaldHandComputed), so
	// MDD = 2.801585·10.2956 = 28.8441.
	c := Compare(tallyOf(20, 30, 50), tallyOf(10, 30, 60), Options{Method: Wald})
	near(t, "wald MDD", c.MDD, 28.8441, 1e-4)
	// MOVER-Tango, issue vector 1: the interval −25.5233 to 92.7261 has
	// half-width 59.1247, i.e. SE 59.1247/1.959964 = 30.1662, and
	// MDD = 2.801585·30.1662 = 84.513.
	c = Compare(ppd(3, 5, 2), ppd(6, 3, 1), DefaultOptions())
	near(t, "mover MDD", c.MDD, 84.513, 1e-3)
	// Both sides unanimous and equal: the observed variances are 0, but the
	// interval ±64.88 (TestCompareEdgeCases) gives SE 33.10, MDD 92.74.
	c = Compare(tallyOf(0, 0, 8), tallyOf(0, 0, 8), DefaultOptions())
	near(t, "unanimous MDD", c.MDD, 2.801585*64.8815/1.959964, 1e-3)
	// Larger samples detect smaller differences.
	small := Compare(tallyOf(20, 30, 50), tallyOf(10, 30, 60), DefaultOptions()).MDD
	large := Compare(tallyOf(200, 300, 500), tallyOf(100, 300, 600), DefaultOptions()).MDD
	if !(large < small/3 && large > small/3.3) { // about 1/√10 = 1/3.16
		t.Errorf("MDD at n=100 %v, at n=1000 %v: want a ratio near √10", small, large)
	}
	if c := Compare(&Tally{}, tallyOf(1, 1, 1), DefaultOptions()); !math.IsNaN(c.MDD) {
		t.Errorf("empty side: MDD %v", c.MDD)
	}
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

func TestVersusRest(t *testing.T) {
	g1, g2, g3 := tallyOf(20, 30, 50), tallyOf(10, 30, 60), tallyOf(30, 40, 30)
	var overall Tally
	for _, g := range []*Tally{g1, g2, g3} {
		overall.Merge(g)
	}
	// The rest of g1 is g2 + g3 = (40, 70, 90), built here by hand:
	// NPS 100·(90 − 40)/200 = 25, so the gap of g1 (NPS 30) is +5.
	c, err := VersusRest(g1, &overall, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := Compare(tallyOf(40, 70, 90), g1, DefaultOptions())
	if c != want {
		t.Errorf("VersusRest = %+v\nwant %+v", c, want)
	}
	near(t, "gap", c.Diff, 5, 1e-12)
	near(t, "rest NPS", c.A.NPS, 25, 1e-12)
	if c.B.N != 100 || c.A.N != 200 {
		t.Errorf("sides n = %d (rest), %d (group)", c.A.N, c.B.N)
	}
	if overall.N() != 300 {
		t.Errorf("VersusRest changed the overall tally: n = %d", overall.N())
	}

	// Weighted: the rest keeps its own weights.
	var wg, wo, wrest Tally
	wg.AddWeighted(10, 2)
	wg.AddWeighted(0, 1)
	wrest.AddWeighted(10, 0.5)
	wrest.AddWeighted(8, 3)
	wrest.AddWeighted(3, 1.5)
	wo.Merge(&wg)
	wo.Merge(&wrest)
	c, err = VersusRest(&wg, &wo, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	w := Compare(&wrest, &wg, DefaultOptions())
	near(t, "weighted gap", c.Diff, w.Diff, 1e-12)
	near(t, "weighted gap by hand", c.Diff, 100*(2-1)/3.0-100*(0.5-1.5)/5, 1e-9)
	near(t, "weighted lo", c.DiffCILow, w.DiffCILow, 1e-9)
	near(t, "weighted p", c.PValue, w.PValue, 1e-9)

	// A tally that is not part of the overall one is an error.
	if _, err := VersusRest(tallyOf(0, 0, 141), &overall, DefaultOptions()); err == nil {
		t.Errorf("141 promoters out of 140 gave no error")
	}
	// A group holding every response leaves nothing to compare with.
	c, err = VersusRest(&overall, &overall, DefaultOptions())
	if err != nil || !c.A.Empty() || !math.IsNaN(c.Diff) || c.Significant {
		t.Errorf("group = overall: %+v, %v", c, err)
	}
}
