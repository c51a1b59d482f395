package main

import (
	"io"
	"iter"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
)

type scoreOptions struct {
	base
	filter    filterFlags
	group     groupFlags
	order     engine.Order
	stats     statsFlags
	failUnder threshold
}

func newScoreCmd(a *app, runF func(*scoreOptions) error) *cobra.Command {
	o := &scoreOptions{base: base{app: a}}
	cmd := &cobra.Command{
		Use:   "score [FILE...]",
		Short: "Print the NPS with n, counts, shares and confidence interval",
		Long: `Print the Net Promoter Score of the responses: n, promoters, passives and
detractors with counts and shares, the NPS and its confidence interval. With
--by and/or --period, one row per group plus the overall.

FILE is a path or - for standard input; no FILE reads standard input. Several
files are read as one data set.`,
		Example: `  nps score responses.csv
  nps score responses.csv --by region --period quarter
  nps score responses.csv -f json --fail-under 30`,
	}
	cmd.RunE = runE(&o.base, o, runF, runScore)
	addFailUnder(cmd, &o.failUnder)
	o.input.AddFlags(cmd)
	o.input.AddWeightFlag(cmd)
	o.input.AddCountFlag(cmd)
	o.input.AddDBFlags(cmd)
	o.filter.AddFlags(cmd, &o.input)
	o.group.AddFlags(cmd, &o.input, period.None)
	addSortFlag(cmd, &o.order)
	o.stats.AddFlags(cmd)
	o.out.AddFlags(cmd, render.Table, render.Tally)
	return cmd
}

func runScore(o *scoreOptions) error {
	a, format, opt := &o.base, o.out.formatOr(render.Table), o.stats.options()
	if format == render.Tally {
		return a.writeTally(&o.filter, &o.group)
	}
	res, g, gr, err := a.tallyGroups(&o.filter, &o.group)
	if err != nil {
		return err
	}
	// The groups are listed one at a time, never all held: there may be
	// millions (--by response_id).
	rep := scoreReport(res, gr.Overall(), g, nil, opt, o.order)
	if rep.KeyNames != nil {
		rep.Each = renderResults(engine.EachResult(gr, opt, o.order))
		rep.Batches = func(newEncoder func() func([]byte, *render.GroupResult) ([]byte, error)) iter.Seq2[[]byte, error] {
			return engine.EachEncoded(gr, opt, o.order, func() func([]byte, *engine.GroupResult) ([]byte, error) {
				encode := newEncoder()
				return func(b []byte, r *engine.GroupResult) ([]byte, error) { return encode(b, (*render.GroupResult)(r)) }
			})
		}
	}
	if err := a.emit(func(w io.Writer) error { return render.Write(w, format, render.Score(rep), a.style()) }); err != nil {
		return err
	}
	return o.failUnder.check(rep.Overall)
}

// renderResults is results as the render package takes them.
func renderResults(results iter.Seq[engine.GroupResult]) iter.Seq[render.GroupResult] {
	return func(yield func(render.GroupResult) bool) {
		for r := range results {
			if !yield(render.GroupResult(r)) {
				return
			}
		}
	}
}

// scoreReport turns tallied groups into results, ordered by order.
func scoreReport(res *engine.Result, overall nps.Tally, g engine.Grouping, groups []breakdown.Group, opt nps.Options, order engine.Order) *render.ScoreReport {
	rep := &render.ScoreReport{
		Overall:      overall.Result(opt),
		Blank:        res.Stats.Blank,
		Invalid:      res.Stats.Invalid,
		SkippedDates: res.Stats.BadDates,
		Confidence:   opt.Confidence,
		MinN:         opt.MinN,
		Groups:       []render.GroupResult{},
	}
	if len(g.By) == 0 && g.Period == period.None {
		return rep
	}
	rep.KeyNames = g.KeyNames()
	for _, r := range engine.Results(groups, opt, order) {
		rep.Groups = append(rep.Groups, render.GroupResult{Key: r.Key, Result: r.Result})
	}
	return rep
}
