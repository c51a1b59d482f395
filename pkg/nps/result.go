package nps

import (
	"fmt"
	"math"
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
}

// DefaultOptions are the tool's defaults: 95%, adjusted Wald, min n 30.
func DefaultOptions() Options { return Options{Confidence: 0.95, Method: AdjustedWald, MinN: 30} }

// Result is everything the tool reports about one tally. Shares are
// percentages (0-100). With N == 0 the shares, NPS and interval are NaN.
type Result struct {
	N                                        int64
	Promoters, Passives, Detractors          int64
	PromotersPct, PassivesPct, DetractorsPct float64
	NPS                                      float64
	CILow, CIHigh                            float64
	LowN                                     bool
	Weighted                                 bool
	WeightTotal, EffectiveN                  float64 // only when Weighted
}

// Empty reports whether the result counts no response.
func (r Result) Empty() bool { return r.N == 0 }

// NaN-safe helper used by renderers and tests.
var nan = math.NaN()

// Comparison is the two-sample test of B against A.
type Comparison struct {
	A, B                  Result
	Diff                  float64 // raw NPS(B) - NPS(A)
	DiffCILow, DiffCIHigh float64
	Z, PValue             float64
	Significant           bool
}
