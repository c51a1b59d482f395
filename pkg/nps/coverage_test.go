package nps

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// Exact coverage. For a true mix of detractors, passives and promoters every
// possible sample of size n is enumerated with its trinomial probability
//
//	P(d, m, p) = n!/(d!·m!·p!) · pD^d · pM^m · pP^p
//
// and the probabilities of the samples whose interval contains the true NPS
// are summed. No simulation: the figures are exact up to rounding. The true
// mixes form the interior grid: every share a multiple of 1/g with each
// share ≥ 1/g (g = 20, i.e. 0.05 steps and 171 mixes; under -short g = 10,
// 36 mixes, whose points are a subset of the finer grid so that their
// minimum can only be higher).
//
// The tables of docs/statistics.md come from
//
//	go test ./pkg/nps/ -run Coverage -v

// mixGrid is the interior grid: (detractor, promoter) shares in units of 1/g.
type gridMix struct{ d, p int }

func mixGrid(g int) []gridMix {
	var out []gridMix
	for d := 1; d <= g-2; d++ {
		for p := 1; d+p <= g-1; p++ {
			out = append(out, gridMix{d, p})
		}
	}
	return out
}

func coverageGrid(t *testing.T) int {
	if testing.Short() {
		return 10
	}
	return 20
}

// outcomes lists every sample of size n as (d, p) with its log multinomial
// coefficient.
type outcomes struct {
	n       int
	d, p    []int
	logCoef []float64
}

func enumerate(n int) outcomes {
	lf := make([]float64, n+1) // log k!
	for i := 2; i <= n; i++ {
		lf[i] = lf[i-1] + math.Log(float64(i))
	}
	o := outcomes{n: n}
	for d := 0; d <= n; d++ {
		for p := 0; d+p <= n; p++ {
			o.d, o.p = append(o.d, d), append(o.p, p)
			o.logCoef = append(o.logCoef, lf[n]-lf[d]-lf[p]-lf[n-d-p])
		}
	}
	return o
}

// probs is the probability of each outcome under the true mix x of grid g.
func (o outcomes) probs(x gridMix, g int) []float64 {
	lD, lM, lP := math.Log(float64(x.d)/float64(g)), math.Log(float64(g-x.d-x.p)/float64(g)), math.Log(float64(x.p)/float64(g))
	out := make([]float64, len(o.d))
	for i := range o.d {
		m := o.n - o.d[i] - o.p[i]
		out[i] = math.Exp(o.logCoef[i] + float64(o.d[i])*lD + float64(m)*lM + float64(o.p[i])*lP)
	}
	return out
}

func (o outcomes) tally(i int) *Tally {
	return tallyOf(int64(o.d[i]), int64(o.n-o.d[i]-o.p[i]), int64(o.p[i]))
}

// oneSampleCoverage is the exact coverage of Interval with method m at 95%
// for samples of n, as mean and minimum over the interior grid g.
func oneSampleCoverage(n int, m Method, g int) (mean, minimum float64) {
	o := enumerate(n)
	lo, hi := make([]float64, len(o.d)), make([]float64, len(o.d))
	for i := range o.d {
		lo[i], hi[i] = Interval(o.tally(i), Options{Method: m})
	}
	mixes := mixGrid(g)
	minimum = 1
	var sum float64
	for _, x := range mixes {
		truth := 100 * float64(x.p-x.d) / float64(g) // exact: a multiple of 5 or 10
		var cov float64
		for i, q := range o.probs(x, g) {
			if lo[i] <= truth && truth <= hi[i] {
				cov += q
			}
		}
		sum += cov
		minimum = math.Min(minimum, cov)
	}
	return sum / float64(len(mixes)), minimum
}

func TestOneSampleCoverage(t *testing.T) {
	g := coverageGrid(t)
	var tab strings.Builder
	fmt.Fprintf(&tab, "\none sample, 95%%, interior grid 1/%d\n| n | method | mean coverage | min coverage |\n|---|---|---|---|\n", g)
	for _, n := range []int{5, 10, 20, 50, 100} {
		for _, m := range []Method{Wald, AdjustedWald, ScoreInterval} {
			mean, minimum := oneSampleCoverage(n, m, g)
			fmt.Fprintf(&tab, "| %d | %s | %.4f | %.4f |\n", n, m, mean, minimum)
			switch {
			case m == Wald:
				if n == 10 && mean >= 0.93 {
					t.Errorf("wald at n=10: mean coverage %.4f; expected the documented under-coverage (< 0.93)", mean)
				}
			case n >= 10:
				if minimum < 0.93 || mean < 0.945 || mean > 0.97 {
					t.Errorf("%v at n=%d: mean %.4f (want 0.945-0.97), min %.4f (want ≥ 0.93)", m, n, mean, minimum)
				}
			default: // n = 5: documented, held to a looser floor
				if minimum < 0.88 {
					t.Errorf("%v at n=%d: min %.4f (want ≥ 0.88)", m, n, minimum)
				}
			}
		}
	}
	t.Log(tab.String())
}

// diffIntervals holds the difference interval (NPS points, as Compare
// prints it) of every pair of outcomes of two samples, row i of A by
// column j of B.
type diffIntervals struct {
	a, b   outcomes
	lo, hi []float64
}

// diffMethod is a way to compute the 95% difference interval.
type diffMethod int

const (
	diffMoverTango    diffMethod = iota // Compare's default
	diffWald                            // Compare with --ci-method wald
	diffAdjustedWaldT                   // the default before issue 13, for the record
)

func (m diffMethod) String() string {
	return [...]string{"mover-tango", "wald", "adjusted-wald two-sample (before)"}[m]
}

// compareIntervals computes, with the functions Compare uses, the 95%
// interval of every pair of outcomes. For MOVER-Tango each side's Tango
// interval is computed once per outcome and the pairs are combined by
// mover; TestCompareCoverage checks that this equals Compare. The previous
// default, the two-sample Wald interval on counts with 0.75/1.5/0.75 added
// to each side, is waldDiff on adjusted samples.
func compareIntervals(na, nb int, m diffMethod) diffIntervals {
	a, b := enumerate(na), enumerate(nb)
	iv := diffIntervals{a: a, b: b, lo: make([]float64, len(a.d)*len(b.d)), hi: make([]float64, len(a.d)*len(b.d))}
	samples := func(o outcomes) []sample {
		out := make([]sample, len(o.d))
		for i := range o.d {
			out[i], _ = o.tally(i).sample()
		}
		return out
	}
	sa, sb := samples(a), samples(b)
	type bounds struct{ est, lo, hi float64 }
	tango := func(ss []sample) []bounds {
		out := make([]bounds, len(ss))
		for i, s := range ss {
			lo, hi := tangoInterval(s, z975)
			out[i] = bounds{s.estimate(), lo, hi}
		}
		return out
	}
	var ta, tb []bounds
	if m == diffMoverTango {
		ta, tb = tango(sa), tango(sb)
	}
	for i := range sa {
		for j := range sb {
			var lo, hi float64
			switch m {
			case diffMoverTango:
				x, y := ta[i], tb[j]
				lo, hi = mover(x.est, x.lo, x.hi, y.est, y.lo, y.hi)
			case diffWald:
				lo, hi, _ = waldDiff(sa[i], sb[j], z975)
			case diffAdjustedWaldT:
				lo, hi, _ = waldDiff(sa[i].adjusted(), sb[j].adjusted(), z975)
			}
			k := i*len(sb) + j
			iv.lo[k], iv.hi[k] = clip(100*lo, 200), clip(100*hi, 200)
		}
	}
	return iv
}

// coverage is the exact coverage of the intervals over every pair of true
// mixes of the interior grid g, as mean and minimum.
//
// Every true difference is a whole multiple k of 100/g points, and the
// truths an interval contains are a run of consecutive k. So for each B mix
// and each A outcome i, one pass over the B outcomes j adds P_B(j) to the
// run of pair (i, j) (a difference array), and a running sum then gives
// W_i(k) = Σ_j P_B(j)·[100k/g in interval(i, j)] for every k at once. The
// coverage for an A mix is Σ_i P_A(i)·W_i(k) with k its true difference.
func (iv diffIntervals) coverage(g int) (mean, minimum float64) {
	mixes := mixGrid(g)
	kMin, kMax := -2*g, 2*g // every true difference lies within
	truth := func(k int) float64 { return 100 * float64(k) / float64(g) }
	// The run of k inside each pair's interval, found with the same float
	// comparisons as lo <= truth && truth <= hi.
	first, last := make([]int, len(iv.lo)), make([]int, len(iv.lo))
	for x := range iv.lo {
		k := max(kMin, int(math.Ceil(iv.lo[x]*float64(g)/100))-1)
		for k <= kMax && truth(k) < iv.lo[x] {
			k++
		}
		first[x] = k
		k = min(kMax, int(math.Floor(iv.hi[x]*float64(g)/100))+1)
		for k >= kMin && truth(k) > iv.hi[x] {
			k--
		}
		last[x] = k
	}
	pa := make([][]float64, len(mixes))
	for k, x := range mixes {
		pa[k] = iv.a.probs(x, g)
	}
	nb := len(iv.b.d)
	width := kMax - kMin + 2
	w := make([][]float64, len(iv.a.d)) // W_i(k), k offset by kMin
	for i := range w {
		w[i] = make([]float64, width)
	}
	minimum = 1
	var sum float64
	for _, xb := range mixes {
		qb := iv.b.probs(xb, g)
		for i, row := range w {
			clear(row)
			for j, q := range qb {
				if f, l := first[i*nb+j], last[i*nb+j]; f <= l {
					row[f-kMin] += q
					row[l-kMin+1] -= q
				}
			}
			for k := 1; k < width; k++ {
				row[k] += row[k-1]
			}
		}
		for ka, xa := range mixes {
			k := (xb.p - xb.d) - (xa.p - xa.d) - kMin
			var cov float64
			for i, q := range pa[ka] {
				cov += q * w[i][k]
			}
			sum += cov
			minimum = math.Min(minimum, cov)
		}
	}
	return sum / float64(len(mixes)*len(mixes)), minimum
}

func TestCompareCoverage(t *testing.T) {
	g := coverageGrid(t)
	sizes := [][2]int{{10, 10}, {20, 20}, {10, 50}}
	if !testing.Short() {
		sizes = append(sizes, [2]int{50, 50}) // MOVER-Tango only: the largest
	}
	var tab strings.Builder
	fmt.Fprintf(&tab, "\ncompare, 95%%, interior grid 1/%d on each side\n| n_a | n_b | method | mean coverage | min coverage |\n|---|---|---|---|---|\n", g)
	for _, ns := range sizes {
		for _, m := range []diffMethod{diffMoverTango, diffWald, diffAdjustedWaldT} {
			if ns[0] == 50 && m != diffMoverTango {
				continue
			}
			iv := compareIntervals(ns[0], ns[1], m)
			// The intervals are Compare's: check a spread of about 300 pairs.
			if opt, ok := map[diffMethod]Options{diffMoverTango: DefaultOptions(), diffWald: {Method: Wald}}[m]; ok {
				for k := 0; k < len(iv.lo); k += len(iv.lo)/300 + 1 {
					i, j := k/len(iv.b.d), k%len(iv.b.d)
					c := Compare(iv.a.tally(i), iv.b.tally(j), opt)
					if c.DiffCILow != iv.lo[k] || c.DiffCIHigh != iv.hi[k] {
						t.Fatalf("%v pair %d: Compare [%v, %v], coverage table [%v, %v]", m, k, c.DiffCILow, c.DiffCIHigh, iv.lo[k], iv.hi[k])
					}
				}
			}
			mean, minimum := iv.coverage(g)
			fmt.Fprintf(&tab, "| %d | %d | %s | %.4f | %.4f |\n", ns[0], ns[1], m, mean, minimum)
			switch {
			case m == diffMoverTango:
				if minimum < 0.93 || mean < 0.945 || mean > 0.97 {
					t.Errorf("mover-tango at %v: mean %.4f (want 0.945-0.97), min %.4f (want ≥ 0.93)", ns, mean, minimum)
				}
			case ns == [2]int{10, 10}:
				// Both others fall short at 10 a side: the reason for the change.
				if minimum >= 0.93 {
					t.Errorf("%v at 10 vs 10: min %.4f; expected the documented under-coverage (< 0.93)", m, minimum)
				}
			}
		}
	}
	t.Log(tab.String())
}
