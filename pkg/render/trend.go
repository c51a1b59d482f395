package render

import (
	"io"
)

// writeTrend writes a trend report. JSON, JSON Lines, CSV, TSV and Markdown
// are exactly the score formats (every group key holds period); the
// terminal table is followed by the chart.
func writeTrend(w io.Writer, f Format, rep *TrendReport, st Style) error {
	if f != Table {
		return writeScore(w, f, &rep.ScoreReport, st)
	}
	if err := scoreGrid(&rep.ScoreReport, false).renderTerminal(w); err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	return writeChart(w, rep, st)
}
