package nps

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// trinomialOutcomes lists every (d, p) outcome of a sample of n with its log
// multinomial coefficient.
func trinomialOutcomes(n int) (d, p []int, logCoef []float64) {
	lf := make([]float64, n+1)
	for i := 2; i <= n; i++ {
		lf[i] = lf[i-1] + math.Log(float64(i))
	}
	for i := 0; i <= n; i++ {
		for k := 0; i+k <= n; k++ {
			d, p = append(d, i), append(p, k)
			logCoef = append(logCoef, lf[n]-lf[i]-lf[k]-lf[n-i-k])
		}
	}
	return
}

// compareCoverage is the exact coverage of Compare's difference interval at
// 95% for independent samples of na and nb, over every pair of true mixes on
// the 0.1 grid with each share ≥ 0.1 (36 × 36 pairs).
func compareCoverage(na, nb int, m Method) (mean, minimum float64) {
	da, pa, ca := trinomialOutcomes(na)
	db, pb, cb := trinomialOutcomes(nb)
	type iv struct{ lo, hi float64 }
	ivs := make([]iv, len(da)*len(db))
	for i := range da {
		ta := tallyOf(int64(da[i]), int64(na-da[i]-pa[i]), int64(pa[i]))
		for j := range db {
			tb := tallyOf(int64(db[j]), int64(nb-db[j]-pb[j]), int64(pb[j]))
			c := Compare(ta, tb, Options{Method: m})
			ivs[i*len(db)+j] = iv{c.DiffCILow, c.DiffCIHigh}
		}
	}
	type mix struct{ d, p int } // tenths
	var mixes []mix
	for i := 1; i <= 8; i++ {
		for k := 1; i+k <= 9; k++ {
			mixes = append(mixes, mix{i, k})
		}
	}
	probs := func(n int, d, p []int, coef []float64, x mix) []float64 {
		lD, lM, lP := math.Log(float64(x.d)/10), math.Log(float64(10-x.d-x.p)/10), math.Log(float64(x.p)/10)
		out := make([]float64, len(d))
		for i := range d {
			out[i] = math.Exp(coef[i] + float64(d[i])*lD + float64(n-d[i]-p[i])*lM + float64(p[i])*lP)
		}
		return out
	}
	minimum = 1
	var sum float64
	for _, xa := range mixes {
		qa := probs(na, da, pa, ca, xa)
		for _, xb := range mixes {
			qb := probs(nb, db, pb, cb, xb)
			truth := float64(10 * ((xb.p - xb.d) - (xa.p - xa.d)))
			var cov float64
			for i := range qa {
				row := ivs[i*len(db) : (i+1)*len(db)]
				var s float64
				for j, v := range row {
					if v.lo <= truth && truth <= v.hi {
						s += qb[j]
					}
				}
				cov += qa[i] * s
			}
			sum += cov
			minimum = math.Min(minimum, cov)
		}
	}
	return sum / float64(len(mixes)*len(mixes)), minimum
}

// TestCompareCoverage documents the coverage of the difference interval
// (go test ./pkg/nps/ -run TestCompareCoverage -v).
func TestCompareCoverage(t *testing.T) {
	var tab strings.Builder
	fmt.Fprintf(&tab, "\n| n_a | n_b | method | mean coverage | min coverage |\n|---|---|---|---|---|\n")
	for _, ns := range [][2]int{{10, 10}, {20, 20}, {10, 40}} {
		for _, m := range []Method{Wald, AdjustedWald} {
			mean, minimum := compareCoverage(ns[0], ns[1], m)
			fmt.Fprintf(&tab, "| %d | %d | %s | %.4f | %.4f |\n", ns[0], ns[1], m, mean, minimum)
			// The adjusted form is right on average; its worst case at 10 per
			// side (opposite extreme mixes, where shrinking both estimates
			// towards 0 biases the difference) is documented, not hidden.
			if m == AdjustedWald && (mean < 0.945 || mean > 0.965 || minimum < 0.87) {
				t.Errorf("adjusted-wald compare at %v: mean %.4f min %.4f", ns, mean, minimum)
			}
			if m == Wald && ns == [2]int{10, 10} && mean >= 0.93 {
				t.Errorf("wald compare at 10/10: mean %.4f; expected the documented under-coverage", mean)
			}
		}
	}
	t.Log(tab.String())
}
