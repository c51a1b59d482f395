package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/usererr"
	"github.com/npskit/nps/pkg/warehouse"
)

// addDBFlags gives a tallying command --db and --table: the database
// computes the tally, and only tally rows travel.
func (a *app) addDBFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&a.db, "db", "", "read from a database instead of FILEs: postgres://USER@HOST:PORT/DB or clickhouse://HOST[:PORT]/DB (password from the URL or PGPASSWORD, CLICKHOUSE_PASSWORD)")
	f.StringVar(&a.table, "table", "", "with --db: the `TABLE` to read, used verbatim as the FROM item (a qualified name, a view, a table function)")
}

// checkDB checks --db and --table against the FILE arguments.
func (a *app) checkDB(files []string) error {
	switch {
	case a.db == "" && a.table != "":
		return usererr.Usagef("give --db URL with it, or drop it", "--table goes with --db")
	case a.db == "":
		return nil
	case len(files) > 0:
		return usererr.Usagef("read FILEs or --db, not both", "--db given with FILE arguments")
	case a.table == "":
		return usererr.Usagef("name the table with --table T", "--db needs --table")
	}
	return nil
}

// openDB connects q to --db when it is given; close releases it.
func (a *app) openDB(ctx context.Context, q *engine.Query) (close func(), err error) {
	if a.db == "" {
		return func() {}, nil
	}
	db, err := warehouse.Open(ctx, a.db, q.Read.Location, a.getenv)
	if err != nil {
		return nil, err
	}
	q.DB, q.Table = db, a.table
	return func() { db.Close() }, nil
}
