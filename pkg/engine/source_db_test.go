package engine

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
	"github.com/npskit/nps/pkg/warehouse"
)

// fakeDB is a database whose table has the columns cols and whose tally
// query returns rows (under the header prepareDB asks for); it records the
// queries it was sent. The real servers are tested in pkg/warehouse and
// cmd/nps (db_test.go); this tests what the engine asks and how it reads
// the answer.
type fakeDB struct {
	cols    []string
	rows    [][]string
	queries []string
	closed  bool
}

func (f *fakeDB) Dialect() warehouse.Dialect { return warehouse.Postgres }
func (f *fakeDB) Name() string               { return "fake" }
func (f *fakeDB) Close() error               { f.closed = true; return nil }

func (f *fakeDB) Query(_ context.Context, sql string) (warehouse.Rows, error) {
	f.queries = append(f.queries, sql)
	if strings.HasSuffix(sql, " LIMIT 0") {
		return &fakeRows{header: f.cols}, nil
	}
	return &fakeRows{rows: f.rows}, nil
}

type fakeRows struct {
	header []string
	rows   [][]string
}

func (r *fakeRows) Header() []string { return r.header }
func (r *fakeRows) Close() error     { return nil }

func (r *fakeRows) Next() ([]string, error) {
	if len(r.rows) == 0 {
		return nil, io.EOF
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, nil
}

func TestDatabaseSource(t *testing.T) {
	cols := []string{"response_id", "submitted_at", "Region", "How likely are you to recommend us?"}
	// The tally of region by quarter: counted by hand below.
	db := &fakeDB{cols: cols, rows: [][]string{
		{"EMEA", "2025-01-01", "9", "3"},
		{"EMEA", "2025-01-01", "", "1"},
		{"EMEA", "2025-04-01", "0", "2"},
		{"NA", "2025-04-01", "10", "1"},
		{"NA", "2025-04-01", "invalid", "2"},
	}}
	q := Query{
		Read:      survey.Options{Where: []survey.Condition{{Column: "region", Value: "it's", Negate: true}}},
		Groupings: []Grouping{{By: []string{"region"}, Period: period.Quarter}},
		Database:  &Database{DB: db, Table: "public.responses"},
	}
	res, err := Run(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(db.queries) != 2 {
		t.Fatalf("queries: %q", db.queries)
	}
	sql := db.queries[1]
	for _, want := range []string{
		`"How likely are you to recommend us?"`, // the score column, found by its question
		`"submitted_at"`,                        // the date column, for --period
		`date_trunc('quarter'`,                  // the period's first day travels
		`"Region" AS text)), '') <> 'it''s'`,    // --where by the table's spelling, quoted
		"FROM public.responses",
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("the tally query lacks %s:\n%s", want, sql)
		}
	}
	// By hand: 3 nines, 2 zeros and a ten: n 6; 1 blank, 2 invalid.
	if st := res.Stats; st.Valid != 6 || st.Blank != 1 || st.Invalid != 2 {
		t.Errorf("stats %+v", st)
	}
	var got []string
	for _, g := range res.Groupings[0].Groups() {
		got = append(got, fmt.Sprint(strings.Join(KeyValues(g.Key), "|"), " ", g.Tally.Count))
	}
	want := []string{"EMEA|2025-Q1 [0 0 0 0 0 0 0 0 0 3 0]", "EMEA|2025-Q2 [2 0 0 0 0 0 0 0 0 0 0]", "NA|2025-Q2 [0 0 0 0 0 0 0 0 0 0 1]"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if db.closed {
		t.Error("Run closed a connection the caller opened")
	}
}

func TestDatabaseSourceRefusals(t *testing.T) {
	cols := []string{"at", "score"}
	noDate := []string{"region", "score"}
	for _, c := range []struct {
		name string
		cols []string
		q    Query
		want string
	}{
		{"latest-per", cols, Query{Read: survey.Options{LatestPer: "id"}}, "--latest-per needs every row"},
		{"files", cols, Query{Files: []string{"x.csv"}}, "--db given with FILE arguments"},
		{"period without a date", noDate, Query{Groupings: []Grouping{{Period: period.Month}}}, "no date column found"},
		{"unknown --by", cols, Query{Groupings: []Grouping{{By: []string{"regoin"}}}}, `unknown column "regoin"`},
		{"unknown --where", cols, Query{Read: survey.Options{Where: []survey.Condition{{Column: "x", Value: "1"}}}}, `unknown column "x"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.q.Database = &Database{DB: &fakeDB{cols: c.cols}, Table: "t"}
			_, err := Run(context.Background(), c.q)
			if err == nil || !strings.Contains(err.Error(), c.want) || usererr.KindOf(err) != usererr.Usage {
				t.Errorf("error %v (kind %v), want a usage error with %q", err, usererr.KindOf(err), c.want)
			}
		})
	}
	// A report's pass (dates if any) on a table without a date column
	// asks for no date, and rows from files are refused.
	db := &fakeDB{cols: noDate, rows: [][]string{{"9", "2"}}}
	q := Query{Read: survey.Options{NeedDate: true, DateIfAny: true}, Groupings: []Grouping{{Period: period.Day}},
		Database: &Database{DB: db, Table: "t"}}
	res, err := Run(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Valid != 2 || strings.Contains(db.queries[1], "date") {
		t.Errorf("stats %+v, query:\n%s", res.Stats, db.queries[1])
	}
	if _, err := OpenRows(q); err == nil || !strings.Contains(err.Error(), "a database sends tallies") {
		t.Errorf("OpenRows: %v", err)
	}
}
