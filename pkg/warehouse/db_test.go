package warehouse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/npskit/nps/internal/testdb"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// row is one row of the test table: a segment column named order (a
// keyword), one named Région, an instant, the score as text, a count and
// a weight; nil is NULL.
type row struct {
	order, region *string
	at            time.Time
	score         *string
	n             *int64
	w             *float64
}

func sp(s string) *string    { return &s }
func ip(n int64) *int64      { return &n }
func fp(w float64) *float64  { return &w }
func utc(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }

var (
	sunday = utc("2024-12-29T23:30:00Z") // Monday 2024-12-30 00:30 in Berlin
	monday = utc("2024-12-30T00:30:00Z")
	later  = utc("2025-01-06T12:00:00Z")
	rows   = []row{
		{sp("A"), sp("it's"), sunday, sp(" 9 "), ip(2), fp(0.5)},
		{sp("A"), sp("it's"), monday, sp("09"), ip(1), fp(1)},
		{sp("B"), sp("x"), later, sp("10.00"), ip(3), fp(2)},
		{sp("B"), sp("x"), later, sp("N/A"), ip(4), fp(1)},
		{sp("B"), sp("x"), later, nil, ip(1), fp(1)},
		{sp("B"), sp("x"), later, sp("abc"), ip(2), fp(1)},
		{sp("B"), sp("x"), later, sp("11"), ip(1), fp(1)},
		{sp("B"), sp("x"), later, sp("7.5"), ip(1), fp(1)},
		{nil, sp("x"), later, sp("7"), nil, fp(1)},        // no count: one invalid response
		{sp("C"), sp("x"), later, sp("8"), ip(-3), fp(1)}, // a negative count: likewise
		{sp("A"), sp("x"), later, sp("9"), ip(1), fp(-1)}, // a negative weight: invalid
		{sp("A"), sp("x"), later, sp("9."), ip(1), fp(1)},
		{sp("A"), sp("x"), later, sp("10 - Extremely likely"), ip(1), fp(1)}, // labelled: invalid in SQL
	}
)

// cases are tally queries of the test table and their results, worked
// out by hand from rows: one line per tally row, columns joined by |,
// lines sorted. The weights of blank and invalid rows are not compared
// (nps never reads them), so those rows list only their counts.
var cases = []struct {
	name string
	q    TallyQuery
	want []string
}{
	{
		name: "weighted counts by week in Berlin",
		q: TallyQuery{Score: "score", Date: "at", Count: "n", Weight: "w", By: []string{"order"},
			Where:    []survey.Condition{{Column: "Région", Value: "nobody's", Negate: true}},
			Location: berlin, Period: period.Week},
		want: []string{
			"|2025-01-06|invalid|1",
			"A|2024-12-30|9|3|2|1.5",
			"A|2025-01-06|9|1|1|1",
			"A|2025-01-06|invalid|2",
			"B|2025-01-06||5",
			"B|2025-01-06|10|3|6|12",
			"B|2025-01-06|11|1|1|1",
			"B|2025-01-06|invalid|3",
			"C|2025-01-06|invalid|1",
		},
	},
	{
		name: "a quoted value, days in UTC",
		q:    TallyQuery{Score: "score", Date: "at", By: []string{"Région"}, Where: []survey.Condition{{Column: "Région", Value: "it's"}}},
		want: []string{"it's|2024-12-29|9|1", "it's|2024-12-30|9|1"},
	},
	{
		name: "since and until in Berlin",
		q:    TallyQuery{Score: "score", Date: "at", Location: berlin, Since: day("2024-12-30"), Until: day("2024-12-30")},
		want: []string{"2024-12-30|9|2"},
	},
	{
		name: "overall, by quarter",
		q:    TallyQuery{Score: "score", Date: "at", Period: period.Quarter, Where: []survey.Condition{{Column: "order", Value: "A"}}},
		want: []string{"2024-10-01|9|2", "2025-01-01|9|2", "2025-01-01|invalid|1"},
	},
}

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return l
}()

func day(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

// checkCases runs every case on db against the table.
func checkCases(t *testing.T, db DB, table string) {
	t.Helper()
	for _, c := range cases {
		q := c.q
		q.Table = table
		sql, err := q.SQL(db.Dialect())
		if err != nil {
			t.Fatal(err)
		}
		got := tallyLines(t, db, sql, q.Weight != "")
		want := slices.Sorted(slices.Values(c.want))
		if !slices.Equal(got, want) {
			t.Errorf("%s: %s:\n%s\ngot:\n%s\nwant:\n%s", db.Dialect(), c.name, sql, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func tallyLines(t *testing.T, db DB, sql string, weighted bool) []string {
	t.Helper()
	rows, err := db.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
	defer rows.Close()
	var lines []string
	for {
		r, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		r = slices.Clone(r)
		if weighted {
			if s := r[len(r)-4]; s == "" || s == survey.TallyInvalid {
				r = r[:len(r)-2]
			}
		}
		lines = append(lines, strings.Join(r, "|"))
	}
	slices.Sort(lines)
	return lines
}

func TestPostgres(t *testing.T) {
	url := testdb.Postgres(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, strings.Replace(url, "nps@", "nps:"+testdb.PostgresPassword+"@", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE "my table" ("order" text, "Région" text, at timestamptz, score text, n bigint, w double precision)`); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if _, err := conn.Exec(ctx, `INSERT INTO "my table" VALUES ($1, $2, $3, $4, $5, $6)`, r.order, r.region, r.at, r.score, r.n, r.w); err != nil {
			t.Fatal(err)
		}
	}
	// The password from PGPASSWORD, as libpq does; never in a message.
	t.Setenv("PGPASSWORD", testdb.PostgresPassword)
	db, err := Open(ctx, url, berlin, os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkCases(t, db, `"my table"`)

	cols, err := Columns(ctx, db, `"my table"`)
	if want := []string{"order", "Région", "at", "score", "n", "w"}; err != nil || !slices.Equal(cols, want) {
		t.Errorf("columns %q, %v; want %q", cols, err, want)
	}
	t.Setenv("PGPASSWORD", "")
	withPassword := strings.Replace(url, "nps@", "nps:wrong-secret@", 1)
	_, err = Open(ctx, withPassword, berlin, os.Getenv)
	if err == nil || strings.Contains(err.Error(), "wrong-secret") || !strings.Contains(err.Error(), "password authentication failed") {
		t.Errorf("wrong password: %v", err)
	}
}

func TestClickHouse(t *testing.T) {
	ch := testdb.ClickHouse(t, 1)[0]
	ch.Exec(t, "CREATE TABLE `my table` (`order` Nullable(String), `Région` String, at DateTime('UTC'), score Nullable(String), n Nullable(Int64), w Nullable(Float64)) ENGINE = Log", nil)
	ch.Exec(t, "INSERT INTO `my table` FORMAT TabSeparated", tsv(rows))
	ctx := context.Background()
	db, err := Open(ctx, ch.URL("default"), berlin, os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkCases(t, db, "`my table`")
	_, err = db.Query(ctx, "SELECT nothing FROM `my table`")
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "nothing") {
		t.Errorf("a bad query: %v", err)
	}
	// Credentials from the URL, else from CLICKHOUSE_USER and
	// CLICKHOUSE_PASSWORD; a wrong one fails without showing it.
	withUser := strings.Replace(ch.URL("default"), "://", "://nps:"+testdb.ClickHousePassword+"@", 1)
	if db, err := Open(ctx, withUser, nil, os.Getenv); err != nil {
		t.Errorf("password in the URL: %v", err)
	} else {
		checkCases(t, db, "`my table`")
	}
	env := map[string]string{"CLICKHOUSE_USER": "nps", "CLICKHOUSE_PASSWORD": testdb.ClickHousePassword}
	if _, err := Open(ctx, ch.URL("default"), nil, func(k string) string { return env[k] }); err != nil {
		t.Errorf("password from the environment: %v", err)
	}
	wrong := strings.Replace(ch.URL("default"), "://", "://nps:wrong-secret@", 1)
	_, err = Open(ctx, wrong, nil, os.Getenv)
	if err == nil || strings.Contains(err.Error(), "wrong-secret") || !strings.Contains(err.Error(), "nps:xxxxx@") {
		t.Errorf("wrong password: %v", err)
	}
}

func TestUnescapeTSV(t *testing.T) {
	for in, want := range map[string]string{
		`plain`: "plain", `\N`: "", `a\tb\nc\\d\'e`: "a\tb\nc\\d'e", `\0x\r\b\f`: "\x00x\r\b\f", `end\`: `end\`,
	} {
		if got := unescapeTSV([]byte(in)); got != want {
			t.Errorf("unescapeTSV(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ url, want string }{
		{"mysql://u:secret@h/db", `--db "mysql://u:xxxxx@h/db": unknown database type "mysql"`},
		{"postgres://u:secret@127.0.0.1:1/db?connect_timeout=2", "--db postgres://u:xxxxx@127.0.0.1:1/db"},
		{"clickhouse://u:secret@127.0.0.1:1/db", "--db clickhouse://u:xxxxx@127.0.0.1:1/db: "},
		{"::nonsense", `--db "::nonsense" is not a database URL`},
	} {
		_, err := Open(ctx, c.url, nil, func(string) string { return "" })
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: %v; want %q", c.url, err, c.want)
		}
	}
}

// tsv writes rows as ClickHouse's TabSeparated input.
func tsv(rows []row) []byte {
	var b strings.Builder
	str := func(s *string) string {
		if s == nil {
			return `\N`
		}
		return strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`).Replace(*s)
	}
	for _, r := range rows {
		n, w := `\N`, `\N`
		if r.n != nil {
			n = fmt.Sprint(*r.n)
		}
		if r.w != nil {
			w = fmt.Sprint(*r.w)
		}
		fmt.Fprintf(&b, "%s\t%s\t%d\t%s\t%s\t%s\n", str(r.order), str(r.region), r.at.Unix(), str(r.score), n, w)
	}
	return []byte(b.String())
}
