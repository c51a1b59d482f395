package render

import (
	"io"
	"math"
	"strings"
)

// renderMarkdown writes g as a GitHub-flavoured Markdown table: padded
// source columns, "---:" for numbers, the total row in bold at the bottom,
// notes as paragraphs after a blank line (a blank note adds nothing).
func renderMarkdown(w io.Writer, g *grid) error {
	if len(g.cols) == 0 {
		return nil // no columns: no table
	}
	texts := func(r []cell) []string {
		out := make([]string, len(r))
		for j, c := range r {
			out[j] = c.textOf(g.cols[j].join)
		}
		return out
	}
	rows := make([][]string, 0, len(g.rows)+2)
	header := make([]string, len(g.cols))
	for j, c := range g.cols {
		header[j] = c.head
	}
	rows = append(rows, header)
	for r := range g.eachRow() {
		rows = append(rows, texts(r))
	}
	if g.total != nil {
		t := texts(g.total)
		if t[0] != "" {
			t[0] = "**" + t[0] + "**"
		}
		rows = append(rows, t)
	}
	esc := make([][]string, len(rows))
	widths := make([]int, len(g.cols))
	for i, r := range rows {
		esc[i] = make([]string, len(g.cols))
		for j := range g.cols {
			c := ""
			if j < len(r) {
				c = escapeMarkdown(strings.TrimSpace(r[j]))
			}
			esc[i][j] = c
			if wd := narrow.StringWidth(c); wd > widths[j] {
				widths[j] = wd
			}
		}
	}
	for j := range widths {
		if widths[j] < 3 {
			widths[j] = 3
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteByte('|')
		for j, c := range cells {
			pad := strings.Repeat(" ", widths[j]-narrow.StringWidth(c))
			b.WriteByte(' ')
			if g.cols[j].right {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
			b.WriteString(" |")
		}
		b.WriteByte('\n')
	}
	line(esc[0])
	b.WriteByte('|')
	for j, wd := range widths {
		if g.cols[j].right {
			b.WriteString(" " + strings.Repeat("-", wd-1) + ": |")
		} else {
			b.WriteString(" " + strings.Repeat("-", wd) + " |")
		}
	}
	b.WriteByte('\n')
	for _, r := range esc[1:] {
		line(r)
	}
	for _, n := range g.notes {
		if n != "" {
			b.WriteString("\n" + mdNote(escapeMarkdown(n)) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdNote escapes a note line, already escaped as a table cell is, for
// Markdown: a leading "*" would start a bullet list.
func mdNote(n string) string {
	n = sanitizeTerm(n)
	if strings.HasPrefix(n, "*") {
		n = `\` + n
	}
	return n
}

// markdownWriter writes GitHub-flavoured Markdown (for a job summary,
// $GITHUB_STEP_SUMMARY): sections as headings, key figures as a list,
// tables, and line charts as Unicode sparklines; a bar chart is left out
// (the table beside it has its bars). Blocks are separated by a blank line.
type markdownWriter struct{}

func (markdownWriter) report(w io.Writer, m *Model, _ Style) error {
	return writeBlocks(w, m, func(b block) error {
		var err error
		switch b := b.(type) {
		case *grid:
			err = renderMarkdown(w, b)
		case *chart:
			if b.kind == dotChart { // a code block keeps its columns on GitHub
				lines := dotLines(b)
				fence := codeFence(lines)
				err = writeLines(w, append(append([]string{fence + "text"}, lines...), fence))
				break
			}
			err = writeLines(w, sparklines(b))
		case *section:
			lines := []string{"## " + escapeMarkdown(b.title)}
			for _, t := range b.text {
				lines = append(lines, "", mdNote(escapeMarkdown(t)))
			}
			err = writeLines(w, lines)
		case *summary:
			var lines []string
			for _, f := range b.figures {
				l := "- " + escapeMarkdown(f.label) + ": **" + escapeMarkdown(f.value) + "**"
				if f.detail != "" {
					l += " " + escapeMarkdown(f.detail)
				}
				lines = append(lines, l)
			}
			err = writeLines(w, lines)
		}
		return err
	})
}

// sparkTicks are the eight heights of a sparkline.
var sparkTicks = []rune("▁▂▃▄▅▆▇█")

// sparklines are a line chart in Markdown: its caption in bold, then per
// series its name, a sparkline (a space for a gap) between its first and
// last period, and its lowest and highest value; then its notes.
func sparklines(c *chart) []string {
	if len(c.x) == 0 {
		return []string{"No responses to chart."}
	}
	lines := []string{"**" + escapeMarkdown(c.caption) + "**", ""}
	minV, maxV := math.Inf(1), math.Inf(-1)
	for _, s := range c.series {
		for _, v := range s.y {
			if !math.IsNaN(v) {
				minV, maxV = math.Min(minV, v), math.Max(maxV, v)
			}
		}
	}
	for _, s := range c.series {
		spark := make([]rune, len(s.y))
		lo, hi := math.Inf(1), math.Inf(-1)
		for j, v := range s.y {
			spark[j] = ' '
			if math.IsNaN(v) {
				continue
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
			k := 0
			if maxV > minV {
				k = int(math.Round((v - minV) / (maxV - minV) * float64(len(sparkTicks)-1)))
			}
			spark[j] = sparkTicks[k]
		}
		l := "- " + escapeMarkdown(s.name) + ": " + escapeMarkdown(c.x[0]) + " `" + string(spark) + "` " + escapeMarkdown(c.x[len(c.x)-1])
		if !math.IsInf(lo, 1) {
			l += " (lowest " + fmt1(lo) + c.unit + ", highest " + fmt1(hi) + c.unit + ")"
		}
		lines = append(lines, l)
	}
	for _, n := range c.notes {
		lines = append(lines, "", mdNote(escapeMarkdown(n)))
	}
	return lines
}

// rows are buffered and written as one table on Flush.
func (markdownWriter) rows(w io.Writer, header []string, _ Style) (RowWriter, error) {
	return &gridRows{w: w, header: header, render: renderMarkdown}, nil
}

// codeFence is a fence for a code block of lines: longer than any run of
// backticks in them, so that no value can close the block early.
func codeFence(lines []string) string {
	longest := 0
	for _, l := range lines {
		run := 0
		for _, r := range l {
			if r == '`' {
				run++
				longest = max(longest, run)
			} else {
				run = 0
			}
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}
