package nps

import (
	"fmt"
	"math"
	"slices"
)

// Adjustment is a multiplicity adjustment of p-values, for when many
// comparisons are read at once (every segment against the rest, every
// driver): without one, 1 in 20 comparisons of groups that do not differ at
// all comes out significant at 95%.
type Adjustment uint8

const (
	// Holm controls the family-wise error rate, the chance of even one false
	// positive among all the comparisons (S. Holm 1979, "A simple
	// sequentially rejective multiple test procedure", Scandinavian Journal
	// of Statistics 6:65-70). It is uniformly more powerful than Bonferroni
	// and needs no assumption about how the tests depend on each other.
	Holm Adjustment = iota
	// BenjaminiHochberg controls the false discovery rate, the expected
	// share of false positives among the comparisons called significant
	// (Y. Benjamini & Y. Hochberg 1995, "Controlling the false discovery
	// rate", Journal of the Royal Statistical Society B 57:289-300). It
	// finds more than Holm when many groups differ; its guarantee holds for
	// independent or positively dependent tests.
	BenjaminiHochberg
	// NoAdjustment leaves the p-values as they are.
	NoAdjustment
)

// String returns the flag spelling: "holm", "bh" or "none".
func (a Adjustment) String() string {
	switch a {
	case Holm:
		return "holm"
	case BenjaminiHochberg:
		return "bh"
	case NoAdjustment:
		return "none"
	}
	return fmt.Sprintf("Adjustment(%d)", a)
}

// ParseAdjustment parses an --adjust value: holm, bh or none.
func ParseAdjustment(s string) (Adjustment, error) {
	for _, a := range []Adjustment{Holm, BenjaminiHochberg, NoAdjustment} {
		if s == a.String() {
			return a, nil
		}
	}
	return 0, fmt.Errorf("unknown p-value adjustment %q; use holm, bh or none", s)
}

// AdjustPValues returns the adjusted p-values of p, in p's order (p itself is
// not changed). With the m p-values that are not NaN sorted as
// p(1) ≤ … ≤ p(m), the adjusted p-values are (S. P. Wright 1992, "Adjusted
// P-values for simultaneous inference", Biometrics 48:1005-1013):
//
//	Holm: p̃(i) = max over j ≤ i of min(1, (m − j + 1)·p(j))
//	BH:   p̃(i) = min over j ≥ i of min(1, m/j · p(j))
//
// so that a comparison is significant after adjustment exactly when its
// adjusted p-value is below α, and the adjusted values keep the order of
// the raw ones. Tied p-values get the same adjusted value. A NaN p-value (a
// comparison that could not be made, such as an empty group) stays NaN and
// does not count in m. An unknown adjustment gives all NaN.
func AdjustPValues(p []float64, a Adjustment) []float64 {
	out := slices.Clone(p)
	if a == NoAdjustment {
		return out
	}
	var idx []int // indices of the p-values that count, by increasing p
	for i, v := range p {
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		switch {
		case p[x] < p[y]:
			return -1
		case p[x] > p[y]:
			return 1
		}
		return 0
	})
	m := float64(len(idx))
	switch a {
	case Holm:
		running := 0.0
		for k, i := range idx {
			running = math.Max(running, math.Min(1, (m-float64(k))*p[i]))
			out[i] = running
		}
	case BenjaminiHochberg:
		running := 1.0
		for k := len(idx) - 1; k >= 0; k-- {
			i := idx[k]
			running = math.Min(running, m/float64(k+1)*p[i])
			out[i] = running
		}
	default:
		for i := range out {
			out[i] = math.NaN()
		}
	}
	return out
}
