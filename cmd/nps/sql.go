package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
	"github.com/npskit/nps/pkg/warehouse"
)

type sqlOptions struct {
	base
	dialect *warehouse.Dialect // nil: not given
	filter  filterFlags
	group   groupFlags
}

func newSQLCmd(a *app, runF func(*sqlOptions) error) *cobra.Command {
	o := &sqlOptions{base: base{app: a}}
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
	}
	cmd.RunE = runE(&o.base, o, runF, runSQL)
	addGroup(cmd, headingOwn, func(f *pflag.FlagSet) {
		f.Var(newValue(&o.dialect, nil, "", "string", parseDialect), "dialect", "the database's SQL `DIALECT`: "+strings.Join(warehouse.Dialects(), ", "))
		o.input.addTableFlag(f, "the `TABLE` to read, used verbatim as the FROM item (a qualified name, a view, a table function)")
	})
	completeChoices(cmd, "dialect", warehouse.Dialects())
	o.input.addColumnFlags(cmd, "(required)", "(default: none, a tally without dates)")
	o.input.AddWeightFlag(cmd)
	o.input.AddCountFlag(cmd)
	o.input.addZoneFlag(cmd)
	o.filter.addRowFilters(cmd, &o.input)
	o.group.AddFlags(cmd, &o.input, period.None)
	addGroup(cmd, headingOutput, func(f *pflag.FlagSet) { o.out.addFileFlag(f, "") })
	return cmd
}

// parseDialect gives a pointer: nil is "not given".
func parseDialect(s string) (*warehouse.Dialect, error) {
	d, err := warehouse.ParseDialect(s)
	if err != nil {
		return nil, &badValue{"a dialect", "use one of " + strings.Join(warehouse.Dialects(), ", ")}
	}
	return &d, nil
}

func runSQL(o *sqlOptions) error {
	in := &o.input
	switch {
	case o.dialect == nil:
		return usererr.Usagef("name it with --dialect "+strings.Join(warehouse.Dialects(), "|"), "sql needs the database's dialect")
	case strings.TrimSpace(in.table) == "":
		return usererr.Usagef("name the FROM item with --table T", "sql needs --table")
	case in.scoreCol == "":
		return usererr.Usagef("name it with --score-col COL", "sql needs the score column")
	}
	read := survey.Options{Location: in.loc}
	if err := o.filter.apply(&read); err != nil {
		return err
	}
	if in.dateCol == "" && (o.group.unit != period.None || !read.Since.IsZero() || !read.Until.IsZero()) {
		return usererr.Usagef("name the date column with --date-col COL", "--period, --since and --until need the date column")
	}
	q := warehouse.TallyQuery{
		Table: in.table, Score: in.scoreCol, Date: in.dateCol, Count: in.countCol, Weight: in.weightCol,
		By: o.group.by, Where: read.Where, Since: read.Since, Until: read.Until, Location: read.Location, Period: o.group.unit,
	}
	sql, err := q.SQL(*o.dialect)
	if err != nil {
		return usererr.Usagef("", "%v", err)
	}
	return o.emit(func(w io.Writer) error {
		_, err := io.WriteString(w, sql)
		return err
	})
}
