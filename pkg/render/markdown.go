package render

import (
	"io"
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
	for _, r := range g.rows {
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
			b.WriteString("\n" + mdNote(n) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdNote escapes a note line for Markdown: a leading "*" would start a
// bullet list.
func mdNote(n string) string {
	n = sanitizeTerm(n)
	if strings.HasPrefix(n, "*") {
		n = `\` + n
	}
	return n
}

// markdownWriter writes tables as GitHub-flavoured Markdown, with a blank
// line between them. It leaves charts out: Markdown has no way to draw one.
type markdownWriter struct{}

func (markdownWriter) report(w io.Writer, m *Model, _ Style) error {
	first := true
	for _, b := range m.blocks {
		g, ok := b.(*grid)
		if !ok {
			continue
		}
		if !first {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		first = false
		if err := renderMarkdown(w, g); err != nil {
			return err
		}
	}
	return nil
}

// rows are buffered and written as one table on Flush.
func (markdownWriter) rows(w io.Writer, header []string, _ Style) (RowWriter, error) {
	return &gridRows{w: w, header: header, render: renderMarkdown}, nil
}
