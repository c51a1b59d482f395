// Package themes finds what each group of respondents talks about: the
// words and two-word phrases that detractors', passives' and promoters'
// comments use distinctively more than the other categories' comments.
//
// Comments are split into words at Unicode word boundaries (UAX #29),
// case-folded, stripped of numbers, e-mail addresses, URLs and the stop
// words of their language (detected per comment, or set), optionally
// stemmed (Snowball), and joined into two-word phrases that never cross
// punctuation. A Counter counts, per group and category, the comments
// that use each term; it is an accumulator the engine fills in the same
// pass as the tallies, one per worker, merged at the end.
//
// Rank ranks a category's terms against the other categories by the
// log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi
// and Quinn (2008, "Fightin' Words: Lexical Feature Selection and
// Evaluation for Identifying the Content of Political Conflict", Political
// Analysis 16(4):372-403), and Rising finds the detractors' terms whose
// rate rose from one period to the next. Everything is deterministic.
package themes

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/npskit/nps/pkg/nps"
)

// Term is one distinctive term of a category.
type Term struct {
	Term string
	// Count is the comments of the category that use the term; Share is
	// Count over the category's comments (0-1).
	Count int64
	Share float64
	// Z is the term's z-score: the log-odds ratio over its standard
	// error; how much more this category uses it than the others.
	Z        float64
	Examples []string // up to MaxExamples comments that use it, earliest first
	// Previous is the term's share in the previous period (Rising only).
	Previous float64
}

// RankOptions limit what Rank returns.
type RankOptions struct {
	Top      int     // at most this many terms (0: all)
	MinCount int64   // terms used by fewer comments of the category are left out
	MinZ     float64 // terms whose z is below this are left out (e.g. 1.96)
}

// Rank returns the terms that category cat of g uses distinctively more
// than the other two categories, by z-score, highest first (ties by term).
//
// With y_w the number of comments of the category that use term w, y'_w
// that of the other categories, n = Σ y_w and n' = Σ y'_w, and the
// informative Dirichlet prior α_w = α_0 · (y_w + y'_w)/(n + n') (the
// pooled rates, with a total weight α_0 = (n + n')/10 of a tenth of the
// data: our choice, enough to pull rare terms toward the pooled rate and
// to leave frequent ones near their own), Monroe, Colaresi & Quinn's
// estimate (eqs. 16, 20, 22) is
//
//	δ_w = log((y_w + α_w) / (n + α_0 − y_w − α_w)) − log((y'_w + α_w) / (n' + α_0 − y'_w − α_w))
//	σ²_w ≈ 1/(y_w + α_w) + 1/(y'_w + α_w)
//	z_w = δ_w / σ_w
//
// Counting comments rather than words (a comment counts a term once)
// keeps one long comment from making a theme. A word used only inside a
// listed two-word phrase (the same count) is left out for the phrase.
func Rank(g *Group, cat nps.Category, opt RankOptions) []Term {
	var n, nr float64
	for _, tc := range g.Terms {
		for c := range 3 {
			if nps.Category(c) == cat {
				n += float64(tc.Count[c])
			} else {
				nr += float64(tc.Count[c])
			}
		}
	}
	var out []Term
	for term, tc := range g.Terms {
		y := float64(tc.Count[cat])
		yr := float64(tc.Count[0]+tc.Count[1]+tc.Count[2]) - y
		if tc.Count[cat] < max(opt.MinCount, 1) {
			continue
		}
		z := fightinZ(y, yr, n, nr)
		if !(z > 0) || z < opt.MinZ {
			continue
		}
		out = append(out, Term{
			Term: term, Count: tc.Count[cat], Z: z,
			Share:    float64(tc.Count[cat]) / float64(g.Comments[cat]),
			Examples: tc.Examples[cat].list(),
		})
	}
	sortTerms(out)
	out = dropInner(out)
	if opt.Top > 0 && len(out) > opt.Top {
		out = out[:opt.Top]
	}
	return out
}

// dropInner leaves out a word that the category's comments use only
// inside a two-word phrase also listed (the same count): the phrase says
// more. "took" goes when "support took" has its count; "support" stays
// when other comments use it too.
func dropInner(ts []Term) []Term {
	inPhrase := map[string]int64{}
	for _, t := range ts {
		if a, b, ok := strings.Cut(t.Term, " "); ok {
			inPhrase[a] = max(inPhrase[a], t.Count)
			inPhrase[b] = max(inPhrase[b], t.Count)
		}
	}
	return slices.DeleteFunc(ts, func(t Term) bool {
		return !strings.Contains(t.Term, " ") && inPhrase[t.Term] == t.Count
	})
}

// priorWeight is the prior's total weight α_0 as a share of the data's.
const priorWeight = 0.1

// fightinZ is the z-score of a term used y times in n (the group) and yr
// times in nr (the rest), with the pooled rates as prior (see Rank).
func fightinZ(y, yr, n, nr float64) float64 {
	a0 := priorWeight * (n + nr)
	a := a0 * (y + yr) / (n + nr)
	delta := math.Log((y+a)/(n+a0-y-a)) - math.Log((yr+a)/(nr+a0-yr-a))
	return delta / math.Sqrt(1/(y+a)+1/(yr+a))
}

func sortTerms(ts []Term) {
	slices.SortFunc(ts, func(a, b Term) int {
		if c := cmp.Compare(b.Z, a.Z); c != 0 {
			return c
		}
		return cmp.Compare(a.Term, b.Term)
	})
}

// Rising returns the detractors' terms of last whose share of detractor
// comments rose significantly from prev: the same log-odds z, last
// period's detractors against the previous period's, with the p-values
// of all terms tested adjusted by Holm; a term is kept when its adjusted
// p-value is below alpha (1 − confidence) and it is used by at least
// opt.MinCount comments. Highest z first.
func Rising(last, prev *Group, alpha float64, opt RankOptions) []Term {
	d := nps.Detractor
	var n, np float64
	for _, tc := range last.Terms {
		n += float64(tc.Count[d])
	}
	for _, tc := range prev.Terms {
		np += float64(tc.Count[d])
	}
	if n == 0 || np == 0 {
		return nil
	}
	var cand []Term
	var pv []float64
	for term, tc := range last.Terms {
		if tc.Count[d] < max(opt.MinCount, 1) {
			continue
		}
		var yp float64
		if pt := prev.Terms[term]; pt != nil {
			yp = float64(pt.Count[d])
		}
		z := fightinZ(float64(tc.Count[d]), yp, n, np)
		cand = append(cand, Term{
			Term: term, Count: tc.Count[d], Z: z,
			Share:    float64(tc.Count[d]) / float64(last.Comments[d]),
			Previous: yp / float64(prev.Comments[d]),
			Examples: tc.Examples[d].list(),
		})
		pv = append(pv, math.Erfc(math.Abs(z)/math.Sqrt2))
	}
	adj := nps.AdjustPValues(pv, nps.Holm)
	var out []Term
	for i, t := range cand {
		if t.Z > 0 && t.Share > t.Previous && adj[i] < alpha {
			out = append(out, t)
		}
	}
	sortTerms(out)
	if opt.Top > 0 && len(out) > opt.Top {
		out = out[:opt.Top]
	}
	return out
}
