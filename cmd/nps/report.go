package main

import (
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/usererr"
)

type reportOptions struct {
	base
	filter filterFlags
	unit   period.Unit // period.None: from the date span
	stats  statsFlags
	title  string
}

// reportFormats are the formats a report is written in: a page, a job
// summary, a document, or text for a terminal.
var reportFormats = []render.Format{render.HTML, render.Markdown, render.JSON, render.Table}

func newReportCmd(a *app, runF func(*reportOptions) error) *cobra.Command {
	o := &reportOptions{base: base{app: a}}
	cmd := &cobra.Command{
		Use:   "report [FILE...]",
		Short: "Write one shareable page: NPS, distribution, trend, data notes",
		Long: `Write one shareable page about the responses: the NPS with its confidence
interval, n and the change from the previous period; the 0-10 distribution;
the trend with its interval, low-n periods and gaps; and data notes (files,
rows, blank and invalid scores, date range, detected columns, methods).

HTML (-o report.html or -f html) is one self-contained file: inline CSS and
SVG, no script, nothing fetched; it prints one section a page and follows a
dark colour scheme. Markdown (-f markdown) has the same sections, with
sparklines, for a CI job summary ($GITHUB_STEP_SUMMARY).

The trend's period is chosen from the date span (day up to a month, week up
to half a year, month up to 3 years, quarter up to 12 years, else year)
unless --period is given. Without a date column the report has no trend.`,
		Example: `  nps report responses.csv -o report.html
  nps report responses.csv --period quarter -f html > report.html
  nps report responses.csv -f markdown >> "$GITHUB_STEP_SUMMARY"`,
	}
	cmd.RunE = runE(&o.base, o, runF, runReport)
	cmd.Flags().StringVar(&o.title, "title", "NPS report", "the page's `TITLE`")
	o.input.AddFlags(cmd)
	o.input.AddWeightFlag(cmd)
	o.input.AddCountFlag(cmd)
	o.input.AddDBFlags(cmd)
	o.filter.AddFlags(cmd, &o.input)
	addGroup(cmd, headingGrouping, func(f *pflag.FlagSet) {
		f.Var(newValue(&o.unit, period.None, "auto", "string", parseReportPeriod), "period",
			"trend `PERIOD`: auto (from the date span), "+strings.Join(periodNames, ", "))
	})
	completeChoices(cmd, "period", append([]string{"auto"}, periodNames...))
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
	// One pass: the responses by day, where there are dates. The overall,
	// the distribution, the date range and the trend (days merged into
	// periods) all come from it.
	q, err := a.query(a.files, &o.filter, engine.Grouping{Period: period.Day})
	if err != nil {
		return err
	}
	q.Read.DateIfAny = true
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
			DateCol: roleName(res, res.Roles.Date), Zone: q.Read.Location.String(), Warnings: res.Warnings},
	}
	if dayGroups := days.Groups(); len(dayGroups) > 0 {
		if err := addTrend(rep, res, dayGroups, o.unit, opt); err != nil {
			return err
		}
	}
	return a.emit(func(w io.Writer) error { return render.Write(w, format, render.Report(rep), a.style()) })
}

// addTrend fills the report's date range, trend and change from the
// groups by day: merged into periods of unit, or of the unit the span asks
// for when unit is period.None.
func addTrend(rep *render.PageReport, res *engine.Result, dayGroups []breakdown.Group, unit period.Unit, opt nps.Options) error {
	first, last := dayGroups[0].Key.Period, dayGroups[len(dayGroups)-1].Key.Period
	rep.Notes.First, rep.Notes.Last = first.Label(), last.Label()
	if unit == period.None {
		unit, rep.UnitAuto = period.ForSpan(int64(last.Ord-first.Ord)+1), true
	}
	groups, err := res.FillPeriods(breakdown.Coarsen(dayGroups, unit))
	if err != nil {
		return err
	}
	overall := rep.Dist.Tally
	rep.Unit = unit.String()
	rep.Trend = &render.TrendReport{
		ScoreReport: *scoreReport(res, overall, engine.Grouping{Period: unit}, groups, opt, engine.ByKey),
		Periods:     periodLabels(groups),
		ShowCI:      true,
	}
	rep.Trend.Changes = breakdown.Changes(groups, opt)
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
	return nil
}

// roleName is the name of column i, "" for -1 (no such role).
func roleName(res *engine.Result, i int) string {
	if i < 0 || i >= len(res.Columns) {
		return ""
	}
	return res.Columns[i]
}
