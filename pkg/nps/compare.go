package nps

import (
	"fmt"
	"math"
)

// Compare tests whether the NPS of b differs from the NPS of a.
//
// Diff is the raw difference NPS(b) − NPS(a) in points. How the interval, z
// and p-value are found depends on opt.Method:
//
//   - AdjustedWald (the default) and ScoreInterval: MOVER-Tango, the
//     interval of Newcombe (1998, Statistics in Medicine 17:873-890, method
//     10) and Zou & Donner (2008, Statistics in Medicine 27:1693-1702),
//     "method of variance estimates recovery", built from each side's Tango
//     score interval (see Interval). With d = NPS/100 of each side and
//     [l, u] its Tango interval at z_{1−α/2}:
//
//     L = (dB − dA) − sqrt((dB − lB)² + (uA − dA)²)
//     U = (dB − dA) + sqrt((uB − dB)² + (dA − lA)²)
//
//     times 100 (SPEC §5). Each side's interval carries its own skew, so
//     the difference interval stays inside [−200, 200], contains Diff, and
//     keeps close to its nominal coverage at 10 responses a side, where a
//     Wald interval does not (docs/statistics.md has the exact coverage).
//     The p-value inverts the interval: Z is the critical value at which the
//     bound nearer 0 touches 0 (found by bisection, see moverZ), signed like
//     Diff, and p = erfc(|Z|/√2). So p < 1 − confidence exactly when 0 is
//     outside [L, U].
//
//   - Wald: the two-sample Wald test on the raw counts. With e_a, e_b the
//     estimates (fractions) and SE_i² = (pP + pD − (pP − pD)²)/n of side i
//     (see the top of interval.go), for independent samples
//
//     SE_diff = sqrt(SE_a² + SE_b²)
//     z       = (e_b − e_a) / SE_diff
//     p       = erfc(|z|/√2)                 (two-sided normal p-value)
//     CI      = 100·[(e_b − e_a) ± z_{1−α/2}·SE_diff], clipped to [−200, 200]
//
//     If SE_diff is 0 (both sides unanimous) z is 0 when the estimates
//     agree and ±Inf when they differ (p 1 or 0).
//
// Significant is decided on the printed interval: it is true exactly when 0
// is outside [DiffCILow, DiffCIHigh], which agrees with p < 1 − confidence.
// MDD is the minimal detectable difference at 80% power: MinDetectableDiff
// with the standard error the interval implies, (U − L)/(2·z_{1−α/2})
// before clipping, which is exactly sqrt(SE_a² + SE_b²) for Wald. Unlike a
// standard error from the observed shares, it is not 0 when both sides are
// unanimous, so "a difference this small could go undetected" never reads
// "0 points".
//
// For weighted tallies each side's shares come from the weights and n is
// Kish's effective sample size, as in Interval.
//
// The samples must be independent: the test is invalid when the same
// respondents are in both groups (before/after panels). An empty side (or
// invalid options) gives NaN for Diff's interval, Z, PValue and MDD, and
// Significant false; Diff is NaN if either NPS is.
func Compare(a, b *Tally, opt Options) Comparison {
	nan := math.NaN()
	c := Comparison{
		A: a.Result(opt), B: b.Result(opt),
		DiffCILow: nan, DiffCIHigh: nan, Z: nan, PValue: nan, MDD: nan,
	}
	c.Diff = c.B.NPS - c.A.NPS
	sa, okA := a.sample()
	sb, okB := b.sample()
	zc := opt.z()
	if !okA || !okB || math.IsNaN(zc) || opt.Method > ScoreInterval {
		return c
	}
	var lo, hi float64
	if opt.Method == Wald {
		lo, hi, c.Z = waldDiff(sa, sb, zc)
	} else {
		lo, hi = moverTango(sa, sb, zc)
		c.Z = moverZ(sa, sb)
	}
	c.PValue = math.Erfc(math.Abs(c.Z) / math.Sqrt2)
	c.MDD = MinDetectableDiff(100*(hi-lo)/(2*zc), DetectionPower, opt)
	c.DiffCILow = clip(100*lo, 200)
	c.DiffCIHigh = clip(100*hi, 200)
	c.Significant = c.DiffCILow > 0 || c.DiffCIHigh < 0
	return c
}

// VersusRest compares one group with the rest of the responses, the way
// `compare --by` over every value and `drivers` read a segment: rest is
// overall minus group (Tally.Sub), and the result is Compare(rest, group,
// opt). So A is the rest, B the group, and Diff the gap
// NPS(group) − NPS(rest) (SPEC §5, drivers), with its interval, Z, PValue,
// Significant and MDD as in Compare.
//
// The p-value is the raw one: when many groups are compared, adjust the
// p-values of all of them together with AdjustPValues and call a group
// significant when its adjusted p-value is below 1 − confidence. The
// interval stays the unadjusted one.
//
// group must be a part of overall (its tally was merged into it); otherwise
// an error is returned. A group that holds every response leaves an empty
// rest, and Compare's NaN results.
func VersusRest(group, overall *Tally, opt Options) (Comparison, error) {
	rest, err := restOf(group, overall)
	if err != nil {
		return Comparison{}, err
	}
	return Compare(&rest, group, opt), nil
}

// restOf is overall minus group, or an error when group is not part of it.
func restOf(group, overall *Tally) (Tally, error) {
	rest := *overall
	if err := rest.Sub(group); err != nil {
		return Tally{}, fmt.Errorf("the group is not part of the overall tally: %w", err)
	}
	return rest, nil
}

// DetectionPower is the power at which Compare reports the minimal
// detectable difference: 80%, the usual convention (Cohen 1988, Statistical
// Power Analysis for the Behavioral Sciences, 2nd ed., ch. 2).
const DetectionPower = 0.8

// MinDetectableDiff returns the minimal detectable difference, in NPS
// points: the smallest true difference that a two-sided test at opt's
// confidence level finds significant with probability power, when the
// difference is estimated with standard error se (NPS points):
//
//	MDD = (z_{1−α/2} + z_power) · se
//
// the normal-approximation power formula solved for the difference
// (H. S. Bloom 1995, "Minimum Detectable Effects", Evaluation Review
// 19(5):547-556; Gelman, Hill & Vehtari 2020, Regression and Other Stories,
// ch. 16: at 95% and 80% power, 2.8 standard errors). It ignores the tiny
// chance of a significant result in the wrong direction. A true difference
// of MDD is detected with probability power, a smaller one less often. se
// must be ≥ 0 and power in (0, 1); otherwise, or with invalid options, the
// result is NaN.
func MinDetectableDiff(se, power float64, opt Options) float64 {
	zc := opt.z()
	if !(se >= 0) || !(power > 0 && power < 1) || math.IsNaN(zc) {
		return math.NaN()
	}
	return (zc + NormalQuantile(power)) * se
}

// waldDiff is the two-sample Wald interval of b − a (fractions) and its z
// statistic (see Compare).
func waldDiff(a, b sample, zc float64) (lo, hi, z float64) {
	ea, va := a.wald()
	eb, vb := b.wald()
	d := eb - ea
	se := math.Sqrt(va + vb)
	switch {
	case se > 0:
		z = d / se
	case d == 0:
		z = 0
	default:
		z = math.Copysign(math.Inf(1), d)
	}
	return d - zc*se, d + zc*se, z
}

// estimate is the sample's NPS as a fraction, pP − pD.
func (s sample) estimate() float64 { return (s.p - s.d) / s.n }

// moverTango is the MOVER interval of b − a (fractions) from each side's
// Tango score interval at critical value z (Newcombe 1998 method 10; Zou &
// Donner 2008; SPEC §5; see Compare).
func moverTango(a, b sample, z float64) (lo, hi float64) {
	la, ua := tangoInterval(a, z)
	lb, ub := tangoInterval(b, z)
	return mover(a.estimate(), la, ua, b.estimate(), lb, ub)
}

// mover combines two one-sample intervals [lA, uA] ∋ dA and [lB, uB] ∋ dB
// into the interval of dB − dA (Zou & Donner 2008; Newcombe 1998):
// the lower end takes the distance to B's lower and to A's upper bound, the
// upper end the distance to B's upper and to A's lower bound.
func mover(dA, lA, uA, dB, lB, uB float64) (lo, hi float64) {
	d := dB - dA
	return d - math.Hypot(dB-lB, uA-dA), d + math.Hypot(uB-dB, dA-lA)
}

// moverZ inverts the MOVER-Tango interval: it returns the critical value z
// at which the bound nearer 0 touches 0, signed like the difference, so that
// the two-sided p-value erfc(|z|/√2) is below α exactly when the interval at
// level 1 − α excludes 0 (the usual duality of tests and intervals; SPEC §5).
//
// For dB > dA the lower bound L(z) is dB − dA at z = 0, falls as z grows
// (each Tango interval widens with z), and tends to a negative limit as
// z → ∞ (the Tango intervals tend to [−1, 1]); for dB < dA the same holds for
// −U(z). The root is bracketed by doubling from z = 1 and found by
// bisection, to float64 resolution. Equal estimates give 0 (p = 1). If no
// sign change turns up below 2^1000, which does not happen for a finite
// sample, ±Inf is returned (p = 0).
func moverZ(a, b sample) float64 {
	d := b.estimate() - a.estimate()
	if d == 0 {
		return 0
	}
	near := func(z float64) float64 { // the bound nearer 0, seen from d's side
		lo, hi := moverTango(a, b, z)
		if d > 0 {
			return lo
		}
		return -hi
	}
	lo, hi := 0.0, 1.0
	for near(hi) > 0 {
		if hi > 0x1p1000 {
			return math.Copysign(math.Inf(1), d)
		}
		lo, hi = hi, 2*hi
	}
	for range 200 {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if near(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return math.Copysign((lo+hi)/2, d)
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
