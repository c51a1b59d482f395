package main

import (
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/drivers"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/followup"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/themes"
	"github.com/npskit/nps/pkg/usererr"
)

type reportOptions struct {
	base
	filter filterFlags
	unit   period.Unit // period.None: from the date span
	stats  statsFlags
	title  string
	by     []string // segment columns; none: as drivers picks them
	asOf   string   // --as-of: the follow-up summary's day; "" for today
}

// reportFormats are the formats a report is written in: a page, a job
// summary, a document, or text for a terminal.
var reportFormats = []render.Format{render.HTML, render.Markdown, render.JSON, render.Table}

func newReportCmd(a *app, runF func(*reportOptions) error) *cobra.Command {
	o := &reportOptions{base: base{app: a}}
	cmd := &cobra.Command{
		Use:   "report [FILE...]",
		Short: "Write one shareable page: NPS, trend, segments, themes, follow-up",
		Long: `Write one shareable page about the responses: the NPS with its confidence
interval, n and the change from the previous period; the 0-10 distribution;
the trend with its interval, low-n periods and gaps; the segments (each
value against the rest, as nps drivers ranks them, drawn as dots with
whiskers, significant drags and lifts marked); the themes of each
category's comments (as nps themes finds them); the follow-up summary (how
many detractors' follow-ups are due and overdue, by segment); and data
notes (files, rows, blank and invalid scores, date range, detected
columns, methods). One pass over the input fills every section.

HTML (-o report.html or -f html) is one self-contained file: inline CSS and
SVG, no script, nothing fetched; it prints one section a page and follows a
dark colour scheme. Markdown (-f markdown) has the same sections, with
sparklines and text charts, for a CI job summary ($GITHUB_STEP_SUMMARY).

The trend's period is chosen from the date span (day up to a month, week up
to half a year, month up to 3 years, quarter up to 12 years, else year)
unless --period is given. Without a date column the report has no trend
and no follow-up summary; without a respondent id (--id-col) no follow-up
summary; without a comment column (--comment-col) no themes. The segment
columns are --by a,b,c, or by default every column with 2 to 50 values and
no role. Follow-ups are counted as of today, or --as-of DATE.`,
		Example: `  nps report responses.csv -o report.html
  nps report responses.csv --period quarter -f html > report.html
  nps report responses.csv --by region,plan --as-of 2025-06-30 -o report.html
  nps report responses.csv -f markdown >> "$GITHUB_STEP_SUMMARY"`,
	}
	cmd.RunE = runE(&o.base, o, runF, runReport)
	cmd.Flags().StringVar(&o.title, "title", "NPS report", "the page's `TITLE`")
	cmd.Flags().StringVar(&o.asOf, "as-of", "", "count follow-ups due and overdue as of `DATE` (YYYY-MM-DD, in --tz; default: today)")
	o.input.AddFlags(cmd)
	o.input.AddWeightFlag(cmd)
	o.input.AddRoleFlags(cmd)
	o.input.AddCountFlag(cmd)
	o.input.AddDBFlags(cmd)
	o.filter.AddFlags(cmd, &o.input)
	addGroup(cmd, headingGrouping, func(f *pflag.FlagSet) {
		f.Var(newValue(&o.unit, period.None, "auto", "string", parseReportPeriod), "period",
			"trend `PERIOD`: auto (from the date span), "+strings.Join(periodNames, ", "))
		f.StringSliceVar(&o.by, "by", nil, "segment `COL[,COL...]`, each on its own (default: every column with 2-50 values and no role)")
	})
	completeChoices(cmd, "period", append([]string{"auto"}, periodNames...))
	o.input.completeColumnList(cmd, "by")
	o.stats.AddFlags(cmd)
	o.out.AddFlags(cmd, render.HTML)
	return cmd
}

// parseReportPeriod reads --period: auto (period.None) or a unit.
func parseReportPeriod(s string) (period.Unit, error) {
	if strings.EqualFold(strings.TrimSpace(s), "auto") {
		return period.None, nil
	}
	return parsePeriod(s)
}

func runReport(o *reportOptions) error {
	a, format, opt := &o.base, o.out.formatOr(render.HTML), o.stats.options()
	if !slices.Contains(reportFormats, format) {
		return usererr.Usagef("use -f html, markdown, json or table", "report has no %s format", format)
	}
	// One pass fills every section: the responses by day, where there are
	// dates (the overall, the distribution, the date range, the trend as
	// days merged into periods, and each respondent's latest response for
	// the follow-up summary); overall again for the themes' term counts;
	// and one grouping per segment column for the drivers.
	q, err := a.query(a.files, &o.filter, engine.Grouping{Period: period.Day}, engine.Grouping{})
	if err != nil {
		return err
	}
	q.Read.DateIfAny = true
	asOf, err := parseDay("--as-of", o.asOf, q.Read.Location)
	if err != nil {
		return err
	}
	if asOf.IsZero() {
		asOf = time.Now().In(q.Read.Location)
	}
	var cols []string
	var fu reportFollowup
	q.Derive = func(columns []string, roles survey.Roles) []engine.Grouping {
		if o.input.db != "" && len(o.by) == 0 {
			return nil // a database tallies the columns named: drivers only with --by
		}
		var gs []engine.Grouping
		cols, gs = driverGroupings(o.by, columns, roles, period.None)
		return gs
	}
	q.Extras = []engine.Extra{
		{Grouping: 1, New: func(_ []string, roles survey.Roles) (breakdown.Accumulator, []int, error) {
			if roles.Comment < 0 {
				return nil, nil, nil // no themes: the section says so
			}
			return themes.NewCounter(roles.Comment, themes.Options{Lang: themes.Auto}), []int{roles.Comment}, nil
		}},
		{Grouping: 0, New: fu.accumulator(&cols, len(o.by) > 0)},
	}
	res, err := a.runQuery(q)
	if err != nil {
		return err
	}
	days := res.Groupings[0]
	overall := days.Overall()
	rep := &render.PageReport{
		Title:   o.title,
		Overall: overall.Result(opt),
		Options: opt,
		Dist: render.DistReport{Tally: overall, Result: overall.Result(opt), Blank: res.Stats.Blank,
			Invalid: res.Stats.Invalid, Confidence: opt.Confidence},
		Notes: render.DataNotes{Inputs: res.Inputs, Stats: res.Stats, ScoreCol: roleName(res, res.Roles.Score),
			DateCol: roleName(res, res.Roles.Date), IDCol: roleName(res, res.Roles.ID), CommentCol: roleName(res, res.Roles.Comment),
			Zone: q.Read.Location.String(), Warnings: res.Warnings},
	}
	if dayGroups := days.Groups(); len(dayGroups) > 0 {
		warning, err := addTrend(rep, res, dayGroups, o.unit, opt)
		if err != nil {
			return err
		}
		if warning != "" {
			a.warn([]string{warning})
			rep.Notes.Warnings = append(rep.Notes.Warnings, warning)
		}
	}
	src := driverSegments(res, cols, 2, 1, len(o.by) > 0, nil)
	for k, c := range cols {
		if src.kept[k] {
			rep.DriverColumns = append(rep.DriverColumns, c)
		}
	}
	rep.Drivers = &render.DriversReport{Overall: overall.Result(opt), Confidence: opt.Confidence,
		Drivers: slices.Collect(drivers.Ranked(&overall, src.n, src.segment, drivers.Options{Options: opt}))}
	if c, ok := res.Extras[0].(*themes.Counter); ok {
		rep.Themes = reportThemes(c, opt)
	}
	rep.Followup, rep.FollowupNote = fu.summary(res.Extras[1], period.Of(asOf, period.Day), cols, src.kept)
	return a.emit(func(w io.Writer) error { return render.Write(w, format, render.Report(rep), a.style()) })
}

// addTrend fills the report's date range, trend and change from the
// groups by day: merged into periods of unit, or of the unit the span asks
// for when unit is period.None. It returns the warning about outlying
// dates, if any.
func addTrend(rep *render.PageReport, res *engine.Result, dayGroups []breakdown.Group, unit period.Unit, opt nps.Options) (string, error) {
	first, last := dayGroups[0].Key.Period, dayGroups[len(dayGroups)-1].Key.Period
	rep.Notes.First, rep.Notes.Last = first.Label(), last.Label()
	if unit == period.None {
		unit, rep.UnitAuto = period.ForSpan(int64(last.Ord-first.Ord)+1), true
	}
	groups, warning, err := res.FillPeriods(breakdown.Coarsen(dayGroups, unit))
	if err != nil {
		return "", err
	}
	overall := rep.Dist.Tally
	rep.Unit = unit.String()
	rep.Trend = &render.TrendReport{
		ScoreReport: *scoreReport(res, overall, engine.Grouping{Period: unit}, groups, opt, engine.ByKey),
		Periods:     breakdown.SpanOf(slices.Values(groups)).Labels(),
		ShowCI:      true,
	}
	for i, c := range breakdown.Changes(groups, opt) {
		rep.Trend.Groups[i].Change = c
	}
	var prev, cur *breakdown.Group
	for i := range groups {
		if groups[i].Tally.N() > 0 {
			prev, cur = cur, &groups[i]
		}
	}
	if prev != nil {
		rep.Change = &render.Change{From: prev.Key.Period.Label(), To: cur.Key.Period.Label(),
			Comparison: nps.Compare(&prev.Tally, &cur.Tally, opt)}
	}
	return warning, nil
}

// roleName is the name of column i, "" for -1 (no such role).
func roleName(res *engine.Result, i int) string {
	if i < 0 || i >= len(res.Columns) {
		return ""
	}
	return res.Columns[i]
}

// reportThemes are the themes section's terms: the top 5 per category
// that stand out at the interval's level, used by 3 comments or more.
func reportThemes(c *themes.Counter, opt nps.Options) *render.ThemesReport {
	zc := -nps.NormalQuantile((1 - opt.Confidence) / 2)
	rank := themes.RankOptions{Top: 5, MinCount: 3, MinZ: zc}
	rep := &render.ThemesReport{Themes: []render.ThemeGroup{}}
	for _, grp := range c.Groups() {
		for cat := range 3 {
			rep.Comments += grp.Comments[cat]
			rep.Themes = append(rep.Themes, render.ThemeGroup{Category: categoryPlurals[cat], Comments: grp.Comments[cat],
				Terms: themes.Rank(&grp, nps.Category(cat), rank)})
		}
	}
	return rep
}

// reportFollowup makes the follow-up summary's accumulator in the pass
// and says why there is none.
type reportFollowup struct{ why string }

// accumulator is the Extra's New: each respondent's latest response with
// its values of the segment columns (*cols, set by Derive before it is
// called), on the grouping by day; unless explicit (--by), a column is
// given up past 50 values, as its grouping is.
func (f *reportFollowup) accumulator(cols *[]string, explicit bool) func([]string, survey.Roles) (breakdown.Accumulator, []int, error) {
	return func(columns []string, roles survey.Roles) (breakdown.Accumulator, []int, error) {
		switch {
		case roles.ID < 0:
			f.why = "No respondent id column detected: no follow-up summary (--id-col names one)."
			return nil, nil, nil
		case roles.Date < 0:
			f.why = "No date column detected: no follow-up summary, which counts days from each response (--date-col names one)."
			return nil, nil, nil
		}
		read := []int{roles.ID}
		var segs []int
		for _, c := range *cols {
			segs = append(segs, slices.Index(columns, c)) // -1 (not found by its exact name): left empty
		}
		for _, i := range segs {
			if i >= 0 {
				read = append(read, i)
			}
		}
		max := maxDriverValues // as the segment groupings give up
		if explicit {
			max = 0
		}
		return followup.NewLatest(roles.ID, segs, max), read, nil
	}
}

// summary is the follow-up summary as of the day asOf, by the segment
// columns kept; nil and the reason without one.
func (f *reportFollowup) summary(acc breakdown.Accumulator, asOf period.Period, cols []string, kept []bool) (*followup.Summary, string) {
	l, ok := acc.(*followup.Latest)
	if !ok {
		return nil, f.why
	}
	s := l.Summarize(asOf, followup.DefaultDue, cols, kept)
	return &s, ""
}
