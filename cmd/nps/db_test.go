package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/npskit/nps/internal/testdb"
)

// generatedExport is an npsgen export (dates across two year ends, four
// regions, three plans and channels, blank scores) with rows appended
// whose scores the CLI and SQL read alike (spaces, leading zeros, zero
// fractions, markers, invalid values) and a weight column w (quarters,
// whose sums are exact in any order). It returns the file's path.
func generatedExport(t *testing.T, rows int) string {
	t.Helper()
	dir := t.TempDir()
	gen := filepath.Join(dir, "npsgen")
	if out, err := exec.Command("go", "build", "-o", gen, "../npsgen").CombinedOutput(); err != nil {
		t.Fatalf("building npsgen: %v\n%s", err, out)
	}
	out, err := exec.Command(gen, "-rows", fmt.Sprint(rows), "-seed", "5", "-start", "2023-12-20", "-days", "420").Output()
	if err != nil {
		t.Fatal(err)
	}
	var extra strings.Builder
	for i, s := range []string{" 9 ", "09", "10.0", "7.", "N/A", "na", "NULL", "abc", "11", "-1", "7.5", "  "} {
		fmt.Fprintf(&extra, "X%d,2024-12-31T23:%02d:00Z,x@example.com,EMEA,Pro,web,%q,\n", i, i, s)
	}
	recs, err := csv.NewReader(bytes.NewReader(append(out, extra.String()...))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		w := "w"
		if i > 0 {
			w = fmt.Sprint(float64(i%9) / 4)
		}
		recs[i] = append(recs[i], w)
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	if err := cw.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "export.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// dbQueries are the runs compared between the file and the databases:
// every --period (ISO weeks and quarters across year ends), time zones
// with a DST change (and one with a half-hour offset), --by, --where,
// --since and --until, and each tallying command.
var dbQueries = [][]string{
	{"score", "--by", "region"},
	{"score", "--by", "region,plan", "--period", "quarter", "--tz", "America/New_York"},
	{"score", "--period", "week", "--tz", "America/New_York"},
	{"score", "--period", "day", "--tz", "Europe/Berlin", "--since", "2024-03-25", "--until", "2024-04-05"},
	{"score", "--period", "year", "--by", "channel"},
	{"score", "--period", "month", "--where", "plan=Pro", "--where", "region!=EMEA"},
	{"trend", "--period", "month", "--by", "channel"},
	{"trend", "--period", "week", "--tz", "Australia/Sydney", "--rolling", "4"},
	{"compare", "--period", "quarter", "--tz", "Europe/Berlin"},
	{"compare", "--by", "region", "--a", "EMEA", "--b", "NA"},
	{"dist", "--where", "channel=web", "--since", "2024-10-01", "--until", "2025-01-31", "--tz", "Asia/Kolkata"},
	{"score", "--weight-col", "w", "--by", "plan", "--period", "month"},
	{"dist", "--weight-col", "w"},
	{"drivers", "--by", "region,plan,channel", "--period", "quarter", "--tz", "Europe/Berlin"},
	{"drivers", "--by", "channel", "--weight-col", "w", "--where", "region!=NA"},
}

// sameAsFile runs every query on the file and on the database and wants
// byte-identical JSON, and the same tally.
func sameAsFile(t *testing.T, file string, db ...string) {
	t.Helper()
	for _, q := range dbQueries {
		want := stdoutOf(t, append(append([]string{q[0], file}, q[1:]...), "-f", "json")...)
		got := stdoutOf(t, append(append(append([]string{q[0]}, db...), q[1:]...), "-f", "json")...)
		if got != want {
			t.Errorf("%v: --db differs from the file:\n%s\nfile:\n%s", q, got, want)
		}
	}
	// The report: every section but the notes on the inputs, which name
	// the file or the table (their counts and dates must agree too), and
	// the themes and follow-up, which need comments and respondents: a
	// tally has neither, and the database's report has no such sections.
	for _, tz := range []string{"UTC", "America/New_York"} {
		q := []string{"report", "--tz", tz, "--by", "region,plan", "--as-of", "2025-03-01", "-f", "json"}
		want, _ := reportSections(t, stdoutOf(t, append(q, file)...))
		got, rowSections := reportSections(t, stdoutOf(t, append(q, db...)...))
		if got != want {
			t.Errorf("%v: --db differs from the file:\n%s\nfile:\n%s", q, got, want)
		}
		if rowSections != "null null" {
			t.Errorf("%v: --db gives themes and follow-up %s", q, rowSections)
		}
	}
	q := []string{"score", "--by", "plan", "--tz", "Europe/Berlin", "-f", "tally"}
	if got, want := stdoutOf(t, append(q, db...)...), stdoutOf(t, append(q, file)...); got != want {
		t.Errorf("%v: --db differs from the file:\n%s\nfile:\n%s", q, got, want)
	}
}

// reportSections is a report's JSON without what names its inputs and
// without its themes and follow-up, which come back apart.
func reportSections(t *testing.T, doc string) (sections, themesFollowup string) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatal(err)
	}
	themesFollowup = fmt.Sprint(jsonOf(t, m["themes"]), " ", jsonOf(t, m["followup"]))
	delete(m, "themes")
	delete(m, "followup")
	notes, _ := m["notes"].(map[string]any)
	delete(notes, "files")
	delete(notes, "score_column")
	delete(notes, "date_column")
	delete(notes, "id_column")      // a tally has no respondent id
	delete(notes, "comment_column") // nor comments
	delete(notes, "rows")           // the file's rows; the database sends tally rows
	delete(notes, "warnings")       // name the file or table, and lines of each
	return jsonOf(t, m), themesFollowup
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	out, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestDBPostgres(t *testing.T) {
	url := testdb.Postgres(t)
	file := generatedExport(t, 20000)
	ctx := context.Background()
	t.Setenv("PGPASSWORD", testdb.PostgresPassword)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE responses (response_id text, submitted_at timestamptz, email text,
		region text, plan text, channel text, score text, comment text, w double precision)`); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.PgConn().CopyFrom(ctx, bytes.NewReader(data), "COPY responses FROM STDIN (FORMAT csv, HEADER true)"); err != nil {
		t.Fatal(err)
	}
	sameAsFile(t, file, "--db", url, "--table", "responses")

	// Usage: --table is needed, FILEs and --db do not mix, compare needs
	// periods or segments.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"score", "--db", url}, "--db needs --table"},
		{[]string{"score", file, "--db", url, "--table", "responses"}, "--db given with FILE arguments"},
		{[]string{"compare", "--db", url, "--table", "responses"}, "compare with --db needs --period or --by"},
		{[]string{"score", "--db", url, "--table", "responses", "--by", "regoin"}, `unknown column "regoin"`},
		{[]string{"classify", "--db", url}, "classify has no --db flag"},
		{[]string{"drivers", "--db", url, "--table", "responses"}, "drivers with --db needs --by"},
		{[]string{"score", "--table", "responses", file}, "--table goes with --db"},
	} {
		if code, stderr := runWith(t, streams{}, c.args...); code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: status %d, %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
	// A wrong password fails in one line that does not show it.
	t.Setenv("PGPASSWORD", "")
	bad := strings.Replace(url, "nps@", "nps:wrong-secret@", 1)
	code, stderr := runWith(t, streams{}, "score", "--db", bad, "--table", "responses")
	if code != 1 || strings.Contains(stderr, "wrong-secret") || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "nps: --db postgres://nps:xxxxx@") {
		t.Errorf("wrong password: status %d, %q", code, stderr)
	}
}

// TestDBClickHouseCluster: two ClickHouse servers hold a random half of
// the rows each; a Distributed table over them is queried through one.
func TestDBClickHouseCluster(t *testing.T) {
	shards := testdb.ClickHouse(t, 2)
	file := generatedExport(t, 20000)
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	const local = "CREATE TABLE responses_local (submitted_at DateTime('UTC'), region String, plan String, channel String, score Nullable(String), w Float64) ENGINE = Log"
	parts := make([]strings.Builder, len(shards))
	r := rand.New(rand.NewPCG(3, 4))
	for _, rec := range recs[1:] {
		at, err := time.Parse(time.RFC3339, rec[1])
		if err != nil {
			t.Fatal(err)
		}
		score := rec[6]
		if score == "" {
			score = `\N`
		}
		fmt.Fprintf(&parts[r.IntN(len(parts))], "%d\t%s\t%s\t%s\t%s\t%s\n", at.Unix(), rec[3], rec[4], rec[5], score, rec[8])
	}
	for i, s := range shards {
		s.Exec(t, local, nil)
		s.Exec(t, "INSERT INTO responses_local FORMAT TabSeparated", []byte(parts[i].String()))
	}
	shards[0].Exec(t, fmt.Sprintf("CREATE TABLE responses AS responses_local ENGINE = Distributed(%s, default, responses_local)", testdb.ClickHouseCluster), nil)
	sameAsFile(t, file, "--db", shards[0].URL("default"), "--table", "responses")
}
