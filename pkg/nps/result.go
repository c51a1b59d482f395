package nps

import (
	"fmt"
	"math"
	"sync/atomic"
)

// Method is a confidence-interval method.
type Method uint8

const (
	AdjustedWald  Method = iota // default: Wald after adding 0.75/1.5/0.75 pseudo-counts
	Wald                        // plain Wald on the raw counts
	ScoreInterval               // Tango's iterative score interval
)

// String returns the flag spelling: "adjusted-wald", "wald" or "score".
func (m Method) String() string {
	switch m {
	case AdjustedWald:
		return "adjusted-wald"
	case Wald:
		return "wald"
	case ScoreInterval:
		return "score"
	}
	return fmt.Sprintf("Method(%d)", m)
}

// ParseMethod parses a --ci-method value.
func ParseMethod(s string) (Method, error) {
	for _, m := range []Method{AdjustedWald, Wald, ScoreInterval} {
		if s == m.String() {
			return m, nil
		}
	}
	return 0, fmt.Errorf("unknown CI method %q; use adjusted-wald, wald or score", s)
}

// Options control how a Tally becomes a Result.
type Options struct {
	Confidence float64 // in (0, 1); 0 means 0.95
	Method     Method
	MinN       int64 // groups with fewer responses are flagged LowN
	Bands      Bands // the bands of Result.Band; nil means DefaultBands
}

// DefaultOptions are the tool's defaults: 95%, adjusted Wald, min n 30.
func DefaultOptions() Options { return Options{Confidence: 0.95, Method: AdjustedWald, MinN: 30} }

// Validate reports options the statistics cannot use: a confidence outside
// (0, 1) other than 0, an unknown method, or a negative MinN. Functions given
// invalid options do not panic; their intervals and p-values are NaN.
func (o Options) Validate() error {
	if c := o.Confidence; c != 0 && !(c > 0 && c < 1) {
		return fmt.Errorf("confidence %v is outside (0, 1); use e.g. 0.95", c)
	}
	if o.Method > ScoreInterval {
		return fmt.Errorf("unknown CI method %v; use adjusted-wald, wald or score", o.Method)
	}
	if o.MinN < 0 {
		return fmt.Errorf("min n %d is negative", o.MinN)
	}
	return nil
}

// bands are the bands in force.
func (o Options) bands() Bands {
	if o.Bands == nil {
		return defaultBands
	}
	return o.Bands
}

// level is the confidence level with the 0 default applied; NaN if invalid.
func (o Options) level() float64 {
	c := o.Confidence
	if c == 0 {
		return 0.95
	}
	if !(c > 0 && c < 1) {
		return math.NaN()
	}
	return c
}

// z is the two-sided critical value z_{1-α/2} for the confidence level,
// computed as -Φ⁻¹(α/2) so that small α keep full precision.
func (o Options) z() float64 {
	c := o.level()
	if math.IsNaN(c) {
		return c
	}
	if last := lastZ.Load(); last != nil && last.level == c {
		return last.z
	}
	z := -NormalQuantile((1 - c) / 2)
	lastZ.Store(&levelZ{c, z})
	return z
}

// levelZ is a confidence level with its critical value.
type levelZ struct{ level, z float64 }

// lastZ remembers the last critical value computed: a run uses one level,
// and a million groups' intervals would otherwise each spend more on the
// quantile (a few Erfc and Exp calls) than on the interval itself.
var lastZ atomic.Pointer[levelZ]

// Result is everything the tool reports about one tally. Shares are
// percentages (0-100). With N == 0 the shares, NPS and interval are NaN.
type Result struct {
	N                                        int64
	Promoters, Passives, Detractors          int64
	PromotersPct, PassivesPct, DetractorsPct float64
	NPS                                      float64
	CILow, CIHigh                            float64
	LowN                                     bool
	Band                                     string // the band of NPS (Options.Bands); "" when NPS is NaN
	Weighted                                 bool
	WeightTotal, EffectiveN                  float64 // only when Weighted
}

// Empty reports whether the result counts no response.
func (r Result) Empty() bool { return r.N == 0 }

// Comparison is the two-sample test of B against A.
type Comparison struct {
	A, B                  Result
	Diff                  float64 // raw NPS(B) - NPS(A)
	DiffCILow, DiffCIHigh float64
	Z, PValue             float64
	Significant           bool
	// MDD is the minimal detectable difference at 80% power in NPS points:
	// with these sample sizes a true difference smaller than this is
	// detected less than 80% of the time (see Compare).
	MDD float64
}

// Result computes everything the tool reports about t.
//
// Counts are always the raw counts and N the number of responses. Shares are
// percentages and NPS = 100 × (promoters − detractors) / n (SPEC §1). For a
// weighted tally the shares and NPS come from the weights:
// 100 × (Σw promoters − Σw detractors) / Σw; WeightTotal = Σw and EffectiveN
// is Kish's effective sample size (Σw)² / Σw² (L. Kish 1965, Survey
// Sampling, Wiley), which replaces n in the confidence interval.
//
// The interval is Interval(t, opt), which always contains the point
// estimate; NPS is always the raw one, whatever the method. With N == 0 (or a
// weighted tally whose weights sum to 0) shares, NPS and the interval are
// NaN. LowN is N < opt.MinN. Band names the band of opt.Bands (else
// DefaultBands) that holds the NPS.
func (t *Tally) Result(opt Options) Result {
	d, m, p := t.Categories()
	n := d + m + p
	r := Result{
		N: n, Promoters: p, Passives: m, Detractors: d,
		LowN:     n < opt.MinN,
		Weighted: t.Weighted,
	}
	nan := math.NaN()
	r.PromotersPct, r.PassivesPct, r.DetractorsPct, r.NPS = nan, nan, nan, nan
	r.CILow, r.CIHigh = nan, nan
	if t.Weighted {
		r.WeightTotal, r.EffectiveN = t.kish()
	}
	if n == 0 {
		return r
	}
	if t.Weighted {
		wd, wm, wp := t.weightedCategories()
		w := r.WeightTotal
		if !(w > 0) {
			return r
		}
		r.PromotersPct, r.PassivesPct, r.DetractorsPct = 100*wp/w, 100*wm/w, 100*wd/w
	} else {
		fn := float64(n)
		r.PromotersPct, r.PassivesPct, r.DetractorsPct = 100*float64(p)/fn, 100*float64(m)/fn, 100*float64(d)/fn
	}
	r.NPS = t.rawNPS()
	r.CILow, r.CIHigh = Interval(t, opt)
	r.Band = opt.bands().Of(r.NPS)
	return r
}

// rawNPS is the point estimate in NPS points, computed once for Result and
// Interval so that the interval's containment rule compares with the very
// number printed: 100 × (promoters − detractors) / n, or with weights
// 100 × (Σw promoters − Σw detractors) / Σw (SPEC §1). NaN when t counts no
// response or its weights sum to 0.
func (t *Tally) rawNPS() float64 {
	if t.Weighted {
		wd, _, wp := t.weightedCategories()
		w, _ := t.weightSums()
		if !(w > 0) || t.N() == 0 {
			return math.NaN()
		}
		return 100 * (wp - wd) / w
	}
	d, _, p := t.Categories()
	n := t.N()
	if n == 0 {
		return math.NaN()
	}
	return 100 * float64(p-d) / float64(n)
}

// kish returns Σw and Kish's effective sample size (Σw)²/Σw² (0 when Σw² is 0).
func (t *Tally) kish() (sum, effectiveN float64) {
	sum, sum2 := t.weightSums()
	if sum2 > 0 {
		effectiveN = sum * sum / sum2
	}
	return sum, effectiveN
}
