package main

import (
	"io"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/followup"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

type followupOptions struct {
	base
	filter  filterFlags
	only    *nps.CategorySet // nil: every category
	due     followup.Due
	actions string // --actions FILE
	done    string // --done FILE
}

func newFollowupCmd(a *app, runF func(*followupOptions) error) *cobra.Command {
	o := &followupOptions{base: base{app: a}}
	cmd := &cobra.Command{
		Use:   "followup [FILE...]",
		Short: "Print the follow-up worklist: who to contact, how, and by when",
		Long: `Print the follow-up worklist: each respondent's latest response (by the id
column, --id-col) with a valid score, its category, score, date, the date
the follow-up is due (the response date plus --due days per category), the
recommended action, the comment, then the response's other columns, so that
contact details travel with the row into a CRM.

Detractors come first by due date, then passives, then promoters. The
actions follow the guide in docs/user-guide.md: contact detractors with a
prepared plan at a good moment, ask passives what would make it a 10,
thank promoters and ask for a review or referral with no hard sell;
--actions FILE (a CSV of category,action) words them your way. --done FILE
(a CSV whose respondent or id column lists those already handled) leaves
them out. Output is CSV unless --format says otherwise; cells a spreadsheet
would run as a formula are neutralised.`,
		Example: `  nps followup responses.csv > worklist.csv
  nps followup responses.csv --only detractors --due detractors=1d
  nps followup responses.csv --done handled.csv --actions our-actions.csv`,
	}
	cmd.RunE = runE(&o.base, o, runF, runFollowup)
	addGroup(cmd, headingOwn, func(f *pflag.FlagSet) {
		f.Var(newValue(&o.only, nil, "", "string", parseCategories), "only", "keep only these `CATEGORIES`: a comma list of detractors, passives, promoters")
		f.Var(newValue(&o.due, followup.DefaultDue, followup.DefaultDue.String(), "string", parseDue), "due", "days until the follow-up is due per category, as `CATEGORY=Nd,...` (d days, w weeks)")
		f.StringVar(&o.actions, "actions", "", "a CSV `FILE` of category,action rows that words the actions (default: the guide's, see docs/user-guide.md)")
		f.StringVar(&o.done, "done", "", "a CSV `FILE` of respondents already handled (its respondent or id column), left out")
	})
	completeChoiceList(cmd, "only", categoryNames)
	o.input.AddFlags(cmd)
	o.input.AddRoleFlags(cmd)
	o.filter.AddFlags(cmd, &o.input)
	o.out.AddFlags(cmd, render.CSV)
	return cmd
}

func parseDue(s string) (followup.Due, error) {
	d, err := followup.ParseDue(s)
	if err != nil {
		return d, &badValue{"due days", "write e.g. --due detractors=2d,passives=7d,promoters=14d"}
	}
	return d, nil
}

func runFollowup(o *followupOptions) error {
	a, format := &o.base, o.out.formatOr(render.CSV)
	actions := followup.DefaultActions
	if o.actions != "" {
		f, err := os.Open(o.actions)
		if err != nil {
			return usererr.Newf(usererr.Data, o.actions, 0, "check the --actions path", "cannot open: %v", err)
		}
		actions, err = followup.ReadActions(f, o.actions)
		f.Close()
		if err != nil {
			return err
		}
	}
	q, err := a.query(a.files, &o.filter)
	if err != nil {
		return err
	}
	q.Read.NeedDate = true
	rows, err := engine.OpenRows(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	roles, columns := rows.Roles(), rows.Columns()
	if roles.ID < 0 {
		return usererr.Usagef("name it with --id-col COLUMN; columns are: "+joinList(columns, "and"), "no respondent id column found")
	}
	done := map[string]bool{}
	if o.done != "" {
		f, err := os.Open(o.done)
		if err != nil {
			return usererr.Newf(usererr.Data, o.done, 0, "check the --done path", "cannot open: %v", err)
		}
		done, err = followup.ReadDone(f, o.done, columns[roles.ID])
		f.Close()
		if err != nil {
			return err
		}
	}
	// The rows are read on every core where the inputs allow it (the fast
	// path's formats, engine.Rows.EachUnordered), every worker adding to
	// the list: it keeps each respondent's latest whatever the order it
	// is given them in.
	list := followup.NewList(o.due)
	valid := func(r *survey.Response) bool { return r.Status == survey.Valid }
	res, err := rows.EachUnordered(a.ctx, valid, list.Reset, func() func(*survey.Response) error {
		b := list.Batch()
		return func(r *survey.Response) error {
			b.Add(r.Fields[roles.ID], r.Score, r.Time, int64(r.Input)<<40|r.Line, r.Fields)
			return nil
		}
	})
	if res != nil {
		a.warn(res.Warnings)
	}
	if err := a.explainEmpty(q, res, err); err != nil {
		return err
	}
	keep := nps.CategorySet{true, true, true}
	if o.only != nil {
		keep = *o.only
	}
	// respondent, category, score, date, due, action, comment, then the
	// other columns in input order.
	header := []string{"respondent", "category", "score", "date", "due", "action", "comment"}
	var rest []int
	for i, c := range columns {
		if !slices.Contains([]int{roles.ID, roles.Score, roles.Date, roles.Comment}, i) {
			header = append(header, c)
			rest = append(rest, i)
		}
	}
	work := list.Worklist(done, keep)
	newRow := func() func(i int) []string {
		row, fields := make([]string, len(header)), []string(nil)
		var date, due dayText
		return func(i int) []string {
			it := work.Item(i, fields[:0])
			fields = it.Fields
			comment := ""
			if roles.Comment >= 0 {
				comment = it.Fields[roles.Comment]
			}
			row = append(row[:0], it.Respondent, it.Category.String(), strconv.Itoa(it.Score),
				date.of(it.Date), due.of(it.Due), actions[it.Category], comment)
			for _, i := range rest {
				row = append(row, it.Fields[i])
			}
			return row
		}
	}
	return a.emit(func(w io.Writer) error {
		if enc, ok := render.NewLineEncoder(format, header); ok { // lines made on every core
			if _, err := w.Write(enc.Header(nil)); err != nil {
				return err
			}
			return render.WriteLines(w, work.Len(), func() func([]byte, int) ([]byte, error) {
				enc, _ := render.NewLineEncoder(format, header)
				row := newRow()
				return func(b []byte, i int) ([]byte, error) { return enc.Line(b, row(i)) }
			})
		}
		rw, err := render.NewRowWriter(w, format, header, a.style())
		if err != nil {
			return err
		}
		row := newRow()
		for i := range work.Len() {
			if err := rw.Write(row(i)); err != nil {
				return err
			}
		}
		return rw.Flush()
	})
}

// dayText writes days as 2006-01-02, remembering the last: the worklist's
// dates and due dates come sorted within a category, so most are the
// day of the item before.
type dayText struct {
	y    int
	m    time.Month
	d    int
	text string
}

func (dt *dayText) of(t time.Time) string {
	if y, m, d := t.Date(); y != dt.y || m != dt.m || d != dt.d || dt.text == "" {
		dt.y, dt.m, dt.d, dt.text = y, m, d, t.Format("2006-01-02")
	}
	return dt.text
}
