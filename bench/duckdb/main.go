// Command duckdb-nps runs the reference queries of the nps benchmark
// (bench/run.sh) with DuckDB through duckdb-go. It is its own module so that
// DuckDB never enters the nps binary or its go.mod.
//
//	duckdb-nps overall FILE   overall NPS: read_csv + count(*) FILTER
//	duckdb-nps grouped FILE   the same GROUP BY region, strftime(submitted_at, '%Y-%m')
//	duckdb-nps latest FILE    overall NPS of each e-mail's latest response
//	duckdb-nps trend|trendby|dist|compare|byid|inspect FILE, classify|classifylatest|followup FILE OUT:
//	                          the other rows of the matrix (see the cases)
//
// FILE is CSV (gzipped or not), JSON Lines (.jsonl) or a JSON array (.json).
package main

import (
	"database/sql"
	"fmt"
	"os"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: duckdb-nps overall|grouped|latest|trend|trendby|dist|compare|byid|inspect FILE, or classify|classifylatest|followup FILE OUT")
		os.Exit(2)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		fail(err)
	}
	defer db.Close()
	file := strings.ReplaceAll(os.Args[2], "'", "''")
	const colTypes = "{'response_id': 'VARCHAR', 'submitted_at': 'TIMESTAMPTZ', 'email': 'VARCHAR', 'region': 'VARCHAR', 'plan': 'VARCHAR', 'channel': 'VARCHAR', 'score': 'INTEGER', 'comment': 'VARCHAR'}"
	src := fmt.Sprintf("read_csv('%s', header = true, columns = %s)", file, colTypes)
	switch {
	case strings.HasSuffix(file, ".jsonl"):
		src = fmt.Sprintf("read_json('%s', format = 'newline_delimited', columns = %s)", file, colTypes)
	case strings.HasSuffix(file, ".json"):
		src = fmt.Sprintf("read_json('%s', format = 'array', columns = %s)", file, colTypes)
	}
	const tally = `count(*) FILTER (WHERE score BETWEEN 0 AND 10) AS n,
		count(*) FILTER (WHERE score >= 9 AND score <= 10) AS promoters,
		count(*) FILTER (WHERE score BETWEEN 0 AND 6) AS detractors`
	var q string
	switch os.Args[1] {
	case "overall":
		q = "SELECT " + tally + " FROM " + src
	case "grouped":
		q = "SELECT region, strftime(submitted_at, '%Y-%m') AS period, " + tally + " FROM " + src + " GROUP BY ALL ORDER BY ALL"
	case "latest":
		// Each e-mail's latest response: a valid score before a blank one,
		// then the later date (nps score --latest-per email).
		q = "SELECT " + tally + " FROM (SELECT score FROM " + src + " QUALIFY row_number() OVER (PARTITION BY trim(email) ORDER BY score IS NOT NULL DESC, submitted_at DESC) = 1)"
	case "trend": // nps trend --period week
		q = "SELECT strftime(submitted_at, '%G-W%V') AS period, " + tally + " FROM " + src + " GROUP BY ALL ORDER BY ALL"
	case "dist": // nps dist
		q = "SELECT score, count(*) FROM " + src + " WHERE score BETWEEN 0 AND 10 GROUP BY ALL ORDER BY ALL"
	case "compare": // nps compare --period month: every month's tally (the last two are compared)
		q = "SELECT strftime(submitted_at, '%Y-%m') AS period, " + tally + " FROM " + src + " GROUP BY ALL ORDER BY ALL"
	case "trendby": // nps trend --by email --period month: every e-mail in every month, empty ones too
		q = "WITH g AS (SELECT email, strftime(submitted_at, '%Y-%m') AS period, " + tally + " FROM " + src + " WHERE score BETWEEN 0 AND 10 AND submitted_at IS NOT NULL GROUP BY ALL) " +
			"SELECT e.email, p.period, coalesce(g.n, 0), coalesce(g.promoters, 0), coalesce(g.detractors, 0) " +
			"FROM (SELECT DISTINCT email FROM g) e CROSS JOIN (SELECT DISTINCT period FROM g) p LEFT JOIN g USING (email, period) ORDER BY ALL"
	case "byid": // nps score --by response_id: a group per response
		q = "SELECT response_id, " + tally + " FROM " + src + " GROUP BY ALL ORDER BY ALL"
	case "inspect": // nps inspect: every column's summary
		q = "SUMMARIZE SELECT * FROM " + src
	case "followup": // nps followup -o OUT: each e-mail's latest response with its category, due day and action, detractors first (OUT is os.Args[3])
		out := strings.ReplaceAll(os.Args[3], "'", "''")
		if _, err := db.Exec("SET TimeZone = 'UTC'"); err != nil {
			fail(err)
		}
		const cat = "CASE WHEN score >= 9 THEN 2 WHEN score >= 7 THEN 1 ELSE 0 END"
		q := "COPY (SELECT respondent, ['detractor', 'passive', 'promoter'][c + 1] AS category, score, strftime(submitted_at, '%Y-%m-%d') AS date, " +
			"strftime(CAST(submitted_at AS DATE) + [2, 7, 14][c + 1], '%Y-%m-%d') AS due, " +
			"['Contact with a prepared plan, at the right time; close the loop', 'Ask what would make it a 10; close the feedback loop', 'Thank personally; ask for a review or referral, no hard sell'][c + 1] AS action, " +
			"comment, response_id, region, plan, channel FROM (SELECT *, trim(email) AS respondent, " + cat + " AS c FROM " + src +
			" WHERE score BETWEEN 0 AND 10 QUALIFY row_number() OVER (PARTITION BY trim(email) ORDER BY submitted_at DESC) = 1) " +
			"ORDER BY c, CAST(submitted_at AS DATE) + [2, 7, 14][c + 1], submitted_at) TO '" + out + "' (HEADER)"
		if _, err := db.Exec(q); err != nil {
			fail(err)
		}
		return
	case "classifylatest": // nps classify --latest-per email -o OUT: each e-mail's latest response (a valid score before a blank one, then the later date, then the later row) with its category, in input order
		out := strings.ReplaceAll(os.Args[3], "'", "''")
		if _, err := db.Exec("SET TimeZone = 'UTC'"); err != nil {
			fail(err)
		}
		const cat = "CASE WHEN score BETWEEN 9 AND 10 THEN 'promoter' WHEN score BETWEEN 7 AND 8 THEN 'passive' WHEN score BETWEEN 0 AND 6 THEN 'detractor' ELSE '' END"
		q := "COPY (SELECT * EXCLUDE (rn), " + cat + " AS category FROM (SELECT *, row_number() OVER () AS rn FROM " + src + ") " +
			"QUALIFY row_number() OVER (PARTITION BY trim(email) ORDER BY score IS NOT NULL DESC, submitted_at DESC, rn DESC) = 1 ORDER BY rn) TO '" + out + "' (HEADER)"
		if _, err := db.Exec(q); err != nil {
			fail(err)
		}
		return
	case "classify": // nps classify --only detractors -f csv -o OUT (OUT is os.Args[3])
		out := strings.ReplaceAll(os.Args[3], "'", "''")
		if _, err := db.Exec("SET TimeZone = 'UTC'"); err != nil {
			fail(err)
		}
		if _, err := db.Exec("COPY (SELECT *, 'detractor' AS category FROM " + src + " WHERE score BETWEEN 0 AND 6) TO '" + out + "' (HEADER)"); err != nil {
			fail(err)
		}
		return
	default:
		fail(fmt.Errorf("unknown query %q", os.Args[1]))
	}
	if _, err := db.Exec("SET TimeZone = 'UTC'"); err != nil {
		fail(err)
	}
	rows, err := db.Query(q)
	if err != nil {
		fail(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	groups := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			fail(err)
		}
		groups++
		if os.Args[1] == "overall" || os.Args[1] == "latest" {
			n, p, d := vals[0].(int64), vals[1].(int64), vals[2].(int64)
			fmt.Printf("n=%d nps=%.4f\n", n, 100*float64(p-d)/float64(n))
		}
	}
	if err := rows.Err(); err != nil {
		fail(err)
	}
	if os.Args[1] != "overall" && os.Args[1] != "latest" {
		fmt.Printf("groups=%d\n", groups)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "duckdb-nps:", err)
	os.Exit(1)
}
