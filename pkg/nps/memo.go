package nps

// ResultMemo computes the Results of many tallies under the same options,
// working out each distinct unweighted result once: an unweighted result
// depends only on the tally's detractors, passives and promoters, and a
// million groups of one or two responses each (a group per respondent)
// have a few dozen distinct ones among them (memoTable); weighted tallies
// are computed in full. Not safe for concurrent use.
type ResultMemo struct {
	opt     Options
	results memoTable[[3]int64, Result] // by detractors, passives, promoters
}

// NewResultMemo returns an empty memo of results under opt.
func NewResultMemo(opt Options) *ResultMemo { return &ResultMemo{opt: opt} }

// Result is t.Result(opt) for the memo's options.
func (memo *ResultMemo) Result(t *Tally) Result {
	if t.Weighted {
		return t.Result(memo.opt)
	}
	d, m, p := t.Categories()
	return memo.results.get(uint64(d*0x9e3779b1+m*0x85ebca6b+p*0xc2b2ae35), [3]int64{d, m, p}, func() Result { return t.Result(memo.opt) })
}

// CompareMemo is Compare and VersusRest of many pairs of tallies under the
// same options, each distinct unweighted pair worked out once: Compare of
// unweighted tallies depends only on both sides' detractors, passives and
// promoters, and the pairs of a group per respondent (compare --by, a
// trend's changes) are a few hundred distinct ones among hundreds of
// thousands, each an interval found by iteration (Tango's, about 0.3 ms).
// Pairs with a weighted side are computed in full. Not safe for
// concurrent use.
type CompareMemo struct {
	opt   Options
	pairs memoTable[[6]int64, Comparison] // a's, then b's detractors, passives and promoters
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
	h := uint64(ad*0x9e3779b1+am*0x85ebca6b+ap*0xc2b2ae35) ^ uint64(bd*0x27d4eb2f+bm*0x165667b1+bp*0xd3a2646c)
	return memo.pairs.get(h^h>>17, [6]int64{ad, am, ap, bd, bm, bp}, func() Comparison { return Compare(a, b, memo.opt) })
}

// memoTable keeps the last value per slot of a direct-mapped table, found
// without a map's hashing, and the values its slots gave way to in a map
// (up to maxSpilled): groups in key order come with their counts in no
// order, and two pairs that share a slot, met in turn, each cost an
// iterated interval again (compare --by email: a quarter of its time).
type memoTable[K comparable, V any] struct {
	slots   [memoSlots]memoSlot[K, V]
	spilled map[K]V
}

type memoSlot[K comparable, V any] struct {
	key  K
	val  V
	used bool
}

const (
	memoSlots  = 256 // a power of two
	maxSpilled = 1 << 16
)

// get is the value of k (hashed to h), made by compute when the table has
// none.
func (t *memoTable[K, V]) get(h uint64, k K, compute func() V) V {
	s := &t.slots[h%memoSlots]
	if s.used && s.key == k {
		return s.val
	}
	v, ok := t.spilled[k]
	if !ok {
		v = compute()
	}
	if s.used && len(t.spilled) < maxSpilled {
		if t.spilled == nil {
			t.spilled = map[K]V{}
		}
		t.spilled[s.key] = s.val
	}
	*s = memoSlot[K, V]{key: k, val: v, used: true}
	return v
}

// VersusRest is VersusRest(group, overall, opt) for the memo's options.
func (memo *CompareMemo) VersusRest(group, overall *Tally) (Comparison, error) {
	rest, err := restOf(group, overall)
	if err != nil {
		return Comparison{}, err
	}
	return memo.Compare(&rest, group), nil
}
