// Package survey reads survey exports: it detects format and encoding,
// decodes CSV/TSV/JSON/JSON Lines (gzip too), finds the column roles (score,
// date, id, comment, weight), parses scores and dates, applies the row
// filters, and yields responses one at a time. It never holds a file in
// memory.
package survey

import (
	"io"
	"time"
)

// Options say how to read the inputs. The zero value detects everything.
type Options struct {
	InputFormat string // "" (detect), "csv", "tsv", "json", "jsonl", "xlsx"
	Delimiter   string // "" (sniff), or one character; "\t" or "tab" for tab
	Encoding    string // "" (detect), "utf-8", "utf-16le", "utf-16be", "windows-1252"
	HeaderRows  int    // 0 = detect (vendor layouts, else 1); N > 0: N header rows, the first names the columns
	Sheet       string // xlsx: sheet name or 1-based number; "" = the first sheet

	ScoreCol, DateCol, IDCol, CommentCol, WeightCol string // "" = detect (never for WeightCol)

	NeedDate   bool           // parse the date column (for --period, --since/--until, --latest-per); a missing date column is then a usage error
	DateFormat string         // --date-format, see dates.NewParser
	Location   *time.Location // --tz; nil means UTC

	Strict    bool        // the first invalid score, weight or date is an error
	Where     []Condition // ANDed
	Since     time.Time   // zero = unbounded; inclusive calendar day in Location
	Until     time.Time   // zero = unbounded; inclusive calendar day in Location
	LatestPer string      // keep each value's latest response by date (holds one response per value in memory)

	// Scale is "" (0-10, but data that looks like a 1-11 scale, with 11s
	// and no 0, is a usage error at the end of the input), "0-10" (11 is
	// simply invalid) or "1-11" (1-11 shifted down to 0-10; 0 is invalid).
	Scale string

	inspect bool // nps inspect: a missing or ambiguous score column is reported, not an error
}

// Condition is one --where filter: COL=VALUE or COL!=VALUE.
type Condition struct {
	Column string
	Value  string
	Negate bool
}

// ParseCondition parses "COL=VALUE" or "COL!=VALUE".
func ParseCondition(s string) (Condition, error) { return parseCondition(s) }

// Status is what a response's score cell held.
type Status uint8

const (
	Valid   Status = iota // a score 0-10
	Blank                 // a non-response: empty, spaces, null, missing, N/A
	Invalid               // present but unusable: 11, -1, 7.5, abc
)

// Response is one row. Fields holds every column of Reader.Columns() in that
// order, so any column (comment, id, segments) stays reachable. A Response
// and its Fields are reused by the next call to Next: copy what you keep.
type Response struct {
	File   string // as given on the command line; "-" for stdin
	Line   int64  // line where the record starts, 1-based
	Fields []string
	Status Status
	Score  int       // 0-10 when Status == Valid
	Time   time.Time // in Options.Location; zero when the date is not parsed
	Weight float64   // 1 unless Options.WeightCol
}

// Roles are the column indices of each role, -1 when absent.
type Roles struct {
	Score, Date, ID, Comment, Weight int
}

// Stats count what the reader saw.
type Stats struct {
	Rows     int64 // data rows read
	Valid    int64 // rows with a valid score that passed the filters
	Blank    int64 // blank scores (after filters)
	Invalid  int64 // invalid scores (after filters)
	BadDates int64 // rows skipped for an unreadable or missing date when one is needed
	Filtered int64 // rows dropped by --where/--since/--until/--latest-per
}

// Reader yields the responses of one or more inputs as one data set
// (columns matched by name).
type Reader struct{ readerState }

// Open opens the inputs ("-" is standard input; no paths means stdin) and
// reads enough of them to detect format, header and roles.
func Open(paths []string, stdin io.Reader, opt Options) (*Reader, error) {
	return open(paths, stdin, opt)
}

// Columns are the column names, in the order of Response.Fields.
func (r *Reader) Columns() []string { return r.columns }

// Roles are the detected or chosen column roles.
func (r *Reader) Roles() Roles { return r.roles }

// Column returns the index of a column by name, or a usage error that lists
// the columns.
func (r *Reader) Column(name string) (int, error) {
	if i := lookup(r.columns, name); i >= 0 {
		return i, nil
	}
	return -1, unknownColumn(r.columns, name, "the column name (--by, --where, --latest-per)")
}

// Next returns the next response that passes the filters (Valid or Blank;
// Invalid rows are counted, skipped and warned about, or an error under
// Strict), or io.EOF.
func (r *Reader) Next() (*Response, error) { return r.next() }

// Stats returns the counts so far.
func (r *Reader) Stats() Stats { return r.stats }

// Warnings returns one line per problem worth telling the user about (without
// the "nps: warning: " prefix), e.g. invalid scores with their first few line
// numbers. Call after the last Next.
func (r *Reader) Warnings() []string { return r.warnings() }

// Close releases the open files.
func (r *Reader) Close() error { return r.close() }

// Inputs describes what was detected for each input, in the order given.
func (r *Reader) Inputs() []Input {
	out := make([]Input, len(r.srcs))
	for i, s := range r.srcs {
		out[i] = s.info
		out[i].Rows = s.rows
	}
	return out
}
