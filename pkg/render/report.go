package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/npskit/nps/pkg/followup"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/survey"
)

// PageReport is what `nps report` writes: one shareable page of sections,
// each built from the same parts as the command that prints it alone.
type PageReport struct {
	Title    string
	Overall  nps.Result
	Options  nps.Options // the interval level and method, and --min-n
	Dist     DistReport
	Trend    *TrendReport // nil without a date column
	Unit     string       // the trend's period unit: "month"
	UnitAuto bool         // the unit was chosen from the date span
	Change   *Change      // nil without two periods with responses
	// Drivers are the segments section: each value of DriverColumns
	// against the rest; nil, or none, when there is no segment column
	// (DriversNote may say why).
	Drivers       *DriversReport
	DriverColumns []string
	DriversNote   string
	// Themes are the distinctive terms per category; nil without a
	// comment column (ThemesNote may say why).
	Themes     *ThemesReport
	ThemesNote string
	// Followup is the follow-up summary; nil without a respondent id or a
	// date (FollowupNote says why).
	Followup     *followup.Summary
	FollowupNote string
	Notes        DataNotes
}

// Change is the last period with responses against the one before it
// that has responses.
type Change struct {
	From, To string // period labels
	nps.Comparison
}

// DataNotes say where the numbers come from.
type DataNotes struct {
	Inputs      []survey.Input
	Stats       survey.Stats
	ScoreCol    string
	DateCol     string // "" when the input has none
	IDCol       string // the respondent id column; "" when none
	CommentCol  string // "" when none
	First, Last string // the first and last day with a response (YYYY-MM-DD in Zone); "" without dates
	Zone        string
	Warnings    []string
}

// Report is the model of the page: its sections as blocks (headline
// figures, the distribution, the trend, segments, themes, follow-up, data
// notes), and a JSON document {"overall": RESULT, "change": {...} or null,
// "distribution": DIST, "trend": TREND or null, "drivers": DRIVERS or
// null, "themes": THEMES or null, "followup": {...} or null, "notes":
// {...}} whose parts are those of `nps score`, `nps dist`, `nps trend`,
// `nps drivers` and `nps themes`.
func Report(rep *PageReport) *Model {
	conf := rep.Options.Confidence
	dist := Dist(&rep.Dist)
	m := &Model{title: sanitizeTerm(rep.Title)}
	top := &section{title: "Net Promoter Score"}
	if rep.Overall.LowN && !rep.Overall.Empty() {
		top.text = []string{fmt.Sprintf("Fewer than %d responses: read the figures with care.", rep.Options.MinN)}
	}
	m.blocks = append(m.blocks, top, headline(rep))
	m.blocks = append(m.blocks, &section{title: "Score distribution", text: []string{
		"Share of the valid scores at each point of the 0-10 scale: detractors 0-6, passives 7-8, promoters 9-10.",
	}})
	m.blocks = append(m.blocks, dist.blocks...)
	trendDoc := null()
	if rep.Trend != nil {
		trend := Trend(rep.Trend)
		what := "NPS per " + rep.Unit
		if rep.UnitAuto {
			what += " (chosen from the date span; --period chooses another)"
		}
		text := what + ". The shaded band is the " + confLabel(conf) + "; hollow points have fewer than " +
			strconv.FormatInt(rep.Options.MinN, 10) + " responses; grey columns are periods without responses; ▲ ▼ in the table mark a significant change from the previous period."
		tb := trend.allBlocks()
		m.blocks = append(m.blocks, &section{title: "Trend", text: []string{text}}, tb[1], tb[0])
		trendDoc = nested(trend.doc.(object))
	}
	m.blocks = append(m.blocks, segmentsBlocks(rep)...)
	m.blocks = append(m.blocks, themesSection(rep)...)
	m.blocks = append(m.blocks, followupSection(rep)...)
	driversDoc, themesDoc := null(), null()
	if rep.Drivers != nil {
		driversDoc = nested(Drivers(rep.Drivers).doc.(object))
	}
	if rep.Themes != nil {
		themesDoc = nested(Themes(rep.Themes).doc.(object))
	}
	notes := dataNotes(rep)
	m.blocks = append(m.blocks, &section{title: "Data notes"}, notes)
	m.doc = object{
		{"overall", nested(resultFields(rep.Overall, rep.Overall.Weighted))},
		{"change", changeDoc(rep.Change)},
		{"distribution", nested(dist.doc.(object))},
		{"trend", trendDoc},
		{"drivers", driversDoc},
		{"themes", themesDoc},
		{"followup", followupDoc(rep.Followup)},
		{"notes", nested(notesDoc(&rep.Notes, rep.Unit))},
	}
	return m
}

// headline is the key figures: the NPS with its interval, n with the
// shares, and the change from the previous period.
func headline(rep *PageReport) *summary {
	r, conf := rep.Overall, rep.Options.Confidence
	s := &summary{figures: []figure{
		{label: "NPS", value: fmt1(r.NPS), detail: fmt.Sprintf("%s%s %s to %s", bandPrefix(r), confLabel(conf), fmt1(r.CILow), fmt1(r.CIHigh))},
		{label: "Responses", value: strconv.FormatInt(r.N, 10), detail: fmt.Sprintf("promoters %s, passives %s, detractors %s",
			fmtPct(r.PromotersPct), fmtPct(r.PassivesPct), fmtPct(r.DetractorsPct))},
	}}
	if c := rep.Change; c != nil {
		f := figure{label: "Change, " + c.To + " vs " + c.From, value: fmtSigned1(c.Diff)}
		interval := fmt.Sprintf("%s %s to %s", confLabel(conf), fmtSigned1(c.DiffCILow), fmtSigned1(c.DiffCIHigh))
		switch {
		case c.Significant && c.Diff > 0:
			f.detail, f.tone = "significant rise ("+interval+")", goodTone
		case c.Significant:
			f.detail, f.tone = "significant fall ("+interval+")", badTone
		default:
			f.detail = "no significant difference detected (" + interval + ")"
		}
		s.figures = append(s.figures, f)
	}
	return s
}

// bandPrefix is "great, " for a result in the band great; "" without one.
func bandPrefix(r nps.Result) string {
	if r.Band == "" {
		return ""
	}
	return sanitizeTerm(r.Band) + ", "
}

// null is JSON's null: a number with no value.
func null() value { return number(math.NaN()) }

func changeDoc(c *Change) value {
	if c == nil {
		return null()
	}
	return nested(object{
		{"from", text(c.From)}, {"to", text(c.To)},
		{"diff", number(c.Diff)}, {"diff_ci_low", number(c.DiffCILow)}, {"diff_ci_high", number(c.DiffCIHigh)},
		{"z", number(c.Z)}, {"p_value", number(c.PValue)}, {"significant", boolean(c.Significant)},
	})
}

// dataNotes is the table of where the numbers come from, with the method
// notes and their sources under it.
func dataNotes(rep *PageReport) *grid {
	n, st := &rep.Notes, rep.Notes.Stats
	g := &grid{cols: []column{{head: "item"}, {head: "value"}}}
	add := func(item, val string) { g.rows = append(g.rows, plain(item, val)) }
	for _, in := range n.Inputs {
		what := in.Format
		if in.Encoding != "" {
			what += ", " + in.Encoding
		}
		if in.Gzip {
			what += ", gzip"
		}
		if in.Vendor != "" {
			what += ", " + in.Vendor + " export"
		}
		what += fmt.Sprintf("; %d rows", in.Rows)
		add("file", fmt.Sprintf("%s (%s)", sanitizeTerm(in.Name), what))
	}
	add("rows read", strconv.FormatInt(st.Rows, 10))
	add("valid scores", strconv.FormatInt(st.Valid, 10))
	add("blank scores (non-responses, not counted)", strconv.FormatInt(st.Blank, 10))
	add("invalid scores (skipped)", strconv.FormatInt(st.Invalid, 10))
	if n.DateCol != "" {
		add("rows without a readable date (skipped)", strconv.FormatInt(st.BadDates, 10))
	}
	if st.Filtered > 0 {
		add("rows left out by the filters", strconv.FormatInt(st.Filtered, 10))
	}
	add("score column", sanitizeTerm(n.ScoreCol))
	if n.DateCol != "" {
		add("date column", sanitizeTerm(n.DateCol))
		add("date range", n.First+" to "+n.Last+" ("+n.Zone+")")
		unit := rep.Unit
		if rep.UnitAuto {
			unit += " (from the date span)"
		}
		add("period", unit)
	} else {
		add("date column", "none detected: no trend (--date-col names one)")
	}
	add("respondent id column", orNone(n.IDCol, "none detected: no follow-up summary (--id-col names one)"))
	add("comment column", orNone(n.CommentCol, "none detected: no themes (--comment-col names one)"))
	if len(rep.DriverColumns) > 0 {
		cols := make([]string, len(rep.DriverColumns))
		for i, c := range rep.DriverColumns {
			cols[i] = sanitizeTerm(c)
		}
		add("segment columns", strings.Join(cols, ", "))
	}
	add("confidence interval", confPct(rep.Options.Confidence)+", "+rep.Options.Method.String())
	add("low n", "fewer than "+strconv.FormatInt(rep.Options.MinN, 10)+" responses")
	for _, w := range n.Warnings {
		g.notes = append(g.notes, "Warning: "+sanitizeTerm(w))
	}
	g.notes = append(g.notes, methodNotes(rep.Options.Method)...)
	if rep.Drivers != nil && len(rep.Drivers.Drivers) > 0 {
		g.notes = append(g.notes, "Segments: each value's NPS against the rest of the responses, the gap's interval as for a change; p-values adjusted across all values (Holm 1979); impact = share × (rest NPS − segment NPS).")
	}
	if rep.Themes != nil {
		g.notes = append(g.notes, "Themes: log-odds ratios with an informative Dirichlet prior, each category against the others (Monroe, Colaresi & Quinn 2008); stop words removed per detected language.")
	}
	return g
}

// orNone is the column's name, or what its absence means.
func orNone(col, none string) string {
	if col == "" {
		return none
	}
	return sanitizeTerm(col)
}

// methodNotes say how the figures are computed, with their sources
// (docs/statistics.md has the full references).
func methodNotes(m nps.Method) []string {
	interval := map[nps.Method]string{
		nps.AdjustedWald:  "adjusted Wald: Wald after adding 0.75 detractors, 1.5 passives and 0.75 promoters (Rocks 2016; Sauro & Lewis 2021)",
		nps.Wald:          "Wald on the raw counts",
		nps.ScoreInterval: "Tango's score interval (Tango 1998; Rocks 2016)",
	}[m]
	change := "MOVER-Tango interval of the difference (Newcombe 1998, method 10; Zou & Donner 2008)"
	if m == nps.Wald {
		change = "two-sample Wald test"
	}
	return []string{
		"NPS = % promoters (9-10) − % detractors (0-6) of the valid scores, from −100 to +100.",
		"Intervals: " + interval + ".",
		"Change between periods: " + change + "; \"no significant difference detected\" is not proof that there is none.",
	}
}

func notesDoc(n *DataNotes, unit string) object {
	var files []value
	st := n.Stats
	for _, in := range n.Inputs {
		files = append(files, nested(object{
			{"name", text(in.Name)}, {"format", text(in.Format)}, {"encoding", text(in.Encoding)}, {"rows", count(in.Rows)},
		}))
	}
	return object{
		{"files", list(files)},
		{"rows", count(st.Rows)}, {"valid", count(st.Valid)}, {"blank", count(st.Blank)},
		{"invalid", count(st.Invalid)}, {"bad_dates", count(st.BadDates)}, {"filtered", count(st.Filtered)},
		{"score_column", text(n.ScoreCol)}, {"date_column", text(n.DateCol)},
		{"id_column", text(n.IDCol)}, {"comment_column", text(n.CommentCol)},
		{"first_date", text(n.First)}, {"last_date", text(n.Last)}, {"period", text(unit)},
		{"warnings", list(textList(n.Warnings))},
	}
}

func textList(ss []string) []value {
	out := []value{}
	for _, s := range ss {
		out = append(out, text(strings.TrimSpace(s)))
	}
	return out
}
