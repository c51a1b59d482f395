// Package exportdata builds synthetic survey exports for the benchmarks and
// tests of the fast path, shaped like cmd/npsgen's output: 8 columns, an RFC
// 3339 date, a quoted comment (some with a comma, an escaped quote or a
// newline).
package exportdata

import "fmt"

// CSV returns a header and n rows.
func CSV(n int) []byte {
	regions := []string{"EMEA", "NA", "APAC", "LATAM"}
	plans := []string{"Free", "Pro", "Enterprise"}
	comments := []string{"", `"Fine, but the reports are slow"`, `"Too expensive for what it does"`,
		`"Love the ""dashboards"" feature, use it daily"`, "\"Support was great\nthanks\""}
	b := []byte("response_id,submitted_at,email,region,plan,channel,score,comment\n")
	for i := 0; i < n; i++ {
		b = fmt.Appendf(b, "R%d,2025-%02d-%02dT%02d:%02d:05Z,user%d@example.com,%s,%s,web,%d,%s\n",
			i, i%12+1, i%28+1, i%24, i%60, i%7919, regions[i%4], plans[i%3], i%11, comments[i%len(comments)])
	}
	return b
}
