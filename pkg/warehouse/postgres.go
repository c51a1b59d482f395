package warehouse

import (
	"context"
	"errors"
	"io"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/npskit/nps/pkg/usererr"
)

// postgres is a PostgreSQL connection through pgx. Queries use the simple
// protocol, so every value arrives as PostgreSQL's own text: dates as
// YYYY-MM-DD (DateStyle ISO), floats in their shortest exact form.
type postgres struct {
	conn *pgx.Conn
	name string
}

func openPostgres(ctx context.Context, rawURL string, u *url.URL, loc *time.Location) (DB, error) {
	name := u.Redacted()
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, usererr.Usagef("write it as postgres://USER@HOST:PORT/DB", "--db %s: %s", name, oneLine(pgErr(err)))
	}
	cfg.RuntimeParams["timezone"] = loc.String()
	cfg.RuntimeParams["datestyle"] = "ISO, YMD"
	cfg.RuntimeParams["application_name"] = "nps"
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, usererr.Newf(usererr.Data, "", 0, "check --db, the server and the credentials (PGPASSWORD, ~/.pgpass)",
			"--db %s: %s", name, oneLine(pgErr(err)))
	}
	return &postgres{conn: conn, name: name}, nil
}

// pgErr is the message of a pgx error without the connection details
// pgconn puts in front (they never hold the password, but say nothing the
// user needs).
func pgErr(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Severity + ": " + pe.Message + " (SQLSTATE " + pe.Code + ")"
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && errors.Unwrap(ce) != nil {
		return errors.Unwrap(ce).Error()
	}
	return err.Error()
}

func (p *postgres) Dialect() Dialect { return Postgres }
func (p *postgres) Name() string     { return p.name }

func (p *postgres) Close() error { return p.conn.Close(context.Background()) }

func (p *postgres) Query(ctx context.Context, sql string) (Rows, error) {
	rows, err := p.conn.Query(ctx, sql)
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		if rows != nil {
			rows.Close()
		}
		return nil, p.queryErr(err)
	}
	var header []string
	for _, f := range rows.FieldDescriptions() {
		header = append(header, f.Name)
	}
	return &pgRows{p: p, rows: rows, header: header, row: make([]string, len(header))}, nil
}

func (p *postgres) queryErr(err error) error {
	return usererr.Newf(usererr.Data, "", 0, "check --table and the column types (see docs/warehouse.md)", "--db %s: %s", p.name, oneLine(pgErr(err)))
}

type pgRows struct {
	p      *postgres
	rows   pgx.Rows
	header []string
	row    []string
}

func (r *pgRows) Header() []string { return r.header }

func (r *pgRows) Next() ([]string, error) {
	if !r.rows.Next() {
		r.rows.Close()
		if err := r.rows.Err(); err != nil {
			return nil, r.p.queryErr(err)
		}
		return nil, io.EOF
	}
	for i, v := range r.rows.RawValues() {
		r.row[i] = string(v) // NULL is nil: ""
	}
	return r.row, nil
}

func (r *pgRows) Close() error {
	r.rows.Close()
	return nil
}
