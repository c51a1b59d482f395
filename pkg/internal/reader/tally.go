package reader

// The -f tally shape (survey.TallyDate ...): a file written by `nps score
// -f tally`, or the result of `nps sql`, loads back with no flags.
// detectTally recognises its header; OpenTally reads inputs for writing
// one (dates whenever there is a date column, invalid rows kept).

import (
	"io"
	"slices"

	"github.com/npskit/nps/pkg/survey"
)

// detectTally returns the roles of a header of the tally shape: the
// grouping columns, then [date,] score, count [, weight, weight_sq].
// ro.WeightSq is the squared weights' column (-1 unweighted). ok is false
// for another header, or when a role flag asks for something else.
func detectTally(cols []string, opt *survey.Options) (ro survey.Roles, ok bool) {
	if opt.CountCol != "" || opt.WeightCol != "" ||
		opt.ScoreCol != "" && opt.ScoreCol != survey.TallyScore || opt.DateCol != "" && opt.DateCol != survey.TallyDate {
		return ro, false
	}
	ro = survey.Roles{Score: -1, Date: -1, ID: -1, Comment: -1, Weight: -1, Count: -1, WeightSq: -1}
	n := len(cols)
	tail := []string{survey.TallyScore, survey.TallyCount}
	if n >= 4 && slices.Equal(cols[n-2:], []string{survey.TallyWeight, survey.TallyWeightSq}) {
		ro.Weight, ro.WeightSq = n-2, n-1
		n -= 2
	}
	if n < 2 || !slices.Equal(cols[n-2:n], tail) {
		return ro, false
	}
	ro.Score, ro.Count = n-2, n-1
	if n >= 3 && cols[n-3] == survey.TallyDate {
		ro.Date = n - 3
	}
	if opt.DateCol != "" && ro.Date < 0 {
		return ro, false
	}
	return ro, true
}

// OpenTally is Open for writing the tally shape: it reads the date
// whenever the inputs have a date column, and Next returns rows with an
// invalid score or weight too (as Invalid), so that every row of the
// input is in the tally.
func OpenTally(paths []string, stdin io.Reader, opt survey.Options) (*Reader, error) {
	return openWith(paths, stdin, opt, openMode{tally: true})
}
