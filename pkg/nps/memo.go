package nps

// ResultMemo computes the Results of many tallies under the same options,
// working out each distinct unweighted result once: an unweighted result
// depends only on the tally's detractors, passives and promoters, and a
// million groups of one or two responses each (a group per respondent)
// have a few dozen distinct ones among them. It keeps at most
// resultMemoMax results and computes the rest, and weighted tallies, in
// full. Not safe for concurrent use.
type ResultMemo struct {
	opt  Options
	kept map[[3]int64]Result
}

const resultMemoMax = 4096

// NewResultMemo returns an empty memo of results under opt.
func NewResultMemo(opt Options) *ResultMemo {
	return &ResultMemo{opt: opt, kept: map[[3]int64]Result{}}
}

// Result is t.Result(opt) for the memo's options.
func (memo *ResultMemo) Result(t *Tally) Result {
	if t.Weighted {
		return t.Result(memo.opt)
	}
	d, m, p := t.Categories()
	if r, ok := memo.kept[[3]int64{d, m, p}]; ok {
		return r
	}
	r := t.Result(memo.opt)
	if len(memo.kept) < resultMemoMax {
		memo.kept[[3]int64{d, m, p}] = r
	}
	return r
}
