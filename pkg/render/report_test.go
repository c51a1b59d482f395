package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/npskit/nps/pkg/drivers"
	"github.com/npskit/nps/pkg/followup"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/themes"
)

// hostile is text a page must show as text: markup, quotes, an ampersand
// and a right-to-left override (dropped: it would reorder what is shown).
const hostile = `<script>alert("x")</script> & 'q'` + "\u202e" + `evil`

// hostileShown is hostile as a reader sees it.
const hostileShown = `<script>alert("x")</script> & 'q'evil`

func tallyOfScores(counts map[int]int) nps.Tally {
	var t nps.Tally
	for s, n := range counts {
		for range n {
			t.Add(s)
		}
	}
	return t
}

// testPage is a report whose figures are counted by hand: January has 5
// detractors (0), 3 passives (7) and 12 promoters (10): n 20, NPS
// 100 × (12 − 5) / 20 = 35.0, shares 25%, 15%, 60%. February has no
// responses; March has 2 detractors and 8 promoters: NPS 60.0. Every
// period has fewer than 30 responses (low n). The overall is January's
// tally, so that the headline and the distribution read 35.0 and n 20.
func testPage() *PageReport {
	opt := nps.Options{Confidence: 0.95, Method: nps.AdjustedWald, MinN: 30}
	jan, mar := tallyOfScores(map[int]int{0: 5, 7: 3, 10: 12}), tallyOfScores(map[int]int{0: 2, 10: 8})
	var feb nps.Tally
	overall := jan.Result(opt)
	return &PageReport{
		Title:   "Test " + hostile,
		Overall: overall,
		Options: opt,
		Dist:    DistReport{Tally: jan, Result: overall, Blank: 2, Confidence: 0.95},
		Trend: &TrendReport{
			ScoreReport: ScoreReport{
				KeyNames: []string{"period"}, Overall: overall, Confidence: 0.95, MinN: 30,
				Groups: []GroupResult{
					{Key: []string{"2025-01"}, Result: jan.Result(opt)},
					{Key: []string{"2025-02"}, Result: feb.Result(opt)},
					{Key: []string{"2025-03"}, Result: mar.Result(opt)},
				},
			},
			Periods: []string{"2025-01", "2025-02", "2025-03"},
			ShowCI:  true,
		},
		Unit: "month", UnitAuto: true,
		Change:        &Change{From: "2025-01", To: "2025-03", Comparison: nps.Compare(&jan, &mar, opt)},
		Drivers:       testDrivers(),
		DriverColumns: []string{"region", "plan"},
		Themes: &ThemesReport{Comments: 10, Themes: []ThemeGroup{
			{Category: "detractors", Comments: 4, Terms: []themes.Term{{Term: "login", Count: 3, Share: 0.75, Z: 2.5, Examples: []string{"login " + hostile}}}},
			{Category: "passives", Comments: 2},
			{Category: "promoters", Comments: 4, Terms: []themes.Term{{Term: "dashboard", Count: 2, Share: 0.5, Z: 2.1, Examples: []string{"the dashboard"}}}},
		}},
		Followup: &followup.Summary{Respondents: 30, Categories: [3]int64{10, 8, 12}, AsOf: "2025-03-31", DueDays: 2,
			Open: followup.Counts{Detractors: 10, Overdue: 7, Due: 3},
			Segments: []followup.SegmentCounts{
				{Column: "region", Value: "", Counts: followup.Counts{Detractors: 4, Overdue: 3, Due: 1}},
				{Column: "region", Value: hostile, Counts: followup.Counts{Detractors: 6, Overdue: 4, Due: 2}},
			}},
		Notes: DataNotes{
			Inputs:   []survey.Input{{Name: hostile + ".csv", Format: "csv", Encoding: "utf-8"}},
			Stats:    survey.Stats{Rows: 32, Valid: 30, Blank: 2},
			ScoreCol: "score", DateCol: "when", First: "2025-01-03", Last: "2025-03-28", Zone: "UTC",
			Warnings: []string{"column \"x\": " + hostile},
		},
	}
}

// testDrivers are three segment values, in impact order: a significant
// drag with a hostile name and low n, a value that differs from nothing,
// and a significant lift.
func testDrivers() *DriversReport {
	return &DriversReport{Overall: nps.Result{N: 100, NPS: 20}, Confidence: 0.95, Drivers: []drivers.Driver{
		{Column: "region", Value: hostile, Result: nps.Result{N: 20, NPS: -12.5, CILow: -40.2, CIHigh: 15.1, LowN: true},
			Share: 0.2, RestNPS: 28.1, Gap: -40.6, GapLow: -70, GapHigh: -10, PAdjusted: 0.01, Significant: true, Impact: 8.1},
		{Column: "region", Value: "", Result: nps.Result{N: 40, NPS: 22.5, CILow: 5.5, CIHigh: 38.4},
			Share: 0.4, RestNPS: 18.3, Gap: 4.2, GapLow: -15, GapHigh: 22, PAdjusted: 0.6, Impact: -1.7},
		{Column: "plan", Value: "Pro", Result: nps.Result{N: 40, NPS: 55, CILow: 41.2, CIHigh: 66.9},
			Share: 0.4, RestNPS: -3.3, Gap: 58.3, GapLow: 40, GapHigh: 75, PAdjusted: 0.001, Significant: true, Impact: -23.3},
	}}
}

func writeString(t *testing.T, f Format, m *Model) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, f, m, Style{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// find returns the elements under n that match.
func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

func texts(ns []*html.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strings.TrimSpace(textOf(n))
	}
	return out
}

// childTitles are the texts of the <title> children of the matching
// elements: the values the chart draws, one per mark.
func childTitles(ns []*html.Node) []string {
	var out []string
	for _, n := range ns {
		for c := range n.ChildNodes() {
			if c.Type == html.ElementNode && c.Data == "title" {
				out = append(out, textOf(c))
			}
		}
	}
	return out
}

func TestReportHTML(t *testing.T) {
	page := writeString(t, HTML, Report(testPage()))
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(find(doc, tag("title")))[0]; got != "Test "+hostileShown {
		t.Errorf("<title> %q", got)
	}
	if got := texts(find(doc, tag("h2"))); !slices.Equal(got, []string{"Net Promoter Score", "Score distribution", "Trend", "Segments", "Themes", "Follow-up", "Data notes"}) {
		t.Errorf("sections %q", got)
	}
	if n := len(find(doc, func(n *html.Node) bool { return n.Data == "script" || n.Data == "link" || attr(n, "src") != "" })); n > 0 {
		t.Errorf("%d script, link or src elements: the page must need no script and fetch nothing", n)
	}
	for _, s := range find(doc, tag("section")) {
		if h := find(s, tag("h2")); len(h) == 1 && attr(s, "aria-labelledby") != attr(h[0], "id") {
			t.Errorf("section %q is not labelled by its heading", textOf(h[0]))
		}
	}

	// The headline: NPS, n and the change (60.0 − 35.0), by hand.
	sections := find(doc, tag("section"))
	values := texts(find(sections[0], func(n *html.Node) bool { return hasClass(n, "value") }))
	if !slices.Equal(values, []string{"35.0", "20", "+25.0"}) {
		t.Errorf("headline figures %q, want 35.0, 20, +25.0", values)
	}
	// The follow-up summary: the model's detractors, overdue and due.
	if values := texts(find(sections[5], func(n *html.Node) bool { return hasClass(n, "value") })); !slices.Equal(values, []string{"10", "7", "3"}) {
		t.Errorf("follow-up figures %q, want 10, 7, 3", values)
	}
	if got := textOf(doc); !strings.Contains(got, "Change, 2025-03 vs 2025-01") || !strings.Contains(got, "Fewer than 30 responses") {
		t.Errorf("the headline lacks the change's periods or the low-n warning")
	}

	// Every chart: an image with a title and a description inside it.
	svgs := find(doc, tag("svg"))
	if len(svgs) != 3 {
		t.Fatalf("%d charts, want 3", len(svgs))
	}
	for _, s := range svgs {
		ids := strings.Fields(attr(s, "aria-labelledby"))
		if attr(s, "role") != "img" || len(ids) != 2 {
			t.Fatalf("chart without role=img and aria-labelledby: %v", s.Attr)
		}
		for i, want := range []string{"title", "desc"} {
			el := find(s, func(n *html.Node) bool { return attr(n, "id") == ids[i] })
			if len(el) != 1 || el[0].Data != want || strings.TrimSpace(textOf(el[0])) == "" {
				t.Errorf("chart %s: no %s with id %s", ids, want, ids[i])
			}
		}
	}

	// The distribution: 11 bars by category, each titled with its share.
	bars := find(svgs[0], func(n *html.Node) bool { return n.Data == "rect" && len(childTitles([]*html.Node{n})) == 1 })
	var cats []string
	for _, b := range bars {
		cats = append(cats, attr(b, "class"))
	}
	wantCats := []string{"det", "det", "det", "det", "det", "det", "det", "pas", "pas", "pro", "pro"}
	if !slices.Equal(cats, wantCats) {
		t.Errorf("bar colours %q, want %q", cats, wantCats)
	}
	shares := childTitles(bars)
	for _, want := range []string{"0: 25.0%", "1: 0.0%", "7: 15.0%", "10: 60.0%"} {
		if !slices.Contains(shares, want) {
			t.Errorf("no bar %q among %q", want, shares)
		}
	}

	// The trend: a point for January and March, hollow (low n), a gap for
	// February, the interval as a band.
	points := find(svgs[1], tag("circle"))
	if got := childTitles(points); !slices.Equal(got, []string{"2025-01: 35.0", "2025-03: 60.0"}) {
		t.Errorf("trend points %q", got)
	}
	for _, p := range points {
		if !hasClass(p, "low") {
			t.Errorf("point %q is not marked low n", childTitles([]*html.Node{p}))
		}
	}
	if n := len(find(svgs[1], func(n *html.Node) bool { return hasClass(n, "gap") })); n != 1 {
		t.Errorf("%d gaps, want 1 (February)", n)
	}
	// January and March are single periods: a band as wide as a point
	// each (the legend's swatch is 14 wide)
	if n := len(find(svgs[1], func(n *html.Node) bool { return hasClass(n, "band") && attr(n, "width") == "8" })); n != 2 {
		t.Errorf("%d interval bands, want one per period with responses", n)
	}

	// Data notes: hostile file names and warnings are text, not markup.
	notes := textOf(doc)
	for _, want := range []string{hostileShown + ".csv", "32", "2025-01-03 to 2025-03-28 (UTC)", "Warning: column \"x\": " + hostileShown, "Rocks 2016"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the page's text lacks %q", want)
		}
	}
	if strings.ContainsRune(page, '\u202e') {
		t.Error("a right-to-left override reached the page")
	}
}

// A segment value with markup is text in a chart alone, and the SVG is
// well-formed XML.
func TestTrendSVGEscapes(t *testing.T) {
	opt := nps.DefaultOptions()
	a, b := tallyOfScores(map[int]int{10: 3, 0: 1}), tallyOfScores(map[int]int{7: 2})
	rep := &TrendReport{ScoreReport: ScoreReport{KeyNames: []string{"region", "period"}, Confidence: 0.95, Groups: []GroupResult{
		{Key: []string{hostile, "2025-01"}, Result: a.Result(opt)},
		{Key: []string{hostile, "2025-02"}, Result: b.Result(opt)},
	}}}
	out := writeString(t, SVG, Trend(rep))
	dec := xml.NewDecoder(strings.NewReader(out))
	var chars strings.Builder
	elems := map[string]int{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, out)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			elems[tok.Name.Local]++
		case xml.CharData:
			chars.Write(tok)
		}
	}
	if elems["script"] > 0 || elems["svg"] != 1 || elems["circle"] != 2 {
		t.Errorf("elements %v: want one svg, two points, no script", elems)
	}
	if !strings.Contains(chars.String(), hostileShown) {
		t.Errorf("the segment's name is not in the chart's text:\n%s", chars.String())
	}
}

func TestDistSVG(t *testing.T) {
	opt := nps.DefaultOptions()
	tl := tallyOfScores(map[int]int{0: 1, 6: 1, 8: 2, 9: 4})
	out := writeString(t, SVG, Dist(&DistReport{Tally: tl, Result: tl.Result(opt), Confidence: 0.95}))
	if !strings.HasPrefix(out, `<?xml`) || !strings.Contains(out, `xmlns="http://www.w3.org/2000/svg"`) || !strings.Contains(out, "<style>") {
		t.Errorf("not a standalone SVG document:\n%.200s", out)
	}
	// shares by hand: 1/8 = 12.5%, 2/8 = 25%, 4/8 = 50%
	for _, want := range []string{"<title>0: 12.5%</title>", "<title>8: 25.0%</title>", "<title>9: 50.0%</title>", "<title>10: 0.0%</title>"} {
		if !strings.Contains(out, want) {
			t.Errorf("no bar %s", want)
		}
	}
}

func TestScoreHasNoSVG(t *testing.T) {
	err := Write(io.Discard, SVG, Score(&ScoreReport{}), Style{})
	if err == nil || !strings.Contains(err.Error(), "no chart") {
		t.Errorf("error %v, want: no chart", err)
	}
}

func TestReportMarkdown(t *testing.T) {
	md := writeString(t, Markdown, Report(testPage()))
	for _, want := range []string{
		"## Net Promoter Score", "## Score distribution", "## Trend", "## Data notes",
		"- NPS: **35.0** great, 95% CI", // 35 is in the band great (30-69)
		"- Change, 2025-03 vs 2025-01: **+25.0**",
		// 35.0 is the lowest (▁), February a gap, 60.0 the highest (█)
		"- NPS: 2025-01 `▁ █` 2025-03 (lowest 35.0, highest 60.0)",
		"|    10 | promoter  |    12 |",
		"&lt;script&gt;",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	// The segments chart is a code block (text on GitHub, whatever it
	// holds): markup may appear only there, and no line closes it early.
	fence := "```"
	var outside []string
	inBlock, blocks := false, 0
	for _, l := range strings.Split(md, "\n") {
		switch {
		case !inBlock && strings.HasPrefix(l, fence):
			inBlock, blocks = true, blocks+1
			fence = strings.TrimSuffix(l, "text")
		case inBlock && strings.TrimSpace(l) == fence:
			inBlock = false
		case !inBlock:
			outside = append(outside, l)
		}
	}
	if blocks != 1 || inBlock {
		t.Errorf("%d code blocks (open at the end: %v), want the segments chart", blocks, inBlock)
	}
	if text := strings.Join(outside, "\n"); strings.Contains(text, "<script>") {
		t.Error("markup reached the Markdown outside the chart's code block")
	}
	for _, want := range []string{"## Segments", "## Themes", "## Follow-up",
		"| region | " + strings.ReplaceAll(escapeMarkdown(hostileShown), "'", "'") + " |",
		"| region | (blank)    ", "| plan   | Pro", "▼ drag", "▲ lift",
		"- Detractors to follow up: **10**", "- Overdue: **7**", "- Due: **3**",
		"| segment columns ", "| region, plan ", "| respondent id column ", "none detected: no follow-up summary",
		"(Holm 1979)", "(Monroe, Colaresi &amp; Quinn 2008)"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
}

// A backtick run in a value cannot close the segments chart's code block.
func TestCodeFence(t *testing.T) {
	for _, c := range []struct {
		lines []string
		want  string
	}{
		{[]string{"plain"}, "```"},
		{[]string{"a ``` b", "``"}, "````"},
		{[]string{"x `````"}, "``````"},
	} {
		if got := codeFence(c.lines); got != c.want {
			t.Errorf("codeFence(%q) = %q, want %q", c.lines, got, c.want)
		}
	}
}

func TestReportJSON(t *testing.T) {
	js := writeString(t, JSON, Report(testPage()))
	for _, want := range []string{`"nps": 35,`, `"from": "2025-01"`, `"diff": 25,`, `"counts": [`, `"rows": 32,`, `"period": "month"`} {
		if !strings.Contains(js, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	p := testPage()
	p.Trend, p.Change = nil, nil
	if js := writeString(t, JSON, Report(p)); !strings.Contains(js, `"change": null`) || !strings.Contains(js, `"trend": null`) {
		t.Errorf("without dates, change and trend are not null:\n%s", js)
	}
}

func TestNiceStep(t *testing.T) {
	for x, want := range map[float64]float64{0: 1, 0.3: 0.5, 1: 1, 1.1: 2, 4: 5, 5.2: 10, 12: 20, 23: 25} {
		if got := niceStep(x); math.Abs(got-want) > 1e-12 {
			t.Errorf("niceStep(%g) = %g, want %g", x, got, want)
		}
	}
}

// f1 rounds to one decimal as a reader sees it, written here apart from
// the code under test.
func f1(x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	if s == "-0.0" {
		return "0.0"
	}
	return s
}

func num(t *testing.T, n *html.Node, key string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(attr(n, key), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.Data, key, attr(n, key), err)
	}
	return v
}

// Every number the segments chart draws is the model's: each row's dot,
// whisker ends and reference tick sit where the axis puts the model's
// NPS, interval and rest NPS, and its title says them; drags and lifts
// are marked by colour and by a glyph; the hostile value is text.
func TestReportSegmentsChart(t *testing.T) {
	rep := testPage()
	doc, err := html.Parse(strings.NewReader(writeString(t, HTML, Report(rep))))
	if err != nil {
		t.Fatal(err)
	}
	svg := find(doc, tag("svg"))[2]
	// The axis: its labelled ticks give the map from x to NPS points.
	ticks := find(svg, func(n *html.Node) bool { return n.Data == "text" && hasClass(n, "ax") })
	if len(ticks) < 2 {
		t.Fatalf("%d axis labels", len(ticks))
	}
	v0, _ := strconv.ParseFloat(textOf(ticks[0]), 64)
	v1, _ := strconv.ParseFloat(textOf(ticks[len(ticks)-1]), 64)
	x0, x1 := num(t, ticks[0], "x"), num(t, ticks[len(ticks)-1], "x")
	value := func(x float64) float64 { return v0 + (x-x0)*(v1-v0)/(x1-x0) }
	tol := (v1 - v0) / (x1 - x0) // a pixel, in points
	near := func(what string, x, want float64) {
		if math.Abs(value(x)-want) > tol {
			t.Errorf("%s at %.1f points, want %.1f", what, value(x), want)
		}
	}
	dots := find(svg, tag("circle"))
	whiskers := find(svg, func(n *html.Node) bool { return hasClass(n, "wh") })
	refs := find(svg, func(n *html.Node) bool { return n.Data == "line" && hasClass(n, "ref") })
	ds := rep.Drivers.Drivers
	if len(dots) != len(ds) || len(whiskers) != len(ds) || len(refs) != len(ds) {
		t.Fatalf("%d dots, %d whiskers, %d reference ticks; want %d each", len(dots), len(whiskers), len(refs), len(ds))
	}
	labels := []string{"region = " + hostileShown, "region = (blank)", "plan = Pro"}
	wantClass := []string{"det", "mid", "pro"}
	marks := []string{"; significant drag, low n", "", "; significant lift"}
	for i, d := range ds {
		r := d.Result
		near(labels[i]+" dot", num(t, dots[i], "cx"), r.NPS)
		near(labels[i]+" interval from", num(t, whiskers[i], "x1"), r.CILow)
		near(labels[i]+" interval to", num(t, whiskers[i], "x2"), r.CIHigh)
		near(labels[i]+" rest", num(t, refs[i], "x1"), d.RestNPS)
		want := labels[i] + ": NPS " + f1(r.NPS) + " (95% CI " + f1(r.CILow) + " to " + f1(r.CIHigh) + "), rest of the responses " + f1(d.RestNPS) + marks[i]
		if got := childTitles(dots[i : i+1]); len(got) != 1 || got[0] != want {
			t.Errorf("dot title %q, want %q", got, want)
		}
		if !hasClass(dots[i], wantClass[i]) || !hasClass(whiskers[i], wantClass[i]) {
			t.Errorf("%s: classes %q, %q, want %s", labels[i], attr(dots[i], "class"), attr(whiskers[i], "class"), wantClass[i])
		}
		if hasClass(dots[i], "low") != r.LowN {
			t.Errorf("%s: hollow %v, low n %v", labels[i], hasClass(dots[i], "low"), r.LowN)
		}
	}
	if got := texts(find(svg, func(n *html.Node) bool { return hasClass(n, "mk") })); !slices.Equal(got, []string{"▼", "▲"}) {
		t.Errorf("marks %q, want ▼ for the drag and ▲ for the lift", got)
	}
	// The description says every row in words.
	desc := textOf(find(svg, tag("desc"))[0])
	for i := range ds {
		if !strings.Contains(desc, labels[i]+": NPS "+f1(ds[i].Result.NPS)) {
			t.Errorf("the description lacks row %q:\n%s", labels[i], desc)
		}
	}
	// The value's full text is in the row's label (cut with …) and title.
	if got := texts(find(svg, func(n *html.Node) bool { return n.Data == "text" && strings.HasPrefix(textOf(n), "region = <script>") })); len(got) != 1 || !strings.HasSuffix(got[0], "…") {
		t.Errorf("hostile label %q, want it as text, cut with …", got)
	}
}

// Without segments, comments or respondents, each section says why.
func TestReportSectionsAbsent(t *testing.T) {
	p := testPage()
	p.Drivers, p.Themes, p.Followup = nil, nil, nil
	p.FollowupNote = "No date column detected: no follow-up summary."
	page := writeString(t, HTML, Report(p))
	for _, want := range []string{"No segment column with 2 to 50 values", "No comment column detected", "No date column detected: no follow-up summary."} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(page, "<svg"); n != 2 {
		t.Errorf("%d charts, want 2 (no segments chart)", n)
	}
	js := writeString(t, JSON, Report(p))
	for _, want := range []string{`"drivers": null`, `"themes": null`, `"followup": null`} {
		if !strings.Contains(js, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

// Past 40 values the chart keeps the 40 with the largest impact either
// way, in the table's order, and says how many it left to the table.
func TestDriversChartCap(t *testing.T) {
	rep := &DriversReport{Confidence: 0.95}
	// impacts 45, 43, ..., 1 for v00..v22, then -2, -4, ..., -44 for
	// v23..v44: by hand, the five smallest |impact| are v22 (1), v23 (2),
	// v21 (3), v24 (4) and v20 (5).
	for i := range 45 {
		imp := float64(45 - 2*i)
		if i >= 23 {
			imp = -float64(2 * (i - 22))
		}
		rep.Drivers = append(rep.Drivers, drivers.Driver{Column: "c", Value: fmt.Sprintf("v%02d", i), Impact: imp,
			Result: nps.Result{N: 10, NPS: float64(i)}})
	}
	c := driversChart(rep)
	if len(c.x) != maxDotRows {
		t.Fatalf("%d rows, want %d", len(c.x), maxDotRows)
	}
	for _, left := range []string{"c = v20", "c = v21", "c = v22", "c = v23", "c = v24"} {
		if slices.Contains(c.x, left) {
			t.Errorf("%s (small impact) is drawn", left)
		}
	}
	if c.x[0] != "c = v00" || c.x[39] != "c = v44" {
		t.Errorf("rows from %s to %s, want v00 to v44 in the table's order", c.x[0], c.x[39])
	}
	if len(c.notes) != 1 || !strings.Contains(c.notes[0], "the 5 values with the smallest impact") {
		t.Errorf("notes %q", c.notes)
	}
}

// countingWriter counts the writes it takes.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

// TestHTMLWritesInBlocks: an HTML page is written in blocks of 64 KiB, not
// a write per piece of the template (a system call each when writing a
// file: half of report --by email's time).
func TestHTMLWritesInBlocks(t *testing.T) {
	rep := scoreFixture()
	for i := range 3000 {
		rep.Groups = append(rep.Groups, GroupResult{Key: []string{fmt.Sprint("g", i), "2025-Q1"}, Result: result(5, 3, 2, 10, false)})
	}
	var w countingWriter
	if err := Write(&w, HTML, Score(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	if most := w.Len()/(64<<10) + 1; w.writes > most || w.Len() < 64<<10 {
		t.Errorf("%d bytes in %d writes, want at most %d", w.Len(), w.writes, most)
	}
}
