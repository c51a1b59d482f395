package engine

import (
	"context"
	"os"
	"slices"

	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
	"github.com/npskit/nps/pkg/warehouse"
)

// Database is where a Query's rows live when a database computes their
// tally (--db URL --table T) instead of nps reading files.
type Database struct {
	// URL is postgres://USER@HOST:PORT/DB or clickhouse://HOST[:PORT]/DB
	// (warehouse.Open); Run connects and disconnects. Unused when DB is set.
	URL string
	// DB, when set, is a connection the caller opened and closes.
	DB warehouse.DB
	// Table is the FROM item, used verbatim: a table, a qualified name, a
	// view or a table function.
	Table string
	// Getenv reads credentials (PGPASSWORD, CLICKHOUSE_PASSWORD, ...);
	// nil is os.Getenv.
	Getenv func(string) string
}

// dbSource is a database computing the tally (--db): prepareDB wrote the
// tally query from the table's columns, the roles, the filters and the
// groupings; the general reader reads the tally rows the database streams
// back, which have the -f tally shape, with the same row evaluator as a
// tally file. Only tally rows travel.
type dbSource struct{ generalSource }

// prepareDB opens the pass of a query on a database: it reads the table's
// column names, finds the roles as for a file's header, writes the tally
// query and opens a reader over its rows.
func prepareDB(ctx context.Context, q Query) (_ *pass, err error) {
	d := q.Database
	if q.Read.LatestPer != "" {
		return nil, usererr.Usagef("drop --latest-per, or export the rows and read the file", "--latest-per needs every row; a database sends tallies")
	}
	if len(q.Files) > 0 {
		return nil, usererr.Usagef("read FILEs or --db, not both", "--db given with FILE arguments")
	}
	db := d.DB
	if db == nil {
		getenv := d.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		if db, err = warehouse.Open(ctx, d.URL, q.Read.Location, getenv); err != nil {
			return nil, err
		}
		defer func() {
			if err != nil {
				db.Close()
			}
		}()
	}
	cols, err := warehouse.Columns(ctx, db, d.Table)
	if err != nil {
		return nil, err
	}
	roles, err := reader.DetectRoles(cols, q.Read, false)
	if err != nil {
		return nil, err
	}
	// Dates travel as days, or as the first day of the period when the
	// groupings use one unit.
	dated := q.Read.NeedDate || !q.Read.Since.IsZero() || !q.Read.Until.IsZero()
	if dated && roles.Date < 0 && (!q.Read.DateIfAny || !q.Read.Since.IsZero() || !q.Read.Until.IsZero()) {
		_, err := reader.DetectRoles(cols, q.Read, true)
		return nil, err
	}
	dated = dated && roles.Date >= 0
	groupings := q.Groupings
	if q.Derive != nil {
		groupings = append(slices.Clip(groupings), q.Derive(cols, roles)...)
	}
	var units []period.Unit
	for _, g := range groupings {
		if g.Period != period.None && !slices.Contains(units, g.Period) {
			units = append(units, g.Period)
		}
	}
	tq := warehouse.TallyQuery{
		Table: d.Table, Score: cols[roles.Score],
		Since: q.Read.Since, Until: q.Read.Until, Location: q.Read.Location,
	}
	if roles.Count >= 0 {
		tq.Count = cols[roles.Count]
	}
	if roles.Weight >= 0 {
		tq.Weight = cols[roles.Weight]
	}
	for _, c := range q.Read.Where {
		i, err := reader.ColumnIndex(cols, c.Column, "--where")
		if err != nil {
			return nil, err
		}
		c.Column = cols[i]
		tq.Where = append(tq.Where, c)
	}
	for _, g := range groupings {
		for _, name := range g.By {
			i, err := reader.ColumnIndex(cols, name, "--by")
			if err != nil {
				return nil, err
			}
			if !slices.Contains(tq.By, cols[i]) {
				tq.By = append(tq.By, cols[i])
			}
		}
	}
	if dated || q.Tally && roles.Date >= 0 {
		tq.Date, tq.Period = cols[roles.Date], period.Day
		if len(units) == 1 && !q.Tally {
			tq.Period = units[0]
		}
	}
	sql, err := tq.SQL(db.Dialect())
	if err != nil {
		return nil, usererr.Usagef("", "%v", err)
	}
	// The tally rows are read as a tally file is: filters and roles are
	// already applied, the shape says the rest.
	opt := survey.Options{Location: q.Read.Location, NeedDate: dated, Strict: q.Read.Strict, Scale: q.Read.Scale}
	rows := &tallyRows{db: db, ctx: ctx, sql: sql, header: tallyHeader(&tq)}
	if d.DB == nil {
		rows.close = db.Close
	}
	r, err := reader.OpenRecords(d.Table, rows, opt, q.Tally)
	if err != nil {
		return nil, err
	}
	return &pass{q: q, r: r}, nil
}

// tallyHeader is the header of the result of tq.
func tallyHeader(tq *warehouse.TallyQuery) []string {
	h := slices.Clone(tq.By)
	if tq.Date != "" {
		h = append(h, survey.TallyDate)
	}
	h = append(h, survey.TallyScore, survey.TallyCount)
	if tq.Weight != "" {
		h = append(h, survey.TallyWeight, survey.TallyWeightSq)
	}
	return h
}

// tallyRows are the rows of the tally query, run on the first Next.
type tallyRows struct {
	db     warehouse.DB
	ctx    context.Context
	sql    string
	header []string
	rows   warehouse.Rows
	close  func() error // disconnects a database Run connected to, or nil
}

func (t *tallyRows) Header() []string { return t.header }

func (t *tallyRows) Next() ([]string, error) {
	if t.rows == nil {
		rows, err := t.db.Query(t.ctx, t.sql)
		if err != nil {
			return nil, err
		}
		t.rows = rows
	}
	return t.rows.Next()
}

func (t *tallyRows) Close() error {
	var err error
	if t.rows != nil {
		err = t.rows.Close()
	}
	if t.close != nil {
		if e := t.close(); err == nil {
			err = e
		}
	}
	return err
}
