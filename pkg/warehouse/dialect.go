package warehouse

import (
	"fmt"
	"strings"

	"github.com/npskit/nps/pkg/period"
)

// Dialect is the SQL of one database.
type Dialect uint8

const (
	DuckDB Dialect = iota
	Postgres
	ClickHouse
	BigQuery
	Snowflake
	Spark
	Trino
)

var dialectNames = [...]string{DuckDB: "duckdb", Postgres: "postgres", ClickHouse: "clickhouse",
	BigQuery: "bigquery", Snowflake: "snowflake", Spark: "spark", Trino: "trino"}

// Dialects lists every dialect's name, for help and completion.
func Dialects() []string { return dialectNames[:] }

func (d Dialect) String() string {
	if int(d) < len(dialectNames) {
		return dialectNames[d]
	}
	return fmt.Sprintf("Dialect(%d)", d)
}

// ParseDialect reads a dialect's name, in any case.
func ParseDialect(s string) (Dialect, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	for d, name := range dialectNames {
		if v == name {
			return Dialect(d), nil
		}
	}
	return 0, fmt.Errorf("unknown dialect %q; use %s", s, strings.Join(dialectNames[:], ", "))
}

// ident quotes a column name: a name such as order or Région is always
// one identifier, never a keyword or part of the query.
func (d Dialect) ident(name string) string {
	switch d {
	case ClickHouse, BigQuery:
		r := strings.NewReplacer(`\`, `\\`, "`", "\\`")
		return "`" + r.Replace(name) + "`"
	case Spark:
		return "`" + strings.ReplaceAll(name, "`", "``") + "`"
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// str is a string literal holding v exactly, whatever v holds.
func (d Dialect) str(v string) string {
	switch d {
	case ClickHouse, BigQuery, Snowflake, Spark:
		// These read backslash escapes in string literals.
		r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
		return "'" + r.Replace(v) + "'"
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// sqlType is a type the tally query casts to.
type sqlType uint8

const (
	text sqlType = iota
	integer
	double
)

// castNames are the names of each sqlType per dialect; ClickHouse casts
// with functions, which keep NULL as NULL in its old versions.
var castNames = [...][Trino + 1]string{
	text: {DuckDB: "VARCHAR", Postgres: "text", ClickHouse: "toString", BigQuery: "STRING",
		Snowflake: "VARCHAR", Spark: "STRING", Trino: "VARCHAR"},
	integer: {DuckDB: "BIGINT", Postgres: "BIGINT", ClickHouse: "toInt64", BigQuery: "INT64",
		Snowflake: "BIGINT", Spark: "BIGINT", Trino: "BIGINT"},
	double: {DuckDB: "DOUBLE", Postgres: "double precision", ClickHouse: "toFloat64", BigQuery: "FLOAT64",
		Snowflake: "DOUBLE", Spark: "DOUBLE", Trino: "double precision"},
}

// cast is expression x as type t.
func (d Dialect) cast(x string, t sqlType) string {
	if d == ClickHouse {
		return castNames[t][d] + "(" + x + ")"
	}
	return "CAST(" + x + " AS " + castNames[t][d] + ")"
}

// trim removes the spaces around text x.
func (d Dialect) trim(x string) string {
	if d == ClickHouse {
		// ClickHouse 18 has no trim function.
		return "replaceRegexpAll(" + x + ", '^ +| +$', '')"
	}
	return "TRIM(" + x + ")"
}

// orEmpty is x, or the empty string where x is NULL.
func (d Dialect) orEmpty(x string) string {
	if d == ClickHouse {
		return "ifNull(" + x + ", '')"
	}
	return "COALESCE(" + x + ", '')"
}

// scorePattern matches a trimmed whole number 0-11 with leading zeros and
// a fraction of zeros ("9", "09", "9.0", "9."); its first group is the
// number without them. 11 is let through so that nps applies --scale and
// its 1-11 check as it does to files.
const scorePattern = `^0*([0-9]|1[01])([.]0*)?$`

// matches is a condition: text v matches scorePattern.
func (d Dialect) matches(v string) string {
	switch d {
	case Postgres:
		return v + " ~ " + d.str(scorePattern)
	case DuckDB:
		return "regexp_full_match(" + v + ", " + d.str(scorePattern) + ")"
	case ClickHouse:
		return "match(" + v + ", " + d.str(scorePattern) + ")"
	case BigQuery:
		return "REGEXP_CONTAINS(" + v + ", " + d.str(scorePattern) + ")"
	case Snowflake:
		return "REGEXP_LIKE(" + v + ", " + d.str(scorePattern) + ")"
	case Spark:
		return v + " RLIKE " + d.str(scorePattern)
	}
	return "regexp_like(" + v + ", " + d.str(scorePattern) + ")"
}

// number is the number of text v that matches scorePattern, as text.
func (d Dialect) number(v string) string {
	switch d {
	case Postgres:
		return "substring(" + v + " from " + d.str(scorePattern) + ")"
	case ClickHouse:
		return "extract(" + v + ", " + d.str(scorePattern) + ")"
	case BigQuery:
		// REGEXP_EXTRACT takes at most one capturing group.
		return "REGEXP_EXTRACT(" + v + ", " + d.str(`^0*([0-9]|1[01])(?:[.]0*)?$`) + ")"
	case Snowflake:
		return "REGEXP_SUBSTR(" + v + ", " + d.str(scorePattern) + ", 1, 1, 'e', 1)"
	}
	return "regexp_extract(" + v + ", " + d.str(scorePattern) + ", 1)"
}

// day is the calendar day in time zone tz of the instant in column x.
// See docs/warehouse.md for what each dialect does with a column that
// has no time zone.
func (d Dialect) day(x, tz string) string {
	z := d.str(tz)
	switch d {
	case Postgres:
		return "CAST(CAST(" + x + " AS timestamptz) AT TIME ZONE " + z + " AS date)"
	case DuckDB:
		return "CAST(timezone(" + z + ", CAST(" + x + " AS TIMESTAMPTZ)) AS DATE)"
	case ClickHouse:
		return "toDate(" + x + ", " + z + ")"
	case BigQuery:
		return "DATE(CAST(" + x + " AS TIMESTAMP), " + z + ")"
	case Snowflake:
		return "CAST(CONVERT_TIMEZONE(" + z + ", CAST(" + x + " AS TIMESTAMP_TZ)) AS DATE)"
	case Spark:
		return "to_date(from_utc_timestamp(CAST(" + x + " AS TIMESTAMP), " + z + "))"
	}
	return "CAST(CAST(" + x + " AS timestamp with time zone) AT TIME ZONE " + z + " AS date)"
}

// date is a date literal, day given as YYYY-MM-DD.
func (d Dialect) date(day string) string {
	switch d {
	case ClickHouse:
		return "toDate(" + d.str(day) + ")"
	case Snowflake:
		return "TO_DATE(" + d.str(day) + ")"
	}
	return "DATE " + d.str(day)
}

// periodStart is the first day of the period of unit u (week: the ISO
// week's Monday) that day x falls in; x itself for a day or no unit.
func (d Dialect) periodStart(x string, u period.Unit) string {
	var part string
	switch u {
	case period.Week:
		part = "week"
	case period.Month:
		part = "month"
	case period.Quarter:
		part = "quarter"
	case period.Year:
		part = "year"
	default:
		return x
	}
	switch d {
	case Postgres:
		return "CAST(date_trunc('" + part + "', CAST(" + x + " AS timestamp)) AS date)"
	case DuckDB:
		return "CAST(date_trunc('" + part + "', " + x + ") AS DATE)"
	case ClickHouse:
		return map[string]string{"week": "toMonday", "month": "toStartOfMonth", "quarter": "toStartOfQuarter", "year": "toStartOfYear"}[part] + "(" + x + ")"
	case BigQuery:
		if part == "week" {
			part = "isoweek"
		}
		return "DATE_TRUNC(" + x + ", " + strings.ToUpper(part) + ")"
	case Snowflake:
		if part == "week" {
			// DATE_TRUNC('WEEK') follows the session's WEEK_START;
			// DAYOFWEEKISO does not.
			return "DATEADD('day', 1 - DAYOFWEEKISO(" + x + "), " + x + ")"
		}
		return "DATE_TRUNC('" + strings.ToUpper(part) + "', " + x + ")"
	case Spark:
		return "trunc(" + x + ", '" + strings.ToUpper(part) + "')"
	}
	return "date_trunc('" + part + "', " + x + ")"
}
