package engine

import (
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/survey"
)

// Inspect reads the inputs of q to the end and reports what was detected:
// formats, encodings, header rows, each column with its role and sample
// values, blank and invalid counts, and the date range. The filters of
// q.Read and its groupings are not applied.
func Inspect(q Query) (*survey.Report, error) {
	return reader.Inspect(q.Files, q.Stdin, q.Read)
}
