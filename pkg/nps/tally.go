package nps

import (
	"fmt"
	"strings"
)

// Category is the NPS bucket of a score.
type Category uint8

const (
	Detractor Category = iota // 0-6
	Passive                   // 7-8
	Promoter                  // 9-10
)

// String returns the lower-case singular name: "detractor", "passive", "promoter".
func (c Category) String() string {
	switch c {
	case Detractor:
		return "detractor"
	case Passive:
		return "passive"
	case Promoter:
		return "promoter"
	}
	return fmt.Sprintf("Category(%d)", c)
}

// Classify returns the category of a score in 0-10. Scores outside that range
// are the caller's bug; they are classified by the nearest end.
func Classify(score int) Category {
	switch {
	case score >= 9:
		return Promoter
	case score >= 7:
		return Passive
	default:
		return Detractor
	}
}

// CategorySet is a set of categories, as chosen by `classify --only`.
type CategorySet [3]bool

// Has reports whether c is in the set.
func (s CategorySet) Has(c Category) bool { return int(c) < len(s) && s[c] }

// ParseCategories parses a comma list such as "detractors" or
// "promoters,passives" (singular or plural, any case, spaces around items
// allowed). Empty items ("detractors,") are ignored, but the list must name
// at least one category.
func ParseCategories(list string) (CategorySet, error) {
	var set CategorySet
	named := false
	for _, word := range strings.Split(list, ",") {
		w := strings.ToLower(strings.TrimSpace(word))
		if w == "" {
			continue
		}
		named = true
		switch strings.TrimSuffix(w, "s") {
		case "detractor":
			set[Detractor] = true
		case "passive":
			set[Passive] = true
		case "promoter":
			set[Promoter] = true
		default:
			return set, fmt.Errorf("unknown category %q; use detractors, passives or promoters", strings.TrimSpace(word))
		}
	}
	if !named {
		return set, fmt.Errorf("no category in %q; use detractors, passives or promoters", list)
	}
	return set, nil
}

// Tally is the 11-bin histogram of scores 0-10. Weight and Weight2 hold the
// per-score sums of weights and squared weights; they stay zero unless
// AddWeighted is used. The zero Tally is empty and ready to use.
//
// Invariant kept by Add, AddWeighted and Merge: once a tally is Weighted,
// every response it counts carries a weight. A response counted without a
// weight (Add, or an unweighted tally merged in) has weight 1.
type Tally struct {
	Count   [11]int64
	Weight  [11]float64
	Weight2 [11]float64
	// Weighted is set by AddWeighted (and carried by Merge): results then take
	// shares from Weight and the effective sample size from Weight2.
	Weighted bool
}

// Add counts one response with the given score (0-10). A score outside 0-10
// is the caller's bug and panics. On a weighted tally the response has
// weight 1.
func (t *Tally) Add(score int) {
	t.Count[score]++
	if t.Weighted {
		t.Weight[score]++
		t.Weight2[score]++
	}
}

// AddWeighted counts one response with score (0-10) and weight w. The weight
// must be finite and >= 0 (the caller validates it); a zero weight counts the
// response in N but not in the shares. Responses counted earlier without a
// weight keep weight 1.
func (t *Tally) AddWeighted(score int, w float64) {
	if !t.Weighted {
		t.promote()
	}
	t.Count[score]++
	t.Weight[score] += w
	t.Weight2[score] += w * w
}

// AddN counts n responses with the given score, as n calls of Add.
func (t *Tally) AddN(score int, n int64) {
	t.Count[score] += n
	if t.Weighted {
		t.Weight[score] += float64(n)
		t.Weight2[score] += float64(n)
	}
}

// AddWeightedN counts n responses with score (0-10) whose weights sum to w
// and whose squared weights sum to w2: n responses of weight x are
// AddWeightedN(score, n, n·x, n·x²), and a tally row read back carries its
// sums as they are. Both sums must be finite and >= 0 (the caller
// validates them).
func (t *Tally) AddWeightedN(score int, n int64, w, w2 float64) {
	if !t.Weighted {
		t.promote()
	}
	t.Count[score] += n
	t.Weight[score] += w
	t.Weight2[score] += w2
}

// promote turns an unweighted tally into a weighted one in which every
// response counted so far has weight 1.
func (t *Tally) promote() {
	for i, c := range t.Count {
		t.Weight[i] = float64(c)
		t.Weight2[i] = float64(c)
	}
	t.Weighted = true
}

// Merge adds o into t. Merging a weighted and an unweighted tally gives a
// weighted tally in which the unweighted side's responses have weight 1
// (o itself is not modified). A nil o is a no-op.
func (t *Tally) Merge(o *Tally) {
	if o == nil {
		return
	}
	if o.Weighted && !t.Weighted {
		t.promote()
	}
	if t.Weighted && !o.Weighted {
		oo := *o
		oo.promote()
		o = &oo
	}
	for i := range t.Count {
		t.Count[i] += o.Count[i]
		t.Weight[i] += o.Weight[i]
		t.Weight2[i] += o.Weight2[i]
	}
}

// Sub removes o from t, where o counts a part of t's responses: the overall
// tally minus one group's is the tally of the rest of the responses, which
// is what a group is compared with (VersusRest). It undoes Merge: t.Merge(o)
// then t.Sub(o) gives t back, up to rounding in the weight sums.
//
// A weighted t minus an unweighted o removes weight 1 per response, as Merge
// would have added. Sub returns an error and leaves t unchanged when o
// counts more responses of some score than t has, or when o is weighted and
// t is not (then o's weights were never added to t). Weight sums are floating
// point: a score whose count drops to 0 gets its sums set to exactly 0, and a
// sum that rounding would leave below 0 is set to 0. A nil o is a no-op.
func (t *Tally) Sub(o *Tally) error {
	if o == nil {
		return nil
	}
	if o.Weighted && !t.Weighted {
		return fmt.Errorf("cannot subtract a weighted tally from an unweighted one")
	}
	for i, c := range o.Count {
		if c > t.Count[i] {
			return fmt.Errorf("cannot subtract %d responses with score %d from a tally that has %d", c, i, t.Count[i])
		}
	}
	if t.Weighted && !o.Weighted {
		oo := *o
		oo.promote()
		o = &oo
	}
	for i := range t.Count {
		t.Count[i] -= o.Count[i]
		if !t.Weighted {
			continue
		}
		if t.Count[i] == 0 {
			t.Weight[i], t.Weight2[i] = 0, 0
			continue
		}
		t.Weight[i] = max(t.Weight[i]-o.Weight[i], 0)
		t.Weight2[i] = max(t.Weight2[i]-o.Weight2[i], 0)
	}
	return nil
}

// N is the number of responses counted.
func (t *Tally) N() int64 {
	var n int64
	for _, c := range t.Count {
		n += c
	}
	return n
}

// Categories returns the raw counts of detractors, passives and promoters.
func (t *Tally) Categories() (detractors, passives, promoters int64) {
	c := &t.Count
	// 0-6, 7-8 and 9-10 (Classify), summed without a branch per score: a
	// million groups' results call this several times each
	detractors = c[0] + c[1] + c[2] + c[3] + c[4] + c[5] + c[6]
	return detractors, c[7] + c[8], c[9] + c[10]
}

// weightedCategories returns Σw per category.
func (t *Tally) weightedCategories() (detractors, passives, promoters float64) {
	w := &t.Weight
	// the bins of Categories, summed in the same order as a loop over the
	// scores would: the float sums are unchanged
	detractors = w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + w[6]
	return detractors, w[7] + w[8], w[9] + w[10]
}

// weightSums returns Σw and Σw² over all scores.
func (t *Tally) weightSums() (sum, sum2 float64) {
	for i := range t.Weight {
		sum += t.Weight[i]
		sum2 += t.Weight2[i]
	}
	return
}
