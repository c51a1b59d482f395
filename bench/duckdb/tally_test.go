package main

// The duckdb dialect of `nps sql`, run by DuckDB itself: the tally query's
// result, saved as CSV, must give nps the same tallies as the rows it was
// computed from. In this module because DuckDB needs cgo and must never
// enter the nps binary:
//
//	cd bench/duckdb && go test .

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/warehouse"
)

// export writes random responses: instants across a year end and DST
// changes, scores in the spellings the CLI and SQL both read, blank and
// invalid ones, and weights in quarters (exact sums in any order).
func export(t *testing.T, rows int) string {
	r := rand.New(rand.NewPCG(1, 2))
	scores := []string{"0", "3", "6", "7", "8", "9", "10", " 9 ", "09", "10.0", "7.", "", "N/A", "na", "abc", "11", "7.5"}
	regions := []string{"EMEA", "NA", "it's", ""}
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"submitted_at", "region", "plan", "score", "w"})
	for range rows {
		at := start.Add(time.Duration(r.IntN(400*86400)) * time.Second)
		w.Write([]string{at.Format(time.RFC3339), regions[r.IntN(len(regions))], []string{"Free", "Pro"}[r.IntN(2)],
			scores[r.IntN(len(scores))], strconv.FormatFloat(float64(r.IntN(9))/4, 'g', -1, 64)})
	}
	w.Flush()
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDuckDBTally(t *testing.T) {
	path := export(t, 20000)
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: one in-memory database
	load := fmt.Sprintf(`CREATE TABLE responses AS SELECT * FROM read_csv('%s', header = true,
		columns = {'submitted_at': 'TIMESTAMPTZ', 'region': 'VARCHAR', 'plan': 'VARCHAR', 'score': 'VARCHAR', 'w': 'DOUBLE'})`, path)
	if _, err := db.Exec(load); err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, c := range []struct {
		read engine.Grouping
		opt  survey.Options
	}{
		{engine.Grouping{By: []string{"region"}}, survey.Options{}},
		{engine.Grouping{By: []string{"region", "plan"}, Period: period.Week}, survey.Options{Location: ny}},
		{engine.Grouping{Period: period.Quarter}, survey.Options{Location: berlin, WeightCol: "w"}},
		{engine.Grouping{Period: period.Day}, survey.Options{Location: berlin,
			Since: day("2024-03-28"), Until: day("2024-04-02")}},
		{engine.Grouping{By: []string{"plan"}, Period: period.Month}, survey.Options{
			Where: []survey.Condition{{Column: "region", Value: "it's"}, {Column: "plan", Value: "Free", Negate: true}}}},
	} {
		name := fmt.Sprintf("%+v %+v", c.read, c.opt)
		tq := warehouse.TallyQuery{Table: "responses", Score: "score", Date: "submitted_at", By: c.read.By, Where: c.opt.Where,
			Since: c.opt.Since, Until: c.opt.Until, Location: c.opt.Location, Period: c.read.Period, Weight: c.opt.WeightCol}
		query, err := tq.SQL(warehouse.DuckDB)
		if err != nil {
			t.Fatal(err)
		}
		tally := filepath.Join(t.TempDir(), "tally.csv")
		saveCSV(t, db, query, tally)

		want := run(t, engine.Query{Files: []string{path}, Read: c.opt, Groupings: []engine.Grouping{c.read}})
		got := run(t, engine.Query{Files: []string{tally}, Read: survey.Options{Location: c.opt.Location},
			Groupings: []engine.Grouping{c.read}})
		if got != want {
			t.Errorf("%s:\n%s\nDuckDB's tally gives:\n%s\nthe rows give:\n%s", name, query, got, want)
		}
	}
}

func day(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }

// run is a pass's tallies and counts as text.
func run(t *testing.T, q engine.Query) string {
	t.Helper()
	res, err := engine.Run(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	g := res.Groupings[0]
	var b strings.Builder
	o := g.Overall()
	fmt.Fprintf(&b, "valid %d blank %d invalid %d\noverall %v\n", res.Stats.Valid, res.Stats.Blank, res.Stats.Invalid, o)
	for _, grp := range g.Groups() {
		fmt.Fprintf(&b, "%s %v\n", strings.Join(engine.KeyValues(grp.Key), "|"), grp.Tally)
	}
	return b.String()
}

// saveCSV runs query and writes its result as CSV, NULL as empty, as a
// user would save it.
func saveCSV(t *testing.T, db *sql.DB, query, path string) {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write(cols)
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rec := make([]string, len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				rec[i] = ""
			case time.Time:
				rec[i] = v.Format("2006-01-02")
			case float64:
				rec[i] = strconv.FormatFloat(v, 'g', -1, 64)
			case *big.Int:
				rec[i] = v.String()
			default:
				rec[i] = fmt.Sprint(v)
			}
		}
		w.Write(rec)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cols[len(cols)-2:], []string{"score", "count"}) && cols[len(cols)-1] != "weight_sq" {
		t.Fatalf("not the tally shape: %q", cols)
	}
}
