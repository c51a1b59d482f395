package main

import (
	"io"

	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
)

// writeTally writes the -f tally shape of the pass the flags ask for: the
// tally of the --by columns per day (when the input has a date column)
// and score. A --period only makes the date column required: the tally
// keeps days, and the period is applied when the tally is read back.
func (b *base) writeTally(filter *filterFlags, group *groupFlags) error {
	g := group.grouping()
	q, err := b.query(b.files, filter, g)
	if err != nil {
		return err
	}
	q.Tally = true
	res, err := b.runQuery(q)
	if err != nil {
		return err
	}
	gr := res.Groupings[0]
	overall := gr.Overall()
	rep := &render.TallyReport{KeyNames: g.By, Dated: gr.Unit() == period.Day, Weighted: overall.Weighted}
	if len(g.By) == 0 && !rep.Dated {
		// Nothing to group by: the one group is the whole input.
		blank, invalid := gr.Unscored()
		rep.Groups = []render.TallyGroup{{Tally: overall, Blank: blank, Invalid: invalid}}
	}
	for _, grp := range gr.Groups() {
		t := render.TallyGroup{Key: grp.Key.Segments, Tally: grp.Tally, Blank: grp.Blank, Invalid: grp.Invalid}
		if rep.Dated {
			t.Date = grp.Key.Period.Label()
		}
		rep.Groups = append(rep.Groups, t)
	}
	return b.emit(func(w io.Writer) error { return render.Write(w, render.Tally, render.Tallies(rep), b.style()) })
}
