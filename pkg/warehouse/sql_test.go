package warehouse

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

var update = flag.Bool("update", false, "rewrite the golden queries in testdata/")

// golden is a query that uses every part of the SQL: quoted names (a
// keyword, an accent, a quote), a value that tries to end its literal,
// counts, weights, a time zone, both date bounds and ISO weeks.
var golden = TallyQuery{
	Table: "analytics.responses", Score: "score", Date: "submitted_at", Count: "n", Weight: "w",
	By: []string{"order", "Région", `we"ird`},
	Where: []survey.Condition{
		{Column: "plan", Value: `x' OR 1=1 --\`},
		{Column: "channel", Value: "web", Negate: true},
	},
	Since: time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC),
	Location: berlin, Period: period.Week,
}

// TestGolden compares each dialect's query with testdata/DIALECT.sql,
// reviewed by hand against the dialect's documentation (see
// docs/warehouse.md); go test -update rewrites them for review.
func TestGolden(t *testing.T) {
	for _, name := range Dialects() {
		d, err := ParseDialect(name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := golden.SQL(d)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", name+".sql")
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s: the query changed; review it and run go test -update:\n%s", name, got)
		}
	}
}

func TestSQLErrors(t *testing.T) {
	for _, c := range []struct {
		q    TallyQuery
		want string
	}{
		{TallyQuery{Score: "s"}, "no table"},
		{TallyQuery{Table: "t"}, "no score column"},
		{TallyQuery{Table: "t", Score: "s", Period: period.Month}, "no date column"},
		{TallyQuery{Table: "t", Score: "s", Since: time.Now()}, "no date column"},
	} {
		if _, err := c.q.SQL(Postgres); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.q, err, c.want)
		}
	}
	if _, err := ParseDialect("mysql"); err == nil || !strings.Contains(err.Error(), "duckdb, postgres, clickhouse") {
		t.Errorf("unknown dialect: %v", err)
	}
}

func TestOneLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ERROR:  relation \"t\"\n  does not exist", `ERROR: relation "t"; does not exist`},
		{"a: refused\na: refused", "a: refused"},
		{"a: refused\n\nb:  timeout\na: refused\n", "a: refused; b: timeout"},
		{"", ""},
	} {
		if got := oneLine(c.in); got != c.want {
			t.Errorf("oneLine(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
