package main

import (
	"context"
	"io"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
)

// writeTally writes the -f tally shape of the pass g asks for: the tally
// of g.By per day (when the input has a date column) and score. A period
// in g only makes the date column required: the tally keeps days, and
// the period is applied when the tally is read back.
func (a *app) writeTally(ctx context.Context, files []string, g engine.Grouping) error {
	q, err := a.query(files, g)
	if err != nil {
		return err
	}
	q.Tally = true
	closeDB, err := a.openDB(ctx, &q)
	if err != nil {
		return err
	}
	defer closeDB()
	res, err := engine.Run(ctx, q)
	if res != nil {
		a.warn(res.Warnings)
	}
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
	return a.emit(func(w io.Writer) error { return render.WriteTally(w, rep) })
}
