package reader

// Records: rows that come from elsewhere than a file, such as the tally
// rows a database computes (pkg/engine, --db). The reader reads them as it
// reads a file's records, with the same row evaluator.

import (
	"github.com/npskit/nps/pkg/survey"
)

// Records are rows with a header. Next returns io.EOF after the last row;
// the Reader calls Close when it is done.
type Records interface {
	Header() []string
	Next() ([]string, error)
	Close() error
}

// OpenRecords opens rec as the one input, named name in warnings and
// errors. tally reads as OpenTally does.
func OpenRecords(name string, rec Records, opt survey.Options, tally bool) (*Reader, error) {
	return openWith([]string{name}, nil, opt, openMode{records: rec, tally: tally})
}

// recordsDecoder numbers the rows as a file's lines after a header row.
type recordsDecoder struct {
	rec  Records
	line int64
}

func (d *recordsDecoder) header() []string { return d.rec.Header() }

func (d *recordsDecoder) next() ([]string, int64, error) {
	f, err := d.rec.Next()
	if err != nil {
		return nil, d.line, err
	}
	d.line++
	return f, d.line, nil
}

// hasRows is true: whether there are rows is known only once they are
// read (a Reader over no rows reports no valid score).
func (d *recordsDecoder) hasRows() bool          { return true }
func (d *recordsDecoder) openWarnings() []string { return nil }
func (d *recordsDecoder) endWarnings() []string  { return nil }
func (d *recordsDecoder) misfit() bool           { return false }

// openRecords is source.open for Records. The fast path leaves them to
// the general reader.
func (s *source) openRecords(rec Records) {
	s.info = survey.Input{Name: s.name, Format: "database"}
	s.slow = "rows from a database"
	s.closers = append(s.closers, closerFunc(rec.Close))
	s.setDecoder(&recordsDecoder{rec: rec, line: 1})
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// DetectRoles finds the roles of the columns cols (a database table's) by
// their names as Open finds a file's; needDate makes a missing date column
// the error Open reports.
func DetectRoles(cols []string, opt survey.Options, needDate bool) (survey.Roles, error) {
	ro, err := detectRoles(cols, nil, nil, &opt)
	if err == nil && needDate && ro.Date < 0 {
		err = noDateColumn(cols)
	}
	return ro, err
}

// ColumnIndex returns the index of column name in cols as Reader.Column
// does, or a usage error that lists them and names flag.
func ColumnIndex(cols []string, name, flag string) (int, error) {
	return resolveCol(cols, name, flag)
}
