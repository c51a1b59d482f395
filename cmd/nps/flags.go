package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// The flag groups. Each is a small struct whose AddFlags defines its flags
// on the commands that use them (docs/decisions.md has the table) and files
// them under a heading in help.

// inputFlags say how to read the input: format, layout and column roles.
type inputFlags struct {
	format, delimiter, encoding string
	headerRows                  int
	sheet                       string
	scale                       survey.Scale
	dateFormat                  dates.Format
	loc                         *time.Location
	scoreCol, dateCol           string
	weightCol, idCol            string
	commentCol, countCol        string
	db, table                   string // --db URL --table T
}

func (in *inputFlags) AddFlags(cmd *cobra.Command) {
	addGroup(cmd, headingInput, func(f *pflag.FlagSet) {
		f.StringVar(&in.format, "input-format", "", "input `FORMAT`: csv, tsv, json, jsonl, xlsx (default: from the file name, else the content)")
		f.StringVar(&in.delimiter, "delimiter", "", "CSV field delimiter, one `CHAR` or \"tab\" (default: sniffed among , ; tab |)")
		f.StringVar(&in.encoding, "encoding", "", "input `ENCODING`: utf-8, utf-16le, utf-16be, or an IANA name such as windows-1252, windows-1251, cp949, shift_jis, gb18030, big5 (default: from the byte-order mark, else utf-8, else judged from the bytes)")
		f.Var(newValue(&in.headerRows, 0, "", "int", atLeast(1, "a number of rows of 1 or more", "leave it out to detect the header rows")),
			"header-rows", "`N` header rows; the first names the columns (default: detected, 3 for Qualtrics, 2 for SurveyMonkey, else 1)")
		f.StringVar(&in.sheet, "sheet", "", "xlsx: the `SHEET` to read, by name or number from 1 (default: the first)")
		f.Var(newValue(&in.scale, survey.ScaleDetect, "", "string", parseScale),
			"scale", "score `SCALE` of the input: 0-10, or 1-11 for a recode shifted down by one (default: 0-10; a column that looks 1-11 is an error)")
	})
	in.addColumnFlags(cmd, "(default: detected)", "(default: detected)")
	addGroup(cmd, headingInput, func(f *pflag.FlagSet) {
		f.Var(newValue(&in.dateFormat, dates.Format{}, "", "string", parseDateFormat),
			"date-format", "how to read dates: day-first, month-first, or a Go `LAYOUT` such as 02.01.2006 (default: detected per column)")
	})
	in.addZoneFlag(cmd)
	completeChoices(cmd, "input-format", []string{"csv", "tsv", "json", "jsonl", "xlsx"})
	completeChoices(cmd, "encoding", []string{"utf-8", "utf-16le", "utf-16be", "windows-1252", "windows-1250", "windows-1251", "windows-1254",
		"koi8-r", "cp949", "shift_jis", "gb18030", "big5"})
	completeChoices(cmd, "scale", []string{"0-10", "1-11"})
	completeChoices(cmd, "date-format", []string{"day-first", "month-first"})
}

// addColumnFlags adds --score-col and --date-col; scoreNote and dateNote
// say what happens without them.
func (in *inputFlags) addColumnFlags(cmd *cobra.Command, scoreNote, dateNote string) {
	addGroup(cmd, headingInput, func(f *pflag.FlagSet) {
		f.StringVar(&in.scoreCol, "score-col", "", "`COLUMN` holding the 0-10 score, by name or #N for the N-th "+scoreNote)
		f.StringVar(&in.dateCol, "date-col", "", "`COLUMN` holding the response date, by name or #N "+dateNote)
	})
	in.completeColumns(cmd, "score-col", "date-col")
}

// addZoneFlag adds --tz.
func (in *inputFlags) addZoneFlag(cmd *cobra.Command) {
	addGroup(cmd, headingInput, func(f *pflag.FlagSet) {
		f.Var(newValue(&in.loc, time.UTC, "UTC", "string", parseZone), "tz", "IANA time `ZONE` for periods and for dates without an offset")
	})
}

// AddWeightFlag adds --weight-col, for the commands whose results weights
// change (and inspect, which shows the role).
func (in *inputFlags) AddWeightFlag(cmd *cobra.Command) {
	addGroup(cmd, headingInput, func(f *pflag.FlagSet) {
		f.StringVar(&in.weightCol, "weight-col", "", "`COLUMN` of response weights (never guessed)")
	})
	in.completeColumns(cmd, "weight-col")
}

// AddCountFlag adds --count-col, for the commands that tally (a
// pre-aggregated row stands for several responses).
func (in *inputFlags) AddCountFlag(cmd *cobra.Command) {
	addGroup(cmd, headingInput, func(f *pflag.FlagSet) {
		f.StringVar(&in.countCol, "count-col", "", "`COLUMN` of counts: each row stands for that many responses (a GROUP BY result; a -f tally file needs no flag)")
	})
	in.completeColumns(cmd, "count-col")
}

// AddDBFlags adds --db and --table, for the commands that tally: the
// database computes the tally, and only tally rows travel.
func (in *inputFlags) AddDBFlags(cmd *cobra.Command) {
	addGroup(cmd, headingInput, func(f *pflag.FlagSet) {
		f.StringVar(&in.db, "db", "", "read from a database instead of FILEs: postgres://USER@HOST:PORT/DB or clickhouse://HOST[:PORT]/DB (password from the URL, PGPASSWORD or CLICKHOUSE_PASSWORD; never printed)")
		in.addTableFlag(f, "with --db: the `TABLE` to read, used verbatim as the FROM item (a qualified name, a view, a table function)")
	})
}

func (in *inputFlags) addTableFlag(f *pflag.FlagSet, usage string) {
	f.StringVar(&in.table, "table", "", usage)
}

// database is the engine's database for --db, or nil; it checks --db and
// --table against the FILE arguments.
func (in *inputFlags) database(files []string, getenv func(string) string) (*engine.Database, error) {
	switch {
	case in.db == "" && in.table != "":
		return nil, usererr.Usagef("give --db URL with it, or drop it", "--table goes with --db")
	case in.db == "":
		return nil, nil
	case len(files) > 0:
		return nil, usererr.Usagef("read FILEs or --db, not both", "--db given with FILE arguments")
	case strings.TrimSpace(in.table) == "":
		return nil, usererr.Usagef("name the table with --table T", "--db needs --table")
	}
	return &engine.Database{URL: in.db, Table: in.table, Getenv: getenv}, nil
}

// AddRoleFlags adds --id-col and --comment-col: only inspect shows those
// roles today.
func (in *inputFlags) AddRoleFlags(cmd *cobra.Command) {
	addGroup(cmd, headingInput, func(f *pflag.FlagSet) {
		f.StringVar(&in.idCol, "id-col", "", "`COLUMN` identifying the respondent (default: detected)")
		f.StringVar(&in.commentCol, "comment-col", "", "`COLUMN` holding the free-text comment (default: detected)")
	})
	in.completeColumns(cmd, "id-col", "comment-col")
}

// readOptions are the reader options the input flags ask for.
func (in *inputFlags) readOptions() survey.Options {
	return survey.Options{
		InputFormat: in.format,
		Delimiter:   in.delimiter,
		Encoding:    in.encoding,
		HeaderRows:  in.headerRows,
		Sheet:       in.sheet,
		ScoreCol:    in.scoreCol,
		DateCol:     in.dateCol,
		IDCol:       in.idCol,
		CommentCol:  in.commentCol,
		WeightCol:   in.weightCol,
		CountCol:    in.countCol,
		DateFormat:  in.dateFormat,
		Scale:       in.scale,
		Location:    in.loc,
	}
}

// filterFlags pick the rows that count.
type filterFlags struct {
	where        []string
	since, until string
	latestPer    string
	strict       bool
}

// AddFlags adds the filter flags; in reads the columns they complete.
func (fl *filterFlags) AddFlags(cmd *cobra.Command, in *inputFlags) {
	fl.addRowFilters(cmd, in)
	addGroup(cmd, headingFilter, func(f *pflag.FlagSet) {
		f.StringVar(&fl.latestPer, "latest-per", "", "keep each `COLUMN` value's latest response (e.g. a respondent id)")
		f.BoolVar(&fl.strict, "strict", false, "stop at the first invalid score, weight or date instead of skipping it")
	})
	in.completeColumns(cmd, "latest-per")
}

// addRowFilters adds --where, --since and --until: the filters a database
// can run too (nps sql).
func (fl *filterFlags) addRowFilters(cmd *cobra.Command, in *inputFlags) {
	addGroup(cmd, headingFilter, func(f *pflag.FlagSet) {
		f.StringArrayVar(&fl.where, "where", nil, "keep rows where `COL=VALUE` or COL!=VALUE (repeatable, ANDed)")
		f.StringVar(&fl.since, "since", "", "keep responses on or after `DATE` (YYYY-MM-DD, in --tz)")
		f.StringVar(&fl.until, "until", "", "keep responses on or before `DATE` (YYYY-MM-DD, in --tz)")
	})
	in.completeWhere(cmd)
}

// apply adds the filters to reader options whose Location is set.
func (fl *filterFlags) apply(o *survey.Options) error {
	o.Strict, o.LatestPer = fl.strict, fl.latestPer
	for _, w := range fl.where {
		c, err := survey.ParseCondition(w)
		if err != nil {
			return err
		}
		o.Where = append(o.Where, c)
	}
	var err error
	if o.Since, err = parseDay("--since", fl.since, o.Location); err != nil {
		return err
	}
	if o.Until, err = parseDay("--until", fl.until, o.Location); err != nil {
		return err
	}
	if !o.Since.IsZero() && !o.Until.IsZero() && o.Until.Before(o.Since) {
		return usererr.Usagef("swap them", "--until %s is before --since %s", fl.until, fl.since)
	}
	return nil
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

// groupFlags say how to group the responses.
type groupFlags struct {
	by   []string
	unit period.Unit
}

// AddFlags adds --by and --period, whose default is def.
func (g *groupFlags) AddFlags(cmd *cobra.Command, in *inputFlags, def period.Unit) {
	defText := ""
	if def != period.None {
		defText = def.String()
	}
	addGroup(cmd, headingGrouping, func(f *pflag.FlagSet) {
		f.StringSliceVar(&g.by, "by", nil, "group by `COL[,COL...]` (the combination of their values)")
		f.Var(newValue(&g.unit, def, defText, "string", parsePeriod), "period", "group by `PERIOD`: "+strings.Join(periodNames, ", "))
	})
	in.completeColumnList(cmd, "by")
	completeChoices(cmd, "period", periodNames)
}

func (g *groupFlags) grouping() engine.Grouping {
	return engine.Grouping{By: g.by, Period: g.unit}
}

// addSortFlag adds --sort, for the commands that list groups in an order
// of the user's choosing.
func addSortFlag(cmd *cobra.Command, order *engine.Order) {
	addGroup(cmd, headingGrouping, func(f *pflag.FlagSet) {
		f.Var(newValue(order, engine.ByKey, "key", "string", parseOrder), "sort", "order groups by `ORDER`: "+strings.Join(orderNames, ", "))
	})
	completeChoices(cmd, "sort", orderNames)
}

// statsFlags say how results are computed.
type statsFlags struct {
	confidence float64
	method     nps.Method
	minN       int
	bands      nps.Bands
}

// AddFlags adds the interval flags, --min-n and --bands.
func (s *statsFlags) AddFlags(cmd *cobra.Command) {
	s.AddIntervalFlags(cmd)
	addGroup(cmd, headingStatistics, func(f *pflag.FlagSet) {
		f.Var(newValue(&s.minN, 30, "30", "int", atLeast(0, "a count of 0 or more", "use 0 or more")),
			"min-n", "flag groups with fewer than `N` responses as low_n")
		f.Var(newValue(&s.bands, nps.DefaultBands(), nps.DefaultBands().String(), "string", parseBands),
			"bands", "the `BANDS` that put an NPS into words: the lowest band's name, then FROM:NAME for each further band (a convention; see docs/statistics.md)")
	})
}

// AddIntervalFlags adds --confidence and --ci-method.
func (s *statsFlags) AddIntervalFlags(cmd *cobra.Command) {
	addGroup(cmd, headingStatistics, func(f *pflag.FlagSet) {
		f.Var(newValue(&s.confidence, 0.95, "0.95", "float", parseLevel), "confidence", "confidence `LEVEL` of the intervals, between 0 and 1")
		f.Var(newValue(&s.method, nps.AdjustedWald, nps.AdjustedWald.String(), "string", parseMethod),
			"ci-method", "interval `METHOD`: "+strings.Join(methodNames, ", "))
	})
	completeChoices(cmd, "ci-method", methodNames)
}

func (s *statsFlags) options() nps.Options {
	return nps.Options{Confidence: s.confidence, Method: s.method, MinN: int64(s.minN), Bands: s.bands}
}

// outputFlags say where and how results are written.
type outputFlags struct {
	format  *render.Format // nil: from the -o file name, else the command's default
	file    string
	quiet   bool
	color   colorMode
	noColor bool
}

// AddFlags adds the output flags; def is the command's default format, and
// more are formats beyond the common ones that the command writes.
func (o *outputFlags) AddFlags(cmd *cobra.Command, def render.Format, more ...render.Format) {
	all := append(slices.Clone(formatNames), names(more...)...)
	parse := func(s string) (*render.Format, error) {
		f, err := parseFormat(s)
		if err == nil && !slices.Contains(all, f.String()) {
			return nil, &badValue{"an output format of this command", "use " + orList(all) + " (-f tally is for score and trend)"}
		}
		return f, err
	}
	addGroup(cmd, headingOutput, func(f *pflag.FlagSet) {
		f.VarP(newValue(&o.format, nil, "", "string", parse), "format", "f", "output `FORMAT`: "+strings.Join(all, ", ")+" (default "+def.String()+")")
		o.addFileFlag(f, " (its extension sets the format unless --format is given)")
		f.BoolVarP(&o.quiet, "quiet", "q", false, "do not print warnings")
		f.Var(newValue(&o.color, colorAuto, "auto", "string", parseColor), "color", "colour `WHEN`: auto (when stdout is a terminal, NO_COLOR is unset and TERM is not dumb), always or never")
		f.BoolVar(&o.noColor, "no-color", false, "never use colour (as --color never)")
	})
	completeChoices(cmd, "format", all)
	completeChoices(cmd, "color", colorNames)
}

// addFileFlag adds -o; more says more about it.
func (o *outputFlags) addFileFlag(f *pflag.FlagSet, more string) {
	f.StringVarP(&o.file, "output", "o", "", "write to `FILE` atomically instead of standard output"+more)
}

// formatOr is the output format: --format, else the one the -o file name
// asks for, else def.
func (o *outputFlags) formatOr(def render.Format) render.Format {
	if o.format != nil {
		return *o.format
	}
	if f, ok := formatOfName(o.file); ok {
		return f
	}
	return def
}

// formatOfName is the output format a file name asks for (-o report.json).
func formatOfName(name string) (render.Format, bool) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))
	switch ext {
	case "csv", "tsv", "json", "jsonl", "md", "markdown", "html", "svg":
		f, err := render.ParseFormat(ext)
		return f, err == nil
	}
	return 0, false
}

// addFailUnder adds --fail-under.
func addFailUnder(cmd *cobra.Command, t *threshold) {
	cmd.Flags().Var(newValue(t, threshold{}, "", "float", parseThreshold), "fail-under", "exit with status 3 when the overall NPS is below `X`")
}

// check returns a threshold error when --fail-under is set and the overall
// NPS is below it.
func (t threshold) check(overall nps.Result) error {
	if !t.set || overall.NPS >= t.value {
		return nil
	}
	return &usererr.Error{Kind: usererr.Threshold, Msg: fmt.Sprintf("NPS %.1f is below --fail-under %g", overall.NPS, t.value)}
}
