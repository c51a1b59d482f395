// Package engine answers a query over survey exports in one pass.
//
// A Query says everything about the pass: the inputs, how to read them
// (survey.Options: roles, formats, scale, time zone, filters), and one or
// more groupings (a grouping set) to fill together. Run opens the inputs,
// resolves the grouping columns, picks one source to read them, and
// returns the tallies of every grouping with the counts and warnings of
// the pass:
//
//   - the parallel fast path (byte-level scanners over chunks) where the
//     inputs allow it: plain CSV/TSV and JSON Lines in UTF-8, with or
//     without --latest-per;
//   - the general reader for everything else (xlsx, JSON, other encodings),
//     and always when Query.General is set.
//
// Both evaluate each row with the same compiled row logic (filters, dates,
// scores, weights) and turn it into group keys in one place
// (breakdown.Set), so their results, warnings and errors are identical;
// differential tests and fuzz targets hold that. Each pulls only tallies
// into memory: memory grows with the number of groups, not rows.
package engine

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/pipeline"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// Grouping is one way to group the responses: by the combination of the
// values of some columns and, optionally, by period.
type Grouping struct {
	By     []string    // segment columns, in key order
	Period period.Unit // period.None for no period
	// MaxGroups, when above 0, gives the grouping up once it has more
	// groups than this: Result.Dropped reports it (drivers try every
	// column and keep those with few distinct values).
	MaxGroups int
}

// KeyNames are the group key's names: the By columns, then "period".
func (g Grouping) KeyNames() []string {
	names := append([]string(nil), g.By...)
	if g.Period != period.None {
		names = append(names, "period")
	}
	return names
}

// Query is one pass over the inputs.
type Query struct {
	Files []string  // paths, "-" for Stdin; none reads Stdin
	Stdin io.Reader // standard input, read only when Files asks for it
	Read  survey.Options
	// Groupings are filled in one pass; none gives the overall tally only.
	// A grouping by period makes the date column required, unless
	// Read.DateIfAny: an input without one then fills such a grouping
	// with the overall tally only (Result.Roles.Date is -1).
	Groupings []Grouping
	// General makes the general reader do the pass even where the fast
	// path could (for comparisons and benchmarks).
	General bool
	// Extras are accumulators of another kind than the tallies (themes'
	// term counts), filled in the same pass by either source.
	Extras []Extra
	// Derive, when set, adds groupings after Groupings once the inputs are
	// open, from their columns and roles (drivers: one per column that has
	// no role). Dates are read only when Groupings has one by period.
	Derive func(columns []string, roles survey.Roles) []Grouping
	// Tally asks for the -f tally shape in place of Groupings[0]: its By
	// columns, by day whenever the inputs have a date column (and the
	// date is required when Groupings[0] has a period), with blank and
	// invalid rows counted per group (breakdown.Group.Blank, Invalid).
	// Result.Groupings holds that one grouping; its Unit is period.Day
	// when it is dated.
	Tally bool
	// Database, when set, has a database compute the tally (source_db.go)
	// instead of reading Files: roles are found from the table's column
	// names as from a file's header, and Read's filters run in the
	// database.
	Database *Database
}

// Extra is an accumulator filled in the pass beside the tallies: it is
// handed every valid response of one grouping with the response's group
// key (breakdown.Accumulator).
type Extra struct {
	// Grouping is the index in Query.Groupings whose keys it sees (0 with
	// no groupings: the overall one).
	Grouping int
	// New makes the accumulator once the inputs are open, from their
	// columns and roles, and says which columns it reads (the fast path
	// scans them). Its error ends the run (an unknown or missing column).
	New func(columns []string, roles survey.Roles) (acc breakdown.Accumulator, cols []int, err error)
}

// Result is what one pass found.
type Result struct {
	// Groupings holds the tallies of Query.Groupings, in order (one
	// overall grouping when the query has none).
	Groupings []*breakdown.Grouper
	// Dropped is, per grouping, whether it had more groups than its
	// MaxGroups and was given up (its Grouper then holds nothing).
	Dropped []bool
	// Extras are the filled accumulators of Query.Extras, in order.
	Extras   []breakdown.Accumulator
	Stats    survey.Stats
	Warnings []string // one line per problem, without a "warning:" prefix
	// Inputs, Columns and Roles are what was detected: each input's
	// format and encoding, the column names, and the column of each role.
	Inputs  []survey.Input
	Columns []string
	Roles   survey.Roles
	// Earliest and Latest are the file, line and date of the earliest and
	// latest dates among the valid scores (nil when no date was read).
	Earliest, Latest *survey.Response
}

// Run reads every input once and tallies the valid scores of every
// grouping. When every row was read but none had a valid score, Run
// returns that error with the Result, so its warnings can still be told.
func Run(ctx context.Context, q Query) (*Result, error) {
	for _, g := range q.Groupings {
		if g.Period != period.None {
			q.Read.NeedDate = true
		}
	}
	p, err := prepare(ctx, q)
	if err != nil {
		return nil, err
	}
	defer p.r.Close()
	if q.Derive != nil {
		more := q.Derive(p.r.Columns(), p.r.Roles())
		for _, g := range more {
			if g.Period != period.None && !q.Read.NeedDate {
				return nil, fmt.Errorf("engine: a derived grouping by period needs a grouping by period in Query.Groupings")
			}
		}
		q.Groupings = append(slices.Clip(q.Groupings), more...)
	}
	specs := make([]breakdown.Spec, len(q.Groupings))
	dated := p.r.Roles().Date >= 0
	for i, g := range q.Groupings {
		if dated { // else Read.DateIfAny let an undated input through: no periods
			specs[i].Unit = g.Period
		}
		specs[i].MaxGroups = g.MaxGroups
		for _, name := range g.By {
			c, err := p.r.Column(name)
			if err != nil {
				return nil, err
			}
			specs[i].Cols = append(specs[i].Cols, c)
		}
	}
	if q.Tally {
		tally := breakdown.Spec{Statuses: true}
		if len(specs) > 0 {
			tally.Cols = specs[0].Cols
		}
		if p.r.Roles().Date >= 0 {
			tally.Unit = period.Day
		}
		specs = []breakdown.Spec{tally}
	}
	if len(specs) == 0 && len(q.Extras) > 0 {
		specs = []breakdown.Spec{{}}
	}
	var extraCols []int
	for _, x := range q.Extras {
		if x.Grouping < 0 || x.Grouping >= len(specs) {
			return nil, fmt.Errorf("engine: extra accumulator of grouping %d, the query has %d", x.Grouping, len(specs))
		}
		if specs[x.Grouping].Acc != nil {
			return nil, fmt.Errorf("engine: two extra accumulators on grouping %d", x.Grouping)
		}
		acc, cols, err := x.New(p.r.Columns(), p.r.Roles())
		if err != nil {
			return nil, err
		}
		specs[x.Grouping].Acc = acc
		extraCols = append(extraCols, cols...)
	}
	set, err := p.source(specs, extraCols).fill(ctx)
	if err != nil {
		return nil, err
	}
	res := p.result()
	res.Groupings = set.Groupers()
	for i := range set.Groupers() {
		res.Dropped = append(res.Dropped, set.Dropped(i))
	}
	for _, x := range q.Extras {
		res.Extras = append(res.Extras, set.Accumulator(x.Grouping))
	}
	if err := p.check(res); err != nil {
		return res, err
	}
	if o := res.Groupings[0].Overall(); o.Weighted {
		return res, checkWeights(&o, q.Read.WeightCol)
	}
	return res, nil
}

// checkWeights is the error for weights no NPS can be computed from: all
// zero, or so large that their sums overflow.
func checkWeights(t *nps.Tally, col string) error {
	var w, w2 float64
	for s := range t.Weight {
		w, w2 = w+t.Weight[s], w2+t.Weight2[s]
	}
	switch {
	case math.IsInf(w, 0) || math.IsInf(w2, 0) || math.IsNaN(w2):
		return usererr.Newf(usererr.Data, "", 0, "scale the weights down (their sum of squares must stay below 1e308)", "the weights in column %q are too large to add up", col)
	case w == 0:
		return usererr.Newf(usererr.Data, "", 0, "check --weight-col", "every weight in column %q is 0: no share can be computed", col)
	}
	return nil
}

// Rows is an open pass that yields responses one at a time, for commands
// that list rows rather than tally them (classify). Its groupings are
// ignored.
type Rows struct{ p *pass }

// OpenRows opens the inputs of q and detects their layout and roles.
// Rows come from files only: a database sends tallies.
func OpenRows(q Query) (*Rows, error) {
	if q.Database != nil {
		return nil, usererr.Usagef("export the rows and read the file", "listing responses needs every row; a database sends tallies")
	}
	p, err := prepare(context.Background(), q)
	if err != nil {
		return nil, err
	}
	return &Rows{p}, nil
}

// Columns are the column names, in the order of Response.Fields.
func (r *Rows) Columns() []string { return r.p.r.Columns() }

// Roles are the column indices of each role, detected or chosen.
func (r *Rows) Roles() survey.Roles { return r.p.r.Roles() }

// Each reads every input once with the general reader and calls fn with
// each response that passes the filters (Valid or Blank), in input order.
// The response and its fields are reused after fn returns. The Result
// carries the warnings even when Each fails.
func (r *Rows) Each(ctx context.Context, fn func(*survey.Response) error) (*Result, error) {
	return r.ended(eachResponse(ctx, r.p.r, fn))
}

// ended is the Result of a pass over the rows that ended with err (nil:
// read to the end), and err, or what the checks at the end find.
func (r *Rows) ended(err error) (*Result, error) {
	res := r.p.result()
	if err != nil {
		return res, err
	}
	return res, r.p.check(res)
}

// LineFunc appends the output line of a response to b, or nothing to
// leave the response out. The response and its fields are reused after it
// returns.
type LineFunc func(b []byte, resp *survey.Response) ([]byte, error)

// RecordFunc appends the output line of a kept response straight from its
// record where it can: rec, the record's bytes without the line end,
// holds every column (Columns) in order, separated by sep. It reports
// false, appending nothing, where the line must be made from the
// response's fields (LineFunc).
type RecordFunc func(b, rec []byte, sep byte, resp *survey.Response) ([]byte, bool)

// WriteLines is Each for callers that turn each response into bytes (an
// output line): it writes to w, in input order, what a LineFunc made by
// newLine appends for each response that passes the filters and keep.
// keep, unless nil, is asked first, with a response whose Fields may hold
// only the columns the row logic reads (score, date, filters, weights):
// every column is filled in only for the responses it keeps. The fast
// path's inputs (CSV/TSV, JSON Lines, JSON arrays; with --latest-per,
// files of CSV/TSV or JSON Lines, a first pass finding the rows kept) are
// read in parallel, its workers each calling their own LineFunc on their
// share of the rows, with a few chunks' lines in memory at most; other
// inputs by the general reader. Either way
// the bytes written, the Result and the error are the same (a failed
// pass may have written part of its lines). newRecord, unless nil, makes
// each fast-path worker's RecordFunc, tried first on the rows keep keeps
// when the input's columns are Columns in order: a row whose line it
// makes is never split into its fields. reset, unless nil, takes back
// the lines written to w (and nothing written before): inputs whose dates
// leave the day/month order undecided after the first rows (ISO dates)
// are then read in parallel too, and w is reset should the pass have to
// be redone in order.
func (r *Rows) WriteLines(ctx context.Context, w io.Writer, reset func() error, keep func(*survey.Response) bool, newLine func() LineFunc, newRecord func() RecordFunc) (*Result, error) {
	var err error
	if rowPlan, all := r.listPlans(); all != nil {
		out := pipeline.Output{
			W: w, All: all, Keep: keep, Reset: reset,
			NewLine: func() pipeline.LineFunc { return pipeline.LineFunc(newLine()) },
		}
		if newRecord != nil {
			out.NewRecord = func() pipeline.RecordFunc { return pipeline.RecordFunc(newRecord()) }
		}
		err = pipeline.List(ctx, pipeline.Config{Plan: rowPlan}, out)
	} else {
		err = writeLines(ctx, r.p.r, w, keep, newLine())
	}
	return r.ended(err)
}

// EachUnordered is Each for callers that take the responses in any order
// (Response.Input and Line tell where each is): the inputs WriteLines
// reads in parallel are read so here, the workers each calling their own
// function made by newFn on their share of the responses; other inputs
// by the general reader, in order. keep is as in WriteLines. start is
// called as a pass starts: a pass may be redone in order, and what the
// functions were given before is then void. The Result and the error
// are the same either way.
func (r *Rows) EachUnordered(ctx context.Context, keep func(*survey.Response) bool, start func(), newFn func() func(*survey.Response) error) (*Result, error) {
	var err error
	if rowPlan, all := r.listPlans(); all != nil {
		err = pipeline.Each(ctx, pipeline.Config{Plan: rowPlan}, pipeline.Visit{All: all, Keep: keep, New: newFn, Start: start})
	} else {
		start()
		fn := newFn()
		err = eachResponse(ctx, r.p.r, func(resp *survey.Response) error {
			if keep != nil && !keep(resp) {
				return nil
			}
			return fn(resp)
		})
	}
	return r.ended(err)
}

// listPlans are the fast path's plans of the columns the row logic reads
// and of every column, or nils when the inputs need the general reader
// (or the query asks for it).
func (r *Rows) listPlans() (rowPlan, all *reader.FastPlan) {
	if r.p.q.General {
		return nil, nil
	}
	cols := make([]int, len(r.Columns()))
	for c := range cols {
		cols[c] = c
	}
	if all, _ = r.p.r.FastPlan(cols); all == nil || !pipeline.CanList(all) {
		return nil, nil
	}
	rowPlan, _ = r.p.r.FastPlan(nil)
	return rowPlan, all
}

// writeLines is WriteLines with the general reader.
func writeLines(ctx context.Context, r *reader.Reader, w io.Writer, keep func(*survey.Response) bool, line LineFunc) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var b []byte
	err := eachResponse(ctx, r, func(resp *survey.Response) error {
		if keep != nil && !keep(resp) {
			return nil
		}
		var err error
		if b, err = line(b[:0], resp); err != nil {
			return err
		}
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// Close releases the open inputs.
func (r *Rows) Close() error { return r.p.r.Close() }

// pass is an opened query.
type pass struct {
	q Query
	r *reader.Reader
}

func prepare(ctx context.Context, q Query) (*pass, error) {
	if q.Database != nil {
		return prepareDB(ctx, q)
	}
	open := reader.Open
	if q.Tally {
		open = reader.OpenTally
	}
	r, err := open(q.Files, q.Stdin, q.Read)
	if err != nil {
		return nil, err
	}
	return &pass{q: q, r: r}, nil
}

func (p *pass) result() *Result {
	res := &Result{Stats: p.r.Stats(), Warnings: p.r.Warnings(), Inputs: p.r.Inputs(), Columns: p.r.Columns(), Roles: p.r.Roles()}
	if first, last, ok := p.r.DateRange(); ok {
		res.Earliest, res.Latest = &first, &last
	}
	return res
}

// FillPeriods is breakdown.FillPeriods over groups of this result, its
// refusal of outlying dates naming the file and line of the earliest (else
// the latest) date when that date is one of them: the line to fix. Outlying
// dates that stretch the range without being refused are a warning, with
// the same location ("" when none).
func (r *Result) FillPeriods(groups []breakdown.Group) (filled []breakdown.Group, warning string, err error) {
	filled, err = breakdown.FillPeriods(groups)
	if err != nil {
		return nil, "", r.located(err)
	}
	return filled, r.outlyingWarning(groups), nil
}

// located is err, a refusal of outlying dates without a file, with the
// file and line of the date to fix when it is one of them.
func (r *Result) located(err error) error {
	var ue *usererr.Error
	var out *breakdown.OutlyingDates
	if errors.As(err, &ue) && errors.As(err, &out) && ue.File == "" {
		ue.File, ue.Line = r.locate(out)
	}
	return err
}

// outlyingWarning is the warning about the outlying dates of groups that
// stretch their range, "" when there are none.
func (r *Result) outlyingWarning(groups []breakdown.Group) string {
	out := breakdown.FindOutlying(groups)
	if out == nil {
		return ""
	}
	file, line := r.locate(out)
	return (&usererr.Error{File: file, Line: line, Msg: out.Error(), Hint: out.Hint()}).Error()
}

// locate returns the file and line of the earliest date, else the latest,
// when it lies in one of the outlying periods ("" otherwise).
func (r *Result) locate(out *breakdown.OutlyingDates) (string, int64) {
	for _, row := range []*survey.Response{r.Earliest, r.Latest} {
		if row != nil && slices.Contains(out.Periods, period.Of(row.Time, out.Periods[0].Unit)) {
			return row.File, row.Line
		}
	}
	return "", 0
}

// check is the error for input without a single usable score.
func (p *pass) check(res *Result) error {
	st := res.Stats
	if st.Valid > 0 {
		return nil
	}
	file := ""
	if p.q.Database != nil {
		file = p.q.Database.Table
	} else if len(p.q.Files) == 1 {
		file = p.q.Files[0]
	} else if len(p.q.Files) == 0 {
		file = "-"
	}
	what := fmt.Sprintf("no valid score in %d rows (%d blank, %d invalid", st.Rows, st.Blank, st.Invalid)
	if st.Filtered > 0 {
		what += fmt.Sprintf(", %d filtered out", st.Filtered)
	}
	if st.BadDates > 0 {
		what += fmt.Sprintf(", %d without a readable date", st.BadDates)
	}
	what += ")"
	if dc := p.r.Roles().Date; st.BadDates > 0 && st.BadDates >= st.Rows-st.Filtered-st.Blank-st.Invalid && dc >= 0 {
		// Every row that had a score to count was left out for its date:
		// the date column is the cause, not the scores.
		return usererr.Newf(usererr.Data, file, 0,
			"set --date-format to its layout (a Go layout such as 200601 or 02/01/2006 15:04), or choose another column with --date-col",
			"%s: none of the %d dates in column %q could be read", what, st.BadDates, p.r.Columns()[dc])
	}
	return usererr.Newf(usererr.Data, file, 0, "check --score-col and the filters", "%s", what)
}
