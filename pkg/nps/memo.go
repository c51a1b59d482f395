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
