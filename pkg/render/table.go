package render

import (
	"bytes"
	"io"
	"slices"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// grid is a table ready for a terminal (tablewriter) or Markdown: header,
// rows, an optional total row set apart at the bottom, and note lines
// printed under the table. Cell text is final (already sanitised and
// formatted) except for Markdown escaping, which the Markdown writer adds.
type grid struct {
	header []string
	right  []bool // right-align the column (numbers)
	rows   [][]string
	total  []string // the "Overall" row; nil for none
	notes  []string
}

// tableRendition is the look of every terminal table: no outer frame, no
// column rules, a rule under the header and above the total row. It reads
// like `gh` or `kubectl` output and copies cleanly into an e-mail.
func tableRendition() tw.Rendition {
	return tw.Rendition{
		Borders: tw.BorderNone,
		Symbols: tw.NewSymbols(tw.StyleLight),
		Settings: tw.Settings{
			Separators: tw.Separators{BetweenColumns: tw.Off, BetweenRows: tw.Off},
			Lines:      tw.Lines{ShowTop: tw.Off, ShowBottom: tw.Off, ShowHeaderLine: tw.On, ShowFooterLine: tw.On},
		},
	}
}

// renderTerminal writes g with tablewriter, then its notes.
func (g *grid) renderTerminal(w io.Writer) error {
	aligns := make([]tw.Align, len(g.header))
	for i := range aligns {
		aligns[i] = tw.AlignLeft
		if i < len(g.right) && g.right[i] {
			aligns[i] = tw.AlignRight
		}
	}
	cell := func(a tw.Align) tw.CellConfig {
		return tw.CellConfig{
			Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNone},
			Alignment:  tw.CellAlignment{Global: a, PerColumn: aligns},
		}
	}
	var buf bytes.Buffer
	t := tablewriter.NewTable(&buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tableRendition())),
		tablewriter.WithConfig(tablewriter.Config{
			Header: cell(tw.AlignLeft),
			Row:    cell(tw.AlignLeft),
			Footer: cell(tw.AlignLeft),
			Behavior: tw.Behavior{
				AutoHide:  tw.Off,
				TrimSpace: tw.Off, // cells are pre-padded so decimals line up
				TrimTab:   tw.Off,
			},
		}),
	)
	t.Header(toAny(g.header)...)
	for _, r := range g.rows {
		if err := t.Append(r); err != nil {
			return err
		}
	}
	if g.total != nil {
		t.Footer(toAny(g.total)...)
	}
	if err := t.Render(); err != nil {
		return err
	}
	// tablewriter pads every line to the table width; trailing blanks are
	// noise in a terminal, in golden files and in pasted text.
	out := trimTrailing(buf.String())
	for _, n := range g.notes {
		out += n + "\n"
	}
	_, err := io.WriteString(w, out)
	return err
}

func toAny(s []string) []any {
	a := make([]any, len(s))
	for i, v := range s {
		a[i] = v
	}
	return a
}

// trimTrailing removes trailing spaces from every line.
func trimTrailing(s string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, l := range lines {
		nl := strings.HasSuffix(l, "\n")
		l = strings.TrimRight(strings.TrimSuffix(l, "\n"), " ")
		b.WriteString(l)
		if nl {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// narrow measures text we pad ourselves (Markdown source, composite cells,
// chart labels). East Asian ambiguous characters count as narrow whatever
// the locale, so output does not depend on the environment.
var narrow = &runewidth.Condition{EastAsianWidth: false}

// renderMarkdown writes g as a GitHub-flavoured Markdown table: padded
// source columns, "---:" for numbers, the total row in bold at the bottom,
// notes as paragraphs after a blank line.
func (g *grid) renderMarkdown(w io.Writer) error {
	if len(g.header) == 0 {
		return nil // no columns: no table
	}
	rows := make([][]string, 0, len(g.rows)+2)
	rows = append(rows, g.header)
	rows = append(rows, g.rows...)
	if g.total != nil {
		t := slices.Clone(g.total)
		if t[0] != "" {
			t[0] = "**" + t[0] + "**"
		}
		rows = append(rows, t)
	}
	esc := make([][]string, len(rows))
	widths := make([]int, len(g.header))
	for i, r := range rows {
		esc[i] = make([]string, len(g.header))
		for j := range g.header {
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
			if j < len(g.right) && g.right[j] {
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
		if j < len(g.right) && g.right[j] {
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
		b.WriteString("\n" + mdNote(n) + "\n")
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

// padLeft pads the cells of one logical column to a common width, right
// aligned, so numbers line up on their last digit inside composite cells
// such as "50 (41.7%)".
func padLeft(cells []string) []string {
	max := 0
	for _, c := range cells {
		if n := narrow.StringWidth(c); n > max {
			max = n
		}
	}
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.Repeat(" ", max-narrow.StringWidth(c)) + c
	}
	return out
}
