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
	"context"
	"fmt"
	"io"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// Grouping is one way to group the responses: by the combination of the
// values of some columns and, optionally, by period.
type Grouping struct {
	By     []string    // segment columns, in key order
	Period period.Unit // period.None for no period
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
	// A grouping by period makes the date column required.
	Groupings []Grouping
	// General makes the general reader do the pass even where the fast
	// path could (for comparisons and benchmarks).
	General bool
}

// Result is what one pass found.
type Result struct {
	// Groupings holds the tallies of Query.Groupings, in order (one
	// overall grouping when the query has none).
	Groupings []*breakdown.Grouper
	Stats     survey.Stats
	Warnings  []string // one line per problem, without a "warning:" prefix
}

// Run reads every input once and tallies the valid scores of every
// grouping. When every row was read but none had a valid score, Run
// returns that error with the Result, so its warnings can still be told.
func Run(ctx context.Context, q Query) (*Result, error) {
	specs := make([]breakdown.Spec, len(q.Groupings))
	for _, g := range q.Groupings {
		if g.Period != period.None {
			q.Read.NeedDate = true
		}
	}
	p, err := prepare(q)
	if err != nil {
		return nil, err
	}
	defer p.r.Close()
	for i, g := range q.Groupings {
		specs[i].Unit = g.Period
		for _, name := range g.By {
			c, err := p.r.Column(name)
			if err != nil {
				return nil, err
			}
			specs[i].Cols = append(specs[i].Cols, c)
		}
	}
	set, err := p.source(specs).fill(ctx)
	if err != nil {
		return nil, err
	}
	res := p.result()
	res.Groupings = set.Groupers()
	return res, p.check(res)
}

// Rows is an open pass that yields responses one at a time, for commands
// that list rows rather than tally them (classify). Its groupings are
// ignored.
type Rows struct{ p *pass }

// OpenRows opens the inputs of q and detects their layout and roles.
func OpenRows(q Query) (*Rows, error) {
	p, err := prepare(q)
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
	err := eachResponse(ctx, r.p.r, fn)
	res := r.p.result()
	if err != nil {
		return res, err
	}
	return res, r.p.check(res)
}

// Close releases the open inputs.
func (r *Rows) Close() error { return r.p.r.Close() }

// pass is an opened query.
type pass struct {
	q Query
	r *reader.Reader
}

func prepare(q Query) (*pass, error) {
	r, err := reader.Open(q.Files, q.Stdin, q.Read)
	if err != nil {
		return nil, err
	}
	return &pass{q: q, r: r}, nil
}

func (p *pass) result() *Result {
	return &Result{Stats: p.r.Stats(), Warnings: p.r.Warnings()}
}

// check is the error for input without a single usable score.
func (p *pass) check(res *Result) error {
	st := res.Stats
	if st.Valid > 0 {
		return nil
	}
	file := ""
	if len(p.q.Files) == 1 {
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
	return usererr.Newf(usererr.Data, file, 0, "check --score-col and the filters", "%s", what)
}
