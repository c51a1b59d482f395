package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/usererr"
	"github.com/npskit/nps/pkg/warehouse"
)

func newSQLCmd(a *app) *cobra.Command {
	var dialect string
	cmd := &cobra.Command{
		Use:   "sql --dialect D --table T --score-col COL",
		Short: "Print the tally query for a database",
		Long: `Print the SQL query that has a database compute the tally, for duckdb,
postgres, clickhouse, bigquery, snowflake, spark or trino. Its result has
the -f tally shape: the --by columns, date (with --date-col: the day in --tz,
or the first day of each --period), score (empty for blank, invalid),
count, and weight and weight_sq with --weight-col. Save it as CSV and nps
reads it with no flags, with the same results as reading the rows.

--table is used verbatim as the FROM item: a table, a qualified name or a
table function such as DuckDB's read_parquet('x.parquet'). Columns are named
with --score-col (required), --date-col, --count-col and --weight-col;
--where, --since and --until run in the database. How each dialect reads
scores and dates: docs/warehouse.md.`,
		Example: `  nps sql --dialect postgres --table responses --score-col score --by region
  nps sql --dialect bigquery --table proj.ds.responses --score-col nps \
    --date-col submitted_at --period week --tz Europe/Berlin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a.started = true
			d, err := warehouse.ParseDialect(dialect)
			if err != nil {
				return usererr.Usagef("use one of "+strings.Join(warehouse.Dialects(), ", "), "--dialect %q is not a dialect", dialect)
			}
			if strings.TrimSpace(a.table) == "" {
				return usererr.Usagef("name the FROM item with --table T", "sql needs --table")
			}
			if a.scoreCol == "" {
				return usererr.Usagef("name it with --score-col COL", "sql needs the score column")
			}
			opt, err := a.surveyOptions()
			if err != nil {
				return err
			}
			unit, err := a.periodUnit(period.None)
			if err != nil {
				return err
			}
			if a.dateCol == "" && (unit != period.None || !opt.Since.IsZero() || !opt.Until.IsZero()) {
				return usererr.Usagef("name the date column with --date-col COL", "--period, --since and --until need the date column")
			}
			q := warehouse.TallyQuery{
				Table: a.table, Score: a.scoreCol, Date: a.dateCol, Count: a.countCol, Weight: a.weightCol,
				By: a.by, Where: opt.Where, Since: opt.Since, Until: opt.Until, Location: opt.Location, Period: unit,
			}
			sql, err := q.SQL(d)
			if err != nil {
				return usererr.Usagef("", "%v", err)
			}
			return a.emit(func(w io.Writer) error {
				_, err := io.WriteString(w, sql)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&dialect, "dialect", "", "the database's SQL: "+strings.Join(warehouse.Dialects(), ", "))
	cmd.Flags().StringVar(&a.table, "table", "", "the `TABLE` to read, used verbatim as the FROM item")
	return cmd
}
