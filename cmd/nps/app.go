package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// app holds the streams and the flags every command shares.
type app struct {
	streams
	started bool // a command's RunE began: later errors are not cobra's

	// output
	format  string
	output  string
	quiet   bool
	noColor bool

	// input
	inputFormat, delimiter, encoding string
	headerRows                       int
	sheet                            string
	scoreCol, dateCol, idCol         string
	commentCol, weightCol, countCol  string
	db, table                        string // --db, --table (db.go)
	dateFormat, tz, scale            string
	strict                           bool

	// filters and grouping
	where        []string
	since, until string
	latestPer    string
	by           []string
	period       string
	sortBy       string
	order        engine.Order // --sort, parsed

	// statistics
	minN       int64
	confidence float64
	ciMethod   string
}

func (a *app) addGlobalFlags(root *cobra.Command) {
	f := root.PersistentFlags()
	f.StringVarP(&a.format, "format", "f", "", "output format: table, csv, tsv, json, jsonl, markdown, or tally for score and trend (default table; csv for classify)")
	f.StringVarP(&a.output, "output", "o", "", "write to `FILE` atomically instead of standard output (its extension sets the format unless --format is given)")
	f.BoolVarP(&a.quiet, "quiet", "q", false, "do not print warnings")
	f.BoolVar(&a.noColor, "no-color", false, "never use colour (also off when NO_COLOR is set or stdout is not a terminal)")

	f.StringVar(&a.inputFormat, "input-format", "", "input format: csv, tsv, json, jsonl, xlsx (default: from the file name, else the content)")
	f.StringVar(&a.delimiter, "delimiter", "", "CSV field delimiter, one character or \"tab\" (default: sniffed among , ; tab |)")
	f.StringVar(&a.encoding, "encoding", "", "input encoding: utf-8, utf-16le, utf-16be, windows-1252 (default: from the byte-order mark; text that is not UTF-8 is read as windows-1252)")
	f.IntVar(&a.headerRows, "header-rows", 0, "number of header rows; the first names the columns (default: detected, 3 for Qualtrics, 2 for SurveyMonkey, else 1)")
	f.StringVar(&a.sheet, "sheet", "", "xlsx: the `SHEET` to read, by name or number from 1 (default: the first)")
	f.StringVar(&a.scoreCol, "score-col", "", "`COLUMN` holding the 0-10 score (default: detected from the header)")
	f.StringVar(&a.dateCol, "date-col", "", "`COLUMN` holding the response date (default: detected)")
	f.StringVar(&a.idCol, "id-col", "", "`COLUMN` identifying the respondent (default: detected)")
	f.StringVar(&a.commentCol, "comment-col", "", "`COLUMN` holding the free-text comment (default: detected)")
	f.StringVar(&a.weightCol, "weight-col", "", "`COLUMN` of response weights (never guessed)")
	f.StringVar(&a.countCol, "count-col", "", "`COLUMN` of counts: each row stands for that many responses (a GROUP BY result; a -f tally file needs no flag)")
	f.StringVar(&a.dateFormat, "date-format", "", "how to read dates: day-first, month-first, or a Go layout such as 02.01.2006 (default: detected per column)")
	f.StringVar(&a.scale, "scale", "", "score scale of the input: 0-10, or 1-11 for a recode that is shifted down by one (default: 0-10, and a column that looks 1-11 is an error)")
	f.StringVar(&a.tz, "tz", "UTC", "IANA time `ZONE` for periods and for dates without an offset")
	f.BoolVar(&a.strict, "strict", false, "stop at the first invalid score, weight or date instead of skipping it")

	f.StringArrayVar(&a.where, "where", nil, "keep rows where `COL=VALUE` or COL!=VALUE (repeatable, ANDed)")
	f.StringVar(&a.since, "since", "", "keep responses on or after `DATE` (YYYY-MM-DD, in --tz)")
	f.StringVar(&a.until, "until", "", "keep responses on or before `DATE` (YYYY-MM-DD, in --tz)")
	f.StringVar(&a.latestPer, "latest-per", "", "keep only each `COLUMN` value's latest response (e.g. a respondent id)")
	f.StringSliceVar(&a.by, "by", nil, "group by `COL[,COL...]` (the combination of their values)")
	f.StringVar(&a.period, "period", "", "group by period: day, week, month, quarter, year")
	f.StringVar(&a.sortBy, "sort", "key", "order groups by key, nps or n")

	f.Int64Var(&a.minN, "min-n", 30, "flag groups with fewer responses as low_n")
	f.Float64Var(&a.confidence, "confidence", 0.95, "confidence level of the intervals, in (0, 1)")
	f.StringVar(&a.ciMethod, "ci-method", "adjusted-wald", "interval method: adjusted-wald, wald or score")
}

// begin marks the command as started and checks the input and the flags
// every command shares; every command calls it first. It returns the output
// format (--format, else from the -o file name, else def) and the statistics
// options.
func (a *app) begin(def render.Format, files []string) (render.Format, nps.Options, error) {
	return a.start(def, files, false)
}

// beginTally is begin for the commands that also write -f tally (score,
// trend).
func (a *app) beginTally(def render.Format, files []string) (render.Format, nps.Options, error) {
	return a.start(def, files, true)
}

func (a *app) start(def render.Format, files []string, tally bool) (render.Format, nps.Options, error) {
	a.started = true
	if err := a.checkDB(files); err != nil {
		return 0, nps.Options{}, err
	}
	if err := a.checkStdin(files); a.db == "" && err != nil {
		return 0, nps.Options{}, err
	}
	if a.confidence <= 0 || a.confidence >= 1 {
		return 0, nps.Options{}, usererr.Usagef("use a level such as 0.9, 0.95 or 0.99", "--confidence %v is not between 0 and 1", a.confidence)
	}
	if a.minN < 0 {
		return 0, nps.Options{}, usererr.Usagef("use 0 or more", "--min-n %d is negative", a.minN)
	}
	order, err := engine.ParseOrder(a.sortBy)
	if err != nil {
		return 0, nps.Options{}, usererr.Usagef("use key, nps or n", "--sort %q is not a sort order", a.sortBy)
	}
	a.order = order
	method, err := nps.ParseMethod(a.ciMethod)
	if err != nil {
		return 0, nps.Options{}, usererr.Usagef("", "--ci-method: %v", err)
	}
	format := def
	if render.IsTallyFormat(a.format) {
		if !tally {
			return 0, nps.Options{}, usererr.Usagef("write the tally with nps score -f tally, or choose another --format", "-f tally is for score and trend")
		}
		format = render.Tally
	} else if a.format != "" {
		if format, err = render.ParseFormat(a.format); err != nil {
			return 0, nps.Options{}, usererr.Usagef("", "--format: %v", err)
		}
	} else if f, ok := formatOfName(a.output); ok {
		format = f
	}
	return format, nps.Options{Confidence: a.confidence, Method: method, MinN: a.minN}, nil
}

// formatOfName is the output format a file name asks for (-o report.json),
// used when --format is not given.
func formatOfName(name string) (render.Format, bool) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))
	switch ext {
	case "csv", "tsv", "json", "jsonl", "md", "markdown":
		f, err := render.ParseFormat(ext)
		return f, err == nil
	}
	return 0, false
}

// checkStdin refuses to wait on a terminal: with no FILE and nothing piped
// in, a user would otherwise see nps hang.
func (a *app) checkStdin(files []string) error {
	if !a.inTerminal {
		return nil
	}
	for _, f := range files {
		if f != "-" {
			continue
		}
		return usererr.Usagef("give a FILE, or pipe the data in: nps score < responses.csv", "standard input is a terminal")
	}
	if len(files) == 0 {
		return usererr.Usagef("give a FILE, or pipe the data in: nps score < responses.csv", "no input file")
	}
	return nil
}

func (a *app) style() render.Style {
	color := a.isTerminal && a.output == "" && !a.noColor && a.getenv("NO_COLOR") == ""
	return render.Style{Color: color}
}

func (a *app) location() (*time.Location, error) {
	loc, err := time.LoadLocation(a.tz)
	if err != nil {
		return nil, usererr.Usagef("use an IANA zone name such as UTC, Europe/Berlin or America/New_York", "--tz %q is not a time zone", a.tz)
	}
	return loc, nil
}

func (a *app) periodUnit(def period.Unit) (period.Unit, error) {
	if a.period == "" {
		return def, nil
	}
	u, err := period.ParseUnit(a.period)
	if err != nil {
		return 0, usererr.Usagef("use day, week, month, quarter or year", "--period %q is not a period", a.period)
	}
	return u, nil
}

// surveyOptions turns the input and filter flags into reader options.
func (a *app) surveyOptions() (survey.Options, error) {
	loc, err := a.location()
	if err != nil {
		return survey.Options{}, err
	}
	opt := survey.Options{
		InputFormat: a.inputFormat,
		Delimiter:   a.delimiter,
		Encoding:    a.encoding,
		HeaderRows:  a.headerRows,
		Sheet:       a.sheet,
		ScoreCol:    a.scoreCol,
		DateCol:     a.dateCol,
		IDCol:       a.idCol,
		CommentCol:  a.commentCol,
		WeightCol:   a.weightCol,
		CountCol:    a.countCol,
		Location:    loc,
		Strict:      a.strict,
		LatestPer:   a.latestPer,
	}
	if opt.Scale, err = survey.ParseScale(a.scale); err != nil {
		return opt, err
	}
	if opt.DateFormat, err = dates.ParseFormat(a.dateFormat); err != nil {
		return opt, usererr.Usagef("see nps --help for the accepted --date-format values", "invalid --date-format %q: %v", a.dateFormat, err)
	}
	for _, w := range a.where {
		c, err := survey.ParseCondition(w)
		if err != nil {
			return opt, err
		}
		opt.Where = append(opt.Where, c)
	}
	if opt.Since, err = parseDay("--since", a.since, loc); err != nil {
		return opt, err
	}
	if opt.Until, err = parseDay("--until", a.until, loc); err != nil {
		return opt, err
	}
	if !opt.Since.IsZero() && !opt.Until.IsZero() && opt.Until.Before(opt.Since) {
		return opt, usererr.Usagef("swap them", "--until %s is before --since %s", a.until, a.since)
	}
	return opt, nil
}

func parseDay(flag, value string, loc *time.Location) (time.Time, error) {
	if value == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(value), loc)
	if err != nil {
		return time.Time{}, usererr.Usagef("write the date as YYYY-MM-DD", "%s %q is not a date", flag, value)
	}
	return t, nil
}

// checkFailUnder returns a threshold error when --fail-under is set and the
// overall NPS is below it.
func checkFailUnder(failUnder float64, overall nps.Result) error {
	if math.IsNaN(failUnder) || overall.NPS >= failUnder {
		return nil
	}
	return &usererr.Error{Kind: usererr.Threshold, Msg: fmt.Sprintf("NPS %.1f is below --fail-under %g", overall.NPS, failUnder)}
}
