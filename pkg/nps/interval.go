package nps

import "math"

// The NPS as a mean. Give every detractor the value −1, every passive 0 and
// every promoter +1; the NPS (as a fraction) is the mean of that variable X.
// With shares pP and pD:
//
//	E[X]   = pP − pD
//	Var[X] = E[X²] − E[X]² = pP + pD − (pP − pD)²
//
// so the standard error of the NPS from n independent responses is
// 100·sqrt(Var[X]/n) points. (B. Rocks 2016, "Interval Estimation for the
// 'Net Promoter Score'", The American Statistician 70(4); the same
// variance is the one of a difference of two proportions from one multinomial
// sample: Var(p̂1 − p̂2) = [p1 + p2 − (p1 − p2)²]/n.)

// sample is a trinomial sample in (effective) response units: detractors d,
// passives m, promoters p, total n = d + m + p. For a weighted tally the
// counts are the weighted shares times Kish's effective n, so they need not
// be whole numbers.
type sample struct{ d, m, p, n float64 }

// sample returns t as a trinomial sample, or false if it has no information
// (no response, or weights summing to zero).
func (t *Tally) sample() (sample, bool) {
	if !t.Weighted {
		d, m, p := t.Categories()
		n := d + m + p
		return sample{float64(d), float64(m), float64(p), float64(n)}, n > 0
	}
	sum, neff := t.kish()
	if !(sum > 0 && neff > 0) {
		return sample{}, false
	}
	wd, wm, wp := t.weightedCategories()
	return sample{d: wd / sum * neff, m: wm / sum * neff, p: wp / sum * neff, n: neff}, true
}

// adjusted adds the adjusted-Wald pseudo-counts: 0.75 detractors, 1.5
// passives and 0.75 promoters, 3 responses in all (J. Sauro & J. R. Lewis,
// MeasuringU 2021: https://measuringu.com/nps-confidence-intervals/ and
// "Evaluating NPS Confidence Intervals with Real-World Data",
// https://measuringu.com/nps-three-confidence-intervals/, after Rocks 2016; the
// NPS counterpart of Agresti & Coull 1998 / Agresti & Caffo 2000 "add
// successes and failures"). For weighted samples they are added in effective
// response units.
func (s sample) adjusted() sample {
	return sample{d: s.d + 0.75, m: s.m + 1.5, p: s.p + 0.75, n: s.n + 3}
}

// wald returns the estimate pP − pD (a fraction in −1..1) and its variance
// Var[X]/n (see the top of this file).
func (s sample) wald() (est, variance float64) {
	pP, pD := s.p/s.n, s.d/s.n
	est = pP - pD
	v := pP + pD - est*est
	if v < 0 { // rounding: all promoters or all detractors give exactly 0
		v = 0
	}
	return est, v / s.n
}

// Interval returns the confidence interval of t's NPS in NPS points
// (−100..100) at opt.Confidence with opt.Method:
//
//   - Wald: NPS ± z·SE with SE = 100·sqrt((pP + pD − (pP − pD)²)/n), clipped
//     to [−100, 100] (Rocks 2016).
//   - AdjustedWald: the Wald formula after adding 0.75 detractors, 1.5
//     passives and 0.75 promoters (n + 3); the interval is centred on the
//     adjusted NPS and clipped (Sauro & Lewis, MeasuringU 2021; Rocks 2016).
//   - ScoreInterval: Tango's asymptotic score interval for the difference
//     pP − pD of two cells of one multinomial sample (Tango 1998, Statistics
//     in Medicine 17:891-908; applied to the NPS by Rocks 2016).
//
// Whatever the method, the interval is then widened to contain the raw NPS:
// [min(L, NPS), max(U, NPS)] (see contain).
//
// z = Φ⁻¹(1 − α/2). For a weighted tally the shares come from the weights and
// n is Kish's effective sample size (Σw)²/Σw²; adjusted-Wald pseudo-counts
// are added in those effective units. An empty tally, invalid options or an
// unknown method give NaN, NaN.
func Interval(t *Tally, opt Options) (low, high float64) {
	nan := math.NaN()
	s, ok := t.sample()
	z := opt.z()
	if !ok || math.IsNaN(z) {
		return nan, nan
	}
	var lo, hi float64
	switch opt.Method {
	case Wald:
		lo, hi = waldInterval(s, z)
	case AdjustedWald:
		lo, hi = waldInterval(s.adjusted(), z)
	case ScoreInterval:
		lo, hi = tangoInterval(s, z)
	default:
		return nan, nan
	}
	return contain(clip(100*lo, 100), clip(100*hi, 100), t.rawNPS())
}

// contain widens [lo, hi] to [min(lo, est), max(hi, est)] so that an interval
// always contains its own point estimate (SPEC §5). Wald and score intervals
// already do; the adjusted-Wald interval is centred on the adjusted NPS and
// can miss a raw NPS at the end of the scale: a single promoter has NPS 100
// and adjusted-Wald interval −48.5 to 98.5 at 95%, and at 80% every
// unanimous sample is outside its own interval. The widening can only raise
// coverage: it adds points to the interval, never removes any.
func contain(lo, hi, est float64) (float64, float64) {
	return math.Min(lo, est), math.Max(hi, est)
}

// waldInterval is est ± z·sqrt(Var/n) as fractions.
func waldInterval(s sample, z float64) (lo, hi float64) {
	est, v := s.wald()
	half := z * math.Sqrt(v)
	return est - half, est + half
}

// clip limits x to [−lim, lim]; NaN stays NaN.
func clip(x, lim float64) float64 {
	switch {
	case x < -lim:
		return -lim
	case x > lim:
		return lim
	}
	return x
}

// tangoZ is Tango's score statistic for H0: pP − pD = delta, with b promoters,
// c detractors out of n (Tango 1998; his n12, n21 and p21 are our
// promoters, detractors and pD):
//
//	Z(Δ) = (b − c − nΔ) / sqrt(n·(2·q̃ + Δ(1 − Δ)))
//
// where q̃ is the maximum-likelihood estimate of pD under the constraint
// pP − pD = Δ, the larger root of A·q² + B·q + C = 0 with
//
//	A = 2n,  B = −b − c + (2n − b + c)·Δ,  C = −c·Δ·(1 − Δ)   (Tango 1998)
//
// (set the derivative of b·log(q+Δ) + c·log q + m·log(1−2q−Δ) to zero). The
// root is taken in the numerically stable form and clamped to the feasible
// range [max(0, −Δ), (1 − Δ)/2]. Z decreases in Δ and is 0 at Δ = (b − c)/n.
// A zero variance with a non-zero numerator gives ±Inf.
func tangoZ(b, c, n, delta float64) float64 {
	num := b - c - n*delta
	if num == 0 {
		return 0
	}
	A := 2 * n
	B := -b - c + (2*n-b+c)*delta
	C := -c * delta * (1 - delta)
	disc := B*B - 4*A*C
	if disc < 0 {
		disc = 0
	}
	sq := math.Sqrt(disc)
	var q float64
	if B > 0 {
		q = 2 * C / (-B - sq) // = (−B + sq)/(2A) without cancellation
	} else {
		q = (-B + sq) / (2 * A)
	}
	if lo := math.Max(0, -delta); q < lo {
		q = lo
	}
	if hi := (1 - delta) / 2; q > hi {
		q = hi
	}
	v := n * (2*q + delta*(1-delta))
	if !(v > 0) {
		return math.Copysign(math.Inf(1), num)
	}
	return num / math.Sqrt(v)
}

// tangoInterval finds the Tango score interval {Δ : |Z(Δ)| ≤ z} as fractions
// by bisection on each side of the estimate: the lower bound solves Z(Δ) = z
// on [−1, d̂], the upper bound Z(Δ) = −z on [d̂, 1]. At Δ = ∓1 the constrained
// variance is 0 and Z = ±Inf unless the sample is all detractors (or all
// promoters), in which case the bound is the end point itself. Bisection
// needs no derivative, cannot leave the bracket, and 60 halvings of a width-2
// bracket reach the float64 resolution, so it is robust at zero counts and
// n = 1 (fractional counts from weights work the same way).
func tangoInterval(s sample, z float64) (lo, hi float64) {
	b, c, n := s.p, s.d, s.n
	est := (b - c) / n
	f := func(delta float64) float64 { return tangoZ(b, c, n, delta) }

	lo = -1
	if c < n { // not all detractors
		a, e := -1.0, est // f(a) > z, f(e) = 0 < z
		for range 60 {
			mid := (a + e) / 2
			if mid == a || mid == e {
				break
			}
			if f(mid) > z {
				a = mid
			} else {
				e = mid
			}
		}
		lo = (a + e) / 2
	}
	hi = 1
	if b < n { // not all promoters
		a, e := est, 1.0 // f(a) = 0 > −z, f(e) < −z
		for range 60 {
			mid := (a + e) / 2
			if mid == a || mid == e {
				break
			}
			if f(mid) < -z {
				e = mid
			} else {
				a = mid
			}
		}
		hi = (a + e) / 2
	}
	return lo, hi
}

// NormalQuantile returns Φ⁻¹(p), the standard normal quantile: the x with
// P(Z ≤ x) = p. It returns −Inf at 0, +Inf at 1 and NaN outside [0, 1].
//
// Method: P. J. Acklam's rational approximation (2003, relative error below
// 1.15e-9) followed by one Halley step on Φ(x) − p with Φ(x) = erfc(−x/√2)/2
// from math.Erfc (repeated if needed), which brings it to about machine
// precision for p ≥ 1e-300; below ~1e-308 Erfc underflows and the result is
// only approximate (finite; such levels never occur in intervals). Only the lower
// half is computed directly; Φ⁻¹(p) = −Φ⁻¹(1 − p) for p > 0.5, where 1 − p is
// exact, so the upper tail loses nothing.
func NormalQuantile(p float64) float64 {
	switch {
	case math.IsNaN(p) || p < 0 || p > 1:
		return math.NaN()
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	case p > 0.5:
		return -NormalQuantile(1 - p)
	case p == 0.5:
		return 0
	}
	// Acklam's coefficients.
	const (
		a1, a2, a3 = -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02
		a4, a5, a6 = 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
		b1, b2, b3 = -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02
		b4, b5     = 6.680131188771972e+01, -1.328068155288572e+01
		c1, c2, c3 = -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00
		c4, c5, c6 = -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
		d1, d2, d3 = 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00
		d4         = 3.754408661907416e+00
		pLow       = 0.02425
	)
	var x float64
	if p < pLow { // lower tail
		q := math.Sqrt(-2 * math.Log(p))
		x = (((((c1*q+c2)*q+c3)*q+c4)*q+c5)*q + c6) /
			((((d1*q+d2)*q+d3)*q+d4)*q + 1)
	} else { // central region (p ≤ 0.5 here)
		q := p - 0.5
		r := q * q
		x = (((((a1*r+a2)*r+a3)*r+a4)*r+a5)*r + a6) * q /
			(((((b1*r+b2)*r+b3)*r+b4)*r+b5)*r + 1)
	}
	// Halley refinement: e = Φ(x) − p, u = e/φ(x), x ← x − u/(1 + x·u/2).
	// One step suffices from Acklam's 1.15e-9 down to p ≈ 1e-300; a few more
	// are allowed for the far tail, where the approximation is poorer.
	for range 4 {
		e := 0.5*math.Erfc(-x/math.Sqrt2) - p
		u := e * math.Sqrt(2*math.Pi) * math.Exp(x*x/2)
		if math.IsInf(u, 0) || math.IsNaN(u) { // φ(x) underflows below p ≈ 1e-310
			break
		}
		step := u / (1 + x*u/2)
		x -= step
		if math.Abs(step) <= 1e-15*math.Abs(x) {
			break
		}
	}
	return x
}
