package warehouse

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/npskit/nps/pkg/usererr"
)

// DB is a database connection that runs tally queries.
type DB interface {
	// Dialect is the SQL the database speaks.
	Dialect() Dialect
	// Query runs a query and streams its rows back as text (NULL as the
	// empty string).
	Query(ctx context.Context, sql string) (Rows, error)
	// Name says which database this is in messages: its URL without
	// the password.
	Name() string
	Close() error
}

// Columns lists the names of the columns of the FROM item table, in
// order.
func Columns(ctx context.Context, db DB, table string) ([]string, error) {
	rows, err := db.Query(ctx, "SELECT * FROM "+table+" LIMIT 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Header(), nil
}

// Rows are the rows of a query, each a row of text values in the order
// of Header. Next returns io.EOF after the last row.
type Rows interface {
	Header() []string
	Next() ([]string, error)
	Close() error
}

// Open connects to the database at rawURL:
//
//   - postgres://USER@HOST:PORT/DB (or postgresql://), through pgx; what the
//     URL leaves out comes from the usual PG* environment variables
//     (PGPASSWORD, PGHOST, PGUSER, ...) and ~/.pgpass;
//   - clickhouse://HOST[:PORT]/DB over ClickHouse's HTTP interface (port
//     8123 unless given; clickhouses:// for HTTPS), user and password
//     from the URL or CLICKHOUSE_USER and CLICKHOUSE_PASSWORD.
//
// loc is --tz: the session time zone where the database has one, so that
// a date column without a zone is read as wall-clock time there, as nps
// reads such dates in files. getenv reads the environment.
func Open(ctx context.Context, rawURL string, loc *time.Location, getenv func(string) string) (DB, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" && u.Opaque != "" {
		return nil, usererr.Usagef("write it as postgres://USER@HOST:PORT/DB or clickhouse://HOST:PORT/DB", "--db %q is not a database URL", redact(rawURL))
	}
	if loc == nil {
		loc = time.UTC
	}
	switch strings.ToLower(u.Scheme) {
	case "postgres", "postgresql":
		return openPostgres(ctx, rawURL, u, loc)
	case "clickhouse", "clickhouses":
		return openClickHouse(ctx, u, getenv)
	}
	return nil, usererr.Usagef("use a postgres:// or clickhouse:// URL; for other databases print the query with nps sql", "--db %q: unknown database type %q", redact(rawURL), u.Scheme)
}

// redact is a URL as it may be printed: without its password.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		if i := strings.LastIndexByte(rawURL, '@'); i >= 0 {
			return "…" + rawURL[i:] // unparseable: keep only what follows the credentials
		}
		return rawURL
	}
	return u.Redacted()
}

// oneLine joins a multi-line database message into one line; a line said
// again (pgx reports each connection attempt, and they often fail alike)
// is said once.
func oneLine(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" && !slices.Contains(lines, l) {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "; ")
}
