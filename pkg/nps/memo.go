package nps

// ResultMemo computes the Results of many tallies under the same options,
// working out each distinct unweighted result once: an unweighted result
// depends only on the tally's detractors, passives and promoters, and a
// million groups of one or two responses each (a group per respondent)
// have a few dozen distinct ones among them. It keeps the last result
// computed per slot of a direct-mapped table, found without a map's
// hashing; weighted tallies are computed in full. Not safe for concurrent
// use.
type ResultMemo struct {
	opt   Options
	slots [memoSlots]memoSlot
}

const memoSlots = 256 // a power of two

type memoSlot struct {
	key  [3]int64 // detractors, passives, promoters
	r    Result
	used bool
}

// NewResultMemo returns an empty memo of results under opt.
func NewResultMemo(opt Options) *ResultMemo { return &ResultMemo{opt: opt} }

// Result is t.Result(opt) for the memo's options.
func (memo *ResultMemo) Result(t *Tally) Result {
	if t.Weighted {
		return t.Result(memo.opt)
	}
	d, m, p := t.Categories()
	k := [3]int64{d, m, p}
	s := &memo.slots[uint64(d*0x9e3779b1+m*0x85ebca6b+p*0xc2b2ae35)%memoSlots]
	if !s.used || s.key != k {
		*s = memoSlot{key: k, r: t.Result(memo.opt), used: true}
	}
	return s.r
}

// CompareMemo is Compare and VersusRest of many pairs of tallies under the
// same options, each distinct unweighted pair worked out once: Compare of
// unweighted tallies depends only on both sides' detractors, passives and
// promoters, and the pairs of a group per respondent (compare --by, a
// trend's changes) are a few hundred distinct ones among hundreds of
// thousands, each an interval found by iteration (Tango's, about 0.3 ms).
// Like ResultMemo it keeps the last comparison per slot of a
// direct-mapped table; pairs with a weighted side are computed in full.
// Not safe for concurrent use.
type CompareMemo struct {
	opt   Options
	slots [memoSlots]compareSlot
}

type compareSlot struct {
	key  [6]int64 // a's, then b's detractors, passives and promoters
	c    Comparison
	used bool
}

// NewCompareMemo returns an empty memo of comparisons under opt.
func NewCompareMemo(opt Options) *CompareMemo { return &CompareMemo{opt: opt} }

// Compare is Compare(a, b, opt) for the memo's options.
func (memo *CompareMemo) Compare(a, b *Tally) Comparison {
	if a.Weighted || b.Weighted {
		return Compare(a, b, memo.opt)
	}
	ad, am, ap := a.Categories()
	bd, bm, bp := b.Categories()
	k := [6]int64{ad, am, ap, bd, bm, bp}
	h := uint64(ad*0x9e3779b1+am*0x85ebca6b+ap*0xc2b2ae35) ^ uint64(bd*0x27d4eb2f+bm*0x165667b1+bp*0xd3a2646c)
	s := &memo.slots[(h^h>>17)%memoSlots]
	if !s.used || s.key != k {
		*s = compareSlot{key: k, c: Compare(a, b, memo.opt), used: true}
	}
	return s.c
}

// VersusRest is VersusRest(group, overall, opt) for the memo's options.
func (memo *CompareMemo) VersusRest(group, overall *Tally) (Comparison, error) {
	rest, err := restOf(group, overall)
	if err != nil {
		return Comparison{}, err
	}
	return memo.Compare(&rest, group), nil
}
