package render

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/npskit/nps/pkg/drivers"
	"github.com/npskit/nps/pkg/followup"
	"github.com/npskit/nps/pkg/nps"
)

// The report's insight sections: segments (drivers), themes and the
// follow-up summary. Each is built from the same parts as the command
// that prints it alone (Drivers, Themes), with a chart where one helps;
// where a section cannot be computed, its note says why and what to do.

// maxDotRows caps the rows a segments chart draws: the values with the
// largest impact (either way); the table under it lists every one.
const maxDotRows = 40

// driversChart is the drivers as a dot-and-whisker chart: a row per
// segment value in impact order, its NPS with the interval, the rest of
// the responses' NPS as a reference tick, drags and lifts marked.
func driversChart(rep *DriversReport) *chart {
	ds := rep.Drivers
	var left int
	if len(ds) > maxDotRows {
		order := make([]int, len(ds))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int {
			ia, ib := math.Abs(ds[a].Impact), math.Abs(ds[b].Impact)
			switch {
			case ia > ib || math.IsNaN(ib) && !math.IsNaN(ia):
				return -1
			case ia < ib || math.IsNaN(ia) && !math.IsNaN(ib):
				return 1
			}
			return 0
		})
		keep := order[:maxDotRows]
		slices.Sort(keep)
		kept := make([]drivers.Driver, len(keep))
		for i, k := range keep {
			kept[i] = ds[k]
		}
		ds, left = kept, len(rep.Drivers)-maxDotRows
	}
	s := series{name: "NPS", y: make([]float64, len(ds)), lo: make([]float64, len(ds)), hi: make([]float64, len(ds)),
		flag: make([]bool, len(ds)), tones: make([]tone, len(ds))}
	rest := series{name: "rest of the responses", y: make([]float64, len(ds))}
	c := &chart{kind: dotChart, band: confLabel(rep.Confidence),
		caption: fmt.Sprintf("NPS of each segment value against the rest of the responses, by impact (overall %s, n = %d)", fmt1(rep.Overall.NPS), rep.Overall.N)}
	for j, d := range ds {
		c.x = append(c.x, sanitizeTerm(d.Column)+" = "+termKey(d.Value))
		s.y[j], s.lo[j], s.hi[j], s.flag[j] = d.Result.NPS, d.Result.CILow, d.Result.CIHigh, d.Result.LowN
		_, s.tones[j] = mark(d)
		rest.y[j] = d.RestNPS
	}
	c.series = []series{s, rest}
	if left > 0 {
		c.notes = append(c.notes, fmt.Sprintf("Not drawn (chart limited to %d rows): the %d values with the smallest impact; the table lists every value.", maxDotRows, left))
	}
	return c
}

// segmentsBlocks are the segments section: its heading and text, the
// chart and the drivers table; or the heading and why there is none.
func segmentsBlocks(rep *PageReport) []block {
	sec := &section{title: "Segments"}
	if rep.Drivers == nil || len(rep.Drivers.Drivers) == 0 {
		why := rep.DriversNote
		if why == "" {
			why = "No segment column with 2 to 50 values: --by COL names the columns to compare."
		}
		sec.text = []string{why}
		return []block{sec}
	}
	cols := make([]string, len(rep.DriverColumns))
	for i, c := range rep.DriverColumns {
		cols[i] = sanitizeTerm(c)
	}
	sec.text = []string{"Each value of " + joinWords(cols) + " against the rest of the responses: the dot is its NPS, the whisker its " +
		confLabel(rep.Options.Confidence) + ", the tick the NPS of everyone else; ▼ marks a significant drag and ▲ a significant lift (" +
		adjustedBy[rep.Drivers.Adjust] + "); hollow dots have fewer than " + strconv.FormatInt(rep.Options.MinN, 10) + " responses."}
	return []block{sec, driversChart(rep.Drivers), driversGrid(rep.Drivers)}
}

// joinWords joins "a", "b", "c" as "a, b and c".
func joinWords(ws []string) string {
	if len(ws) <= 1 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

// themesSection is the themes section: per category its distinctive terms
// with an example comment each; or why there are none.
func themesSection(rep *PageReport) []block {
	sec := &section{title: "Themes"}
	if rep.Themes == nil {
		why := rep.ThemesNote
		if why == "" {
			why = "No comment column detected: no themes (--comment-col names one)."
		}
		sec.text = []string{why}
		return []block{sec}
	}
	sec.text = []string{"The words and two-word phrases each category's comments use distinctively more than the other categories' comments, with an example comment each."}
	n := 0
	for _, g := range rep.Themes.Themes {
		n += len(g.Terms)
	}
	if n == 0 {
		sec.text = append(sec.text, fmt.Sprintf("No term stands out in the %d comments (too few comments, or none used more by one category).", rep.Themes.Comments))
		return []block{sec}
	}
	return append([]block{sec}, themesBlocks(rep.Themes, 120)...)
}

// followupSection is the follow-up summary: how many detractors' follow-
// ups are due and overdue as of a day, overall and by segment value.
func followupSection(rep *PageReport) []block {
	sec := &section{title: "Follow-up"}
	f := rep.Followup
	if f == nil {
		why := rep.FollowupNote
		if why == "" {
			why = "No respondent id column detected: no follow-up summary (--id-col names one)."
		}
		sec.text = []string{why}
		return []block{sec}
	}
	sec.text = []string{fmt.Sprintf("Each respondent's latest response, as of %s: a detractor's follow-up is due within %d days of the response and overdue after that (nps followup lists who to contact).",
		f.AsOf, f.DueDays)}
	cat := f.Categories
	sum := &summary{figures: []figure{
		{label: "Detractors to follow up", value: strconv.FormatInt(f.Open.Detractors, 10), tone: badTone,
			detail: fmt.Sprintf("of %d respondents (passives %d, promoters %d)", f.Respondents, cat[nps.Passive], cat[nps.Promoter])},
		{label: "Overdue", value: strconv.FormatInt(f.Open.Overdue, 10), detail: "due before " + f.AsOf},
		{label: "Due", value: strconv.FormatInt(f.Open.Due, 10), detail: "due on " + f.AsOf + " or later"},
	}}
	blocks := []block{sec, sum}
	if len(f.Segments) > 0 {
		g := &grid{cols: []column{{head: "column"}, {head: "value"}, {head: "detractors", right: true}, {head: "overdue", right: true}, {head: "due", right: true}}}
		for _, s := range f.Segments {
			g.rows = append(g.rows, []cell{{text: sanitizeTerm(s.Column)}, {text: termKey(s.Value)},
				{text: strconv.FormatInt(s.Detractors, 10)}, {text: strconv.FormatInt(s.Overdue, 10)}, {text: strconv.FormatInt(s.Due, 10)}})
		}
		g.notes = []string{"Detractors by segment value, as of " + f.AsOf + "."}
		blocks = append(blocks, g)
	}
	return blocks
}

func followupDoc(f *followup.Summary) value {
	if f == nil {
		return null()
	}
	counts := func(c followup.Counts) object {
		return object{{"detractors", count(c.Detractors)}, {"overdue", count(c.Overdue)}, {"due", count(c.Due)}}
	}
	segs := []value{}
	for _, s := range f.Segments {
		segs = append(segs, nested(append(object{{"column", text(s.Column)}, {"value", text(s.Value)}}, counts(s.Counts)...)))
	}
	return nested(append(object{
		{"as_of", text(f.AsOf)}, {"due_days", count(int64(f.DueDays))}, {"respondents", count(f.Respondents)},
		{"detractors", count(f.Categories[nps.Detractor])}, {"passives", count(f.Categories[nps.Passive])}, {"promoters", count(f.Categories[nps.Promoter])},
		{"overdue", count(f.Open.Overdue)}, {"due", count(f.Open.Due)},
	}, field{"segments", list(segs)}))
}
