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
	var inner, keys, out []string // the inner select list, the group keys, the outer select list
	for i, name := range q.By {
		k := fmt.Sprintf("nps_k%d", i)
		inner = append(inner, d.orEmpty(d.text(col(name)))+" AS "+k)
		keys = append(keys, k)
		out = append(out, k+" AS "+col(name))
	}
	day := ""
	if q.Date != "" {
		day = d.day(col(q.Date), tz)
		inner = append(inner, d.periodStart(day, q.Period)+" AS nps_d")
		keys = append(keys, "nps_d")
		out = append(out, "nps_d AS "+col(survey.TallyDate))
	}
	inner = append(inner, d.orEmpty(d.trim(d.text(col(q.Score))))+" AS nps_v")
	countBad := ""
	if q.Count != "" {
		c := col(q.Count)
		countBad = c + " IS NULL OR " + c + " < 0"
		inner = append(inner, "CASE WHEN "+countBad+" THEN 1 ELSE "+d.integer(c)+" END AS nps_n")
		inner = append(inner, "CASE WHEN "+countBad+" THEN 1 ELSE 0 END AS nps_bad")
	} else {
		inner = append(inner, "1 AS nps_n")
	}
	if q.Weight != "" {
		inner = append(inner, d.double(col(q.Weight))+" AS nps_w")
	}
	var where []string
	for _, c := range q.Where {
		op := " = "
		if c.Negate {
			op = " <> "
		}
		where = append(where, d.orEmpty(d.trim(d.text(col(c.Column))))+op+d.str(c.Value))
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
	if countBad != "" {
		score.WriteString("\n              WHEN nps_bad = 1 THEN 'invalid'")
	}
	score.WriteString("\n              WHEN upper(nps_v) IN ('', 'N/A', 'NA', 'NULL') THEN ''")
	number := d.number("nps_v")
	if q.Weight != "" {
		number = "CASE WHEN nps_w IS NULL OR nps_w < 0 THEN 'invalid' ELSE " + number + " END"
	}
	score.WriteString("\n              WHEN " + d.matches("nps_v") + " THEN " + number)
	score.WriteString("\n              ELSE 'invalid' END AS nps_s")

	middle := append(append([]string(nil), keys...), score.String(), "nps_n")
	if q.Weight != "" {
		middle = append(middle, "nps_w")
	}
	keys = append(keys, "nps_s")
	out = append(out, "nps_s AS "+col(survey.TallyScore), "SUM(nps_n) AS "+col(survey.TallyCount))
	if q.Weight != "" {
		out = append(out, "SUM(nps_w * nps_n) AS "+col(survey.TallyWeight), "SUM(nps_w * nps_w * nps_n) AS "+col(survey.TallyWeightSq))
	}

	var b strings.Builder
	b.WriteString("SELECT " + strings.Join(out, ",\n       ") + "\n")
	b.WriteString("FROM (\n  SELECT " + strings.Join(middle, ",\n         ") + "\n")
	b.WriteString("  FROM (\n    SELECT " + strings.Join(inner, ",\n           ") + "\n")
	b.WriteString("    FROM " + q.Table + "\n")
	if len(where) > 0 {
		b.WriteString("    WHERE " + strings.Join(where, "\n      AND ") + "\n")
	}
	b.WriteString("  ) AS nps_r\n) AS nps_t\n")
	b.WriteString("GROUP BY " + strings.Join(keys, ", ") + "\n")
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
