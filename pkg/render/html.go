package render

import (
	"bufio"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// htmlWriter writes a report as one self-contained HTML page: inline CSS,
// charts as inline SVG, no script and nothing fetched (a Content Security
// Policy forbids it). html/template escapes every text; the charts are
// written by writeSVG, which escapes their text itself. Sections are
// headed <section>s that start a new page in print; the page follows the
// reader's light or dark colour scheme.
type htmlWriter struct{}

// htmlPage is what the page template reads.
type htmlPage struct {
	Title    string
	CSS      template.CSS
	Sections []*htmlSection
}

type htmlSection struct {
	ID, Title string
	Text      []string
	Blocks    []htmlBlock
}

// htmlBlock is one block: key figures, a table or a chart.
type htmlBlock struct {
	Figures []htmlFigure
	Table   *htmlTable
	Chart   template.HTML // an <svg> from writeSVG
	Caption string
	Notes   []string
}

type htmlFigure struct{ Label, Value, Detail, Class string }

type htmlTable struct {
	Head  []htmlCell
	Rows  [][]htmlCell
	Total []htmlCell
	Notes []string
}

type htmlCell struct {
	Text  string
	Class string
}

// pageCSS is the page's style; svgCSS styles its charts.
const pageCSS = `:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#5a5a5a;--bg:#fff;--rule:#d9d9d9;--det:#b34700;--pro:#005a8c}` +
	`@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--muted:#b0b0b0;--bg:#161616;--rule:#444;--det:#ff9a5c;--pro:#7cc4f0}}` +
	`body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}` +
	`main{max-width:860px;margin:0 auto;padding:24px 16px}h1{font-size:1.6em;margin:0 0 8px}h2{font-size:1.25em;margin:32px 0 8px;border-bottom:1px solid var(--rule)}` +
	`p{margin:6px 0}.note{color:var(--muted);font-size:.9em}figure{margin:12px 0}figcaption{font-weight:600}` +
	`svg.chart{max-width:100%;height:auto}table{border-collapse:collapse;margin:12px 0;font-variant-numeric:tabular-nums;font-size:.92em}` +
	`.scroll{overflow-x:auto}` +
	`th,td{padding:3px 8px;border-bottom:1px solid var(--rule);text-align:left}.num{text-align:right;white-space:nowrap}tfoot td{font-weight:600}` +
	`.figures{display:flex;flex-wrap:wrap;gap:12px 32px;margin:12px 0}.figure .label{display:block;color:var(--muted)}` +
	`.figure .value{display:block;font-size:2em;font-weight:700;line-height:1.2}.figure .detail{display:block;font-size:.9em}` +
	`.bad{color:var(--det)}.good{color:var(--pro)}` +
	`@media print{:root{--fg:#000;--bg:#fff}section+section{break-before:page}figure,table{break-inside:avoid}}`

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{range .Sections}}<section{{if .Title}} aria-labelledby="{{.ID}}"{{end}}>
{{if .Title}}<h2 id="{{.ID}}">{{.Title}}</h2>
{{end}}{{range .Text}}<p>{{.}}</p>
{{end}}{{range .Blocks}}{{if .Figures}}<div class="figures">
{{range .Figures}}<div class="figure"><span class="label">{{.Label}}</span><span class="value {{.Class}}">{{.Value}}</span><span class="detail">{{.Detail}}</span></div>
{{end}}</div>
{{end}}{{if .Chart}}<figure>
{{.Chart}}
<figcaption>{{.Caption}}</figcaption>
{{range .Notes}}<p class="note">{{.}}</p>
{{end}}</figure>
{{end}}{{with .Table}}<div class="scroll"><table>
<thead><tr>{{range .Head}}<th scope="col" class="{{.Class}}">{{.Text}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td class="{{.Class}}">{{.Text}}</td>{{end}}</tr>
{{end}}</tbody>
{{if .Total}}<tfoot><tr>{{range .Total}}<td class="{{.Class}}">{{.Text}}</td>{{end}}</tr></tfoot>
{{end}}</table></div>
{{range .Notes}}<p class="note">{{.}}</p>
{{end}}{{end}}{{end}}</section>
{{end}}</main>
</body>
</html>
`))

func (htmlWriter) report(w io.Writer, m *Model, _ Style) error {
	title := m.title
	if title == "" {
		title = "nps"
	}
	page := &htmlPage{Title: title, CSS: template.CSS(pageCSS + svgCSS)}
	sec := &htmlSection{}
	page.Sections = append(page.Sections, sec)
	charts := 0
	for _, b := range m.blocks {
		switch b := b.(type) {
		case *section:
			sec = &htmlSection{ID: "s" + strconv.Itoa(len(page.Sections)), Title: b.title, Text: b.text}
			page.Sections = append(page.Sections, sec)
		case *summary:
			var fs []htmlFigure
			for _, f := range b.figures {
				fs = append(fs, htmlFigure{f.label, f.value, f.detail, toneText[f.tone]})
			}
			sec.Blocks = append(sec.Blocks, htmlBlock{Figures: fs})
		case *chart:
			charts++
			var svg svgBuf
			writeSVG(&svg, b, "c"+strconv.Itoa(charts), false)
			// #nosec: writeSVG escapes every text it writes
			sec.Blocks = append(sec.Blocks, htmlBlock{Chart: template.HTML(svg.String()), Caption: b.caption, Notes: b.notes})
		case *grid:
			sec.Blocks = append(sec.Blocks, htmlBlock{Table: htmlTableOf(b)})
		}
	}
	if len(page.Sections[0].Blocks) == 0 && len(page.Sections) > 1 {
		page.Sections = page.Sections[1:]
	}
	// The template writes a few bytes at a time: unbuffered, a page of a
	// million rows (report --by email) was a system call each, 15 of its
	// 30 s.
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := pageTemplate.Execute(bw, page); err != nil {
		return err
	}
	return bw.Flush()
}

// toneText is the class of a figure's value by its tone.
var toneText = [...]string{noTone: "", badTone: "bad", fairTone: "", goodTone: "good"}

// htmlTableOf is g as an HTML table; its bars column is left out (a chart
// beside it draws them).
func htmlTableOf(g *grid) *htmlTable {
	var keep []int
	t := &htmlTable{}
	for j, c := range g.cols {
		if c.bars {
			continue
		}
		keep = append(keep, j)
		t.Head = append(t.Head, htmlCell{c.head, numClass(c)})
	}
	row := func(r []cell) []htmlCell {
		out := make([]htmlCell, len(keep))
		for i, j := range keep {
			if j < len(r) {
				out[i] = htmlCell{r[j].textOf(g.cols[j].join), strings.TrimSpace(numClass(g.cols[j]) + " " + toneText[r[j].tone])}
			}
		}
		return out
	}
	for r := range g.eachRow() {
		t.Rows = append(t.Rows, row(r))
	}
	if g.total != nil {
		t.Total = row(g.total)
	}
	for _, n := range g.notes {
		if n != "" {
			t.Notes = append(t.Notes, n)
		}
	}
	return t
}

func numClass(c column) string {
	if c.right {
		return "num"
	}
	return ""
}

// rows are buffered and written as a page with one table on Flush.
func (htmlWriter) rows(w io.Writer, header []string, _ Style) (RowWriter, error) {
	return &gridRows{w: w, header: header, render: func(w io.Writer, g *grid) error {
		return htmlWriter{}.report(w, &Model{blocks: []block{g}}, Style{})
	}}, nil
}
