package nps

import "math"

// Compare tests whether the NPS of b differs from the NPS of a.
//
// Diff is the raw difference NPS(b) − NPS(a) in points. The interval, z and
// p-value come from the two-sample Wald test on the counts the method uses:
//
//   - Wald: the raw counts of each side.
//   - AdjustedWald and ScoreInterval: each side with 0.75 detractors, 1.5
//     passives and 0.75 promoters added (n + 3), as MeasuringU does for
//     comparing two NPS (Sauro & Lewis 2021, see Interval); Tango's score
//     interval is a one-sample method, so the score method uses this
//     adjusted-Wald two-sample form for comparisons.
//
// With e_a, e_b the NPS estimates of each side (as fractions) and
// SE_i² = (pP + pD − (pP − pD)²)/n of side i (see the top of interval.go),
// for independent samples
//
//	SE_diff = sqrt(SE_a² + SE_b²)
//	z       = (e_b − e_a) / SE_diff
//	p       = erfc(|z|/√2)                 (two-sided normal p-value)
//	CI      = 100·[(e_b − e_a) ± z_{1−α/2}·SE_diff], clipped to [−200, 200]
//
// and Significant is p < 1 − confidence, which agrees with the interval
// excluding 0. With adjusted counts the interval is centred on the adjusted
// difference, which can differ slightly from Diff.
//
// The samples must be independent: the test is invalid when the same
// respondents are in both groups (before/after panels). If SE_diff is 0 (Wald
// with both sides unanimous) z is 0 when the estimates agree and ±Inf when
// they differ (p 1 or 0). An empty side (or invalid options) gives NaN for
// Diff's interval, z and p, and Significant false; Diff is NaN if either NPS
// is.
func Compare(a, b *Tally, opt Options) Comparison {
	nan := math.NaN()
	c := Comparison{
		A: a.Result(opt), B: b.Result(opt),
		DiffCILow: nan, DiffCIHigh: nan, Z: nan, PValue: nan,
	}
	c.Diff = c.B.NPS - c.A.NPS
	sa, okA := a.sample()
	sb, okB := b.sample()
	zc := opt.z()
	if !okA || !okB || math.IsNaN(zc) || opt.Method > ScoreInterval {
		return c
	}
	if opt.Method != Wald {
		sa, sb = sa.adjusted(), sb.adjusted()
	}
	ea, va := sa.wald()
	eb, vb := sb.wald()
	d := eb - ea
	se := math.Sqrt(va + vb)
	switch {
	case se > 0:
		c.Z = d / se
	case d == 0:
		c.Z = 0
	default:
		c.Z = math.Copysign(math.Inf(1), d)
	}
	c.PValue = math.Erfc(math.Abs(c.Z) / math.Sqrt2)
	c.DiffCILow = clip(100*(d-zc*se), 200)
	c.DiffCIHigh = clip(100*(d+zc*se), 200)
	c.Significant = c.PValue < 1-opt.level()
	return c
}

// SampleSizeForMargin returns the number of responses needed for a confidence
// interval of ±margin NPS points at opt.Confidence, assuming the shares of t
// (weighted shares if t is weighted) stay as they are.
//
// It inverts the Wald half-width z·100·sqrt(Var/n) ≤ margin:
//
//	n = ceil((100·z/margin)² · Var),  Var = pP + pD − (pP − pD)²
//
// (the usual planning formula n = z²σ²/E² for a mean, here of the −1/0/+1
// score; Rocks 2016 for Var). When t is empty, or unanimous so that its Var
// is 0, it uses the largest possible Var = 1 (half promoters, half
// detractors), which is conservative. The answer is the number of responses
// (for weighted data, effective responses) and is at least 1. The method in
// opt is ignored: adjusted Wald and score intervals are about as wide as
// Wald's at the sizes this returns. A margin that is not a positive number
// (or invalid options) gives 0; an answer beyond int64 is math.MaxInt64.
func SampleSizeForMargin(t *Tally, margin float64, opt Options) int64 {
	z := opt.z()
	if !(margin > 0) || math.IsNaN(z) {
		return 0
	}
	v := 1.0
	if s, ok := t.sample(); ok {
		pP, pD := s.p/s.n, s.d/s.n
		if w := pP + pD - (pP-pD)*(pP-pD); w > 0 {
			v = w
		}
	}
	h := 100 * z / margin
	n := h * h * v
	// Shave a relative 1e-12 so that an exact integer answer computed with a
	// rounding error just above it is not bumped to the next integer.
	n = math.Ceil(n * (1 - 1e-12))
	switch {
	case n >= math.MaxInt64 || math.IsInf(n, 1):
		return math.MaxInt64
	case n < 1:
		return 1
	}
	return int64(n)
}
