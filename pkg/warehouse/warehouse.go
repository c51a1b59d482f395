// Package warehouse lets a database compute the tally: it writes the
// tally query of a pass in the SQL of DuckDB, PostgreSQL, ClickHouse,
// BigQuery, Snowflake, Spark SQL and Trino (TallyQuery.SQL), and runs it
// on PostgreSQL (pgx) and ClickHouse (its HTTP interface), streaming back
// the tally rows only (Open, DB). The result has the -f tally shape
// (survey.TallyDate ...), so nps reads it as it reads a tally file: every
// statistic stays in nps, with one definition.
package warehouse

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// TallyQuery is what the tally query computes: the columns of each role,
// the filters, and the grouping.
type TallyQuery struct {
	// Table is the FROM item, used verbatim: a table, a qualified name,
	// or a table function such as read_parquet('x.parquet').
	Table string
	// Score is the score column; Date the date column ("" for none: the
	// tally then has no date); Count the column of responses per row
	// ("" for one each); Weight the weight column ("" unweighted).
	Score, Date, Count, Weight string
	By                         []string
	Where                      []survey.Condition
	// Since and Until are inclusive calendar days in Location (zero for
	// unbounded); they need Date.
	Since, Until time.Time
	Location     *time.Location // nil is UTC
	// Period groups the dates by period: the date column then holds each
	// period's first day (a week's Monday). period.None and period.Day
	// keep days.
	Period period.Unit
}

// SQL returns the tally query in dialect d. Its result has the -f tally
// shape: the By columns, date (when Date is set), score (empty for blank,
// 'invalid' for invalid), count, and weight and weight_sq when Weight is
// set; one row per group, date and score.
func (q *TallyQuery) SQL(d Dialect) (string, error) {
	if err := q.check(); err != nil {
		return "", err
	}
	tz := "UTC"
	if q.Location != nil {
		tz = q.Location.String()
	}
	col := d.ident
	// Four levels, from the inside: per row, the group keys, the day,
	// the score as trimmed text, the count and weight; per group, day and
	// spelling of the score, the sums (so that the score is read once per
	// distinct spelling, not once per row: regular expressions are slow);
	// per such group, the score read; and the tally, per group, day and
	// score.
	var rowCols, keys, out []string
	for i, name := range q.By {
		k := fmt.Sprintf("nps_k%d", i)
		rowCols = append(rowCols, d.orEmpty(d.cast(col(name), text))+" AS "+k)
		keys = append(keys, k)
		out = append(out, k+" AS "+col(name))
	}
	day := ""
	if q.Date != "" {
		day = d.day(col(q.Date), tz)
		rowCols = append(rowCols, d.periodStart(day, q.Period)+" AS nps_d")
		keys = append(keys, "nps_d")
		out = append(out, "nps_d AS "+col(survey.TallyDate))
	}
	rowCols = append(rowCols, d.orEmpty(d.trim(d.cast(col(q.Score), text)))+" AS nps_v")
	spelling := append(slices.Clone(keys), "nps_v") // what the second level groups by
	if q.Count != "" {
		c := col(q.Count)
		bad := c + " IS NULL OR " + c + " < 0"
		rowCols = append(rowCols, "CASE WHEN "+bad+" THEN 1 ELSE "+d.cast(c, integer)+" END AS nps_n",
			"CASE WHEN "+bad+" THEN 1 ELSE 0 END AS nps_nbad")
		spelling = append(spelling, "nps_nbad")
	} else {
		rowCols = append(rowCols, "1 AS nps_n")
	}
	sums := []string{"SUM(nps_n) AS nps_c"}
	if q.Weight != "" {
		w := d.cast(col(q.Weight), double)
		rowCols = append(rowCols, w+" AS nps_w", "CASE WHEN "+w+" IS NULL OR "+w+" < 0 THEN 1 ELSE 0 END AS nps_wbad")
		spelling = append(spelling, "nps_wbad")
		sums = append(sums, "SUM(nps_w * nps_n) AS nps_sw", "SUM(nps_w * nps_w * nps_n) AS nps_sw2")
	}
	var where []string
	for _, c := range q.Where {
		op := " = "
		if c.Negate {
			op = " <> "
		}
		where = append(where, d.orEmpty(d.trim(d.cast(col(c.Column), text)))+op+d.str(c.Value))
	}
	if !q.Since.IsZero() {
		where = append(where, day+" >= "+d.date(q.Since.Format("2006-01-02")))
	}
	if !q.Until.IsZero() {
		where = append(where, day+" <= "+d.date(q.Until.Format("2006-01-02")))
	}

	// The score: blank, invalid, or the whole number as text. A row with
	// a bad count is one invalid response; a valid score with a missing
	// or negative weight is invalid (as nps reads files).
	var score strings.Builder
	score.WriteString("CASE")
	if q.Count != "" {
		score.WriteString("\n              WHEN nps_nbad = 1 THEN 'invalid'")
	}
	score.WriteString("\n              WHEN upper(nps_v) IN ('', 'N/A', 'NA', 'NULL') THEN ''")
	number := d.number("nps_v")
	if q.Weight != "" {
		number = "CASE WHEN nps_wbad = 1 THEN 'invalid' ELSE " + number + " END"
	}
	score.WriteString("\n              WHEN " + d.matches("nps_v") + " THEN " + number)
	score.WriteString("\n              ELSE 'invalid' END AS nps_s")

	read := append(slices.Clone(keys), score.String(), "nps_c")
	out = append(out, "nps_s AS "+col(survey.TallyScore), "SUM(nps_c) AS "+col(survey.TallyCount))
	if q.Weight != "" {
		read = append(read, "nps_sw", "nps_sw2")
		out = append(out, "SUM(nps_sw) AS "+col(survey.TallyWeight), "SUM(nps_sw2) AS "+col(survey.TallyWeightSq))
	}

	var b strings.Builder
	list := func(indent string, items []string) string { return strings.Join(items, ",\n"+indent) }
	b.WriteString("SELECT " + list("       ", out) + "\n")
	b.WriteString("FROM (\n  SELECT " + list("         ", read) + "\n")
	b.WriteString("  FROM (\n    SELECT " + list("           ", append(slices.Clone(spelling), sums...)) + "\n")
	b.WriteString("    FROM (\n      SELECT " + list("             ", rowCols) + "\n")
	b.WriteString("      FROM " + q.Table + "\n")
	if len(where) > 0 {
		b.WriteString("      WHERE " + strings.Join(where, "\n        AND ") + "\n")
	}
	b.WriteString("    ) AS nps_r\n")
	b.WriteString("    GROUP BY " + strings.Join(spelling, ", ") + "\n")
	b.WriteString("  ) AS nps_g\n) AS nps_t\n")
	b.WriteString("GROUP BY " + strings.Join(append(keys, "nps_s"), ", ") + "\n")
	return b.String(), nil
}

// check reports a query that cannot be written.
func (q *TallyQuery) check() error {
	switch {
	case strings.TrimSpace(q.Table) == "":
		return fmt.Errorf("no table")
	case q.Score == "":
		return fmt.Errorf("no score column")
	case q.Date == "" && (!q.Since.IsZero() || !q.Until.IsZero() || q.Period != period.None):
		return fmt.Errorf("no date column")
	}
	return nil
}
