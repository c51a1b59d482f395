// Package survey is the vocabulary of reading survey exports: how to read
// them (Options: formats, encodings, column roles, the score scale, dates,
// filters), what a response is (Response, Status), what was counted (Stats)
// and detected (Input, Roles, Report), and how a score cell reads
// (ParseScore).
//
// The reading itself (format and encoding detection, one decoder per
// format, vendor layouts, role detection, the row evaluator and the fast
// path) is internal; pkg/engine runs it: engine.Run for tallies,
// engine.OpenRows for responses one at a time, engine.Inspect for what was
// detected.
package survey

import (
	"strings"
	"sync/atomic"
	"time"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/usererr"
)

// Options say how to read the inputs. The zero value detects everything.
type Options struct {
	InputFormat string // "" (detect), "csv", "tsv", "json", "jsonl", "xlsx"
	Delimiter   string // "" (sniff), or one character; "\t" or "tab" for tab
	Encoding    string // "" (detect), "utf-8", "utf-16le", "utf-16be", or an IANA/WHATWG name: "windows-1252", "cp949", "shift_jis", ...
	HeaderRows  int    // 0 = detect (vendor layouts, else 1); N > 0: N header rows, the first names the columns
	Sheet       string // xlsx: sheet name or 1-based number; "" = the first sheet

	ScoreCol, DateCol, IDCol, CommentCol, WeightCol string // "" = detect (never for WeightCol)
	// CountCol makes each row stand for that many responses (a GROUP BY
	// result): every count and tally is as if the row were repeated. ""
	// = none, except in a file of the -f tally shape, whose count column
	// is detected with its other roles.
	CountCol string

	NeedDate   bool           // parse the date column (for --period, --since/--until, --latest-per); a missing date column is then a usage error
	DateIfAny  bool           // with NeedDate: an input without a date column is read without dates instead (nps report)
	DateFormat dates.Format   // --date-format; the zero value detects the day/month order per column
	Location   *time.Location // --tz; nil means UTC

	Strict    bool        // the first invalid score, weight or date is an error
	Where     []Condition // ANDed
	Since     time.Time   // zero = unbounded; inclusive calendar day in Location
	Until     time.Time   // zero = unbounded; inclusive calendar day in Location
	LatestPer string      // keep each value's latest response by date (holds one response per value in memory)

	Scale Scale

	// Progress, unless nil, is added the bytes read from the inputs as
	// they are read, a block at a time (for a progress display).
	Progress *atomic.Int64
}

// Scale is the score scale of the input.
type Scale uint8

const (
	// ScaleDetect reads 0-10, but data that looks like a 1-11 recode (11s
	// and no 0) is a usage error at the end of the input.
	ScaleDetect Scale = iota
	Scale0To10        // 0-10; an 11 is simply invalid
	Scale1To11        // a 1-11 recode, shifted down to 0-10; a 0 is invalid
)

// ParseScale reads a --scale value: "" (detect), "0-10" or "1-11".
func ParseScale(s string) (Scale, error) {
	switch s {
	case "":
		return ScaleDetect, nil
	case "0-10":
		return Scale0To10, nil
	case "1-11":
		return Scale1To11, nil
	}
	return 0, usererr.Usagef("use --scale 0-10 or --scale 1-11", "invalid --scale %q", s)
}

// Condition is one --where filter: COL=VALUE or COL!=VALUE.
type Condition struct {
	Column string
	Value  string
	Negate bool
}

// ParseCondition parses "COL=VALUE" or "COL!=VALUE".
func ParseCondition(s string) (Condition, error) {
	i := strings.IndexByte(s, '=')
	if i < 0 {
		return Condition{}, usererr.Usagef("write --where COL=VALUE or --where COL!=VALUE", "invalid --where %q: no '='", s)
	}
	c := Condition{Column: s[:i], Value: strings.TrimSpace(s[i+1:])}
	if strings.HasSuffix(c.Column, "!") {
		c.Column, c.Negate = c.Column[:len(c.Column)-1], true
	}
	c.Column = strings.TrimSpace(c.Column)
	if c.Column == "" {
		return Condition{}, usererr.Usagef("write --where COL=VALUE or --where COL!=VALUE", "invalid --where %q: no column name", s)
	}
	return c, nil
}

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
//
// A row stands for Count responses with the same score: 1, unless a count
// column says otherwise (Options.CountCol, a tally file). Weight and
// Weight2 are the sums of their weights and squared weights: for one
// response of weight w, w and w²; for Count responses of weight w, Count·w
// and Count·w²; a tally file's row carries its sums.
type Response struct {
	File    string // as given on the command line; "-" for stdin
	Input   int    // the input's index, in the order given
	Line    int64  // line where the record starts, 1-based
	Fields  []string
	Status  Status
	Score   int       // 0-10 when Status == Valid
	Time    time.Time // in Options.Location; zero when the date is not parsed
	Count   int64
	Weight  float64 // Count unless Options.WeightCol (or a weighted tally file)
	Weight2 float64
}

// Roles are the column indices of each role, -1 when absent.
type Roles struct {
	Score, Date, ID, Comment, Weight int
	Count                            int // responses per row (--count-col, a tally file)
	WeightSq                         int // a tally file's sums of squared weights (its Weight column then holds sums)
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

// Input describes what was detected for one input (for nps inspect).
type Input struct {
	Name       string // as given; "-" for stdin
	Gzip       bool
	Encoding   string   // "utf-8", "utf-8 (BOM)", "utf-16le", "utf-16be", or a WHATWG/IANA name in lower case ("windows-1252", "euc-kr", "shift_jis", "gb18030"...); "" for xlsx
	Format     string   // "csv", "tsv", "json", "jsonl", "xlsx"
	Vendor     string   // recognised export layout: "qualtrics", "qualtrics-legacy", "surveymonkey", "typeform", "google-forms", "microsoft-forms", "delighted"; "" for none
	Delimiter  string   // CSV/TSV only: ",", ";", "\t", "|" or the one given
	HeaderRows int      // CSV/TSV/xlsx only
	Sheet      string   // xlsx only: the sheet read
	Sheets     []string // xlsx only: every sheet of the workbook
	Columns    []string
	Questions  []string // per column: question text from the header rows, "" when none
	Zones      []string // per column: time zone the export declares for its dates, "" when none
	Rows       int64    // data rows read so far
}

// Report is what nps inspect shows: what was detected and what the rows
// hold. Filters (Where, Since, Until, LatestPer) are not applied.
type Report struct {
	Inputs  []Input // one per input, with Rows filled in
	Columns []ColumnReport
	Roles   Roles
	// RoleError is why no score column could be chosen (no candidate, or
	// several): inspect still reports, so the user can pick one.
	RoleError string
	ScoreCol  string // "" when none
	Rows      int64  // data rows
	Valid     int64  // valid scores
	Blank     int64
	Invalid   int64
	Scale     string // "0-10", or "1-11" when the values look like a 1-11 recode (or --scale 1-11)
	DateCol   string // "" when none
	DateZone  string // the zone dates without an offset are read in
	DateFirst time.Time
	DateLast  time.Time
	// DateLayout is how the date column's values are written, as a Go
	// layout ("02/01/2006 15:04:05", "200601", "unix seconds"); DateOrder
	// is the day/month order read ("day-first", "month-first"), "" when no
	// value needed one.
	DateLayout string
	DateOrder  string
	BadDates   int64 // non-empty dates that could not be read
	Warnings   []string
}

// ColumnReport describes one column.
type ColumnReport struct {
	Name     string
	Question string   // question text from the header rows, if any
	Role     string   // "score", "date", "id", "comment", "weight", "weight squares" (a tally file), "count", "nps group" or ""
	Filled   int64    // non-empty cells
	Empty    int64    // empty cells
	Samples  []string // up to 3 distinct values, in order of appearance
	Zone     string   // time zone the export declares for the column's dates
}

// The columns of the -f tally shape: the grouping columns, then TallyDate
// (a day, YYYY-MM-DD, when the input had a date column), TallyScore (0-10,
// "" for blank, TallyInvalid for invalid), TallyCount and, when weighted,
// TallyWeight and TallyWeightSq (the sums of the weights and of their
// squares). A file of that shape loads with no flags.
const (
	TallyDate     = "date"
	TallyScore    = "score"
	TallyCount    = "count"
	TallyWeight   = "weight"
	TallyWeightSq = "weight_sq"
	TallyInvalid  = "invalid"
)
