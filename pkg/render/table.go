package render

import (
	"bytes"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// ANSI colours of the tones.
const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
	ansiReset  = "\x1b[0m"
)

var toneColor = [...]string{badTone: ansiRed, fairTone: ansiYellow, goodTone: ansiGreen}

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
func renderTerminal(w io.Writer, g *grid, st Style) error {
	aligns := make([]tw.Align, len(g.cols))
	header := make([]string, len(g.cols))
	for j, c := range g.cols {
		aligns[j] = tw.AlignLeft
		if c.right {
			aligns[j] = tw.AlignRight
		}
		if !c.bars {
			header[j] = c.head
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
	t.Header(toAny(header)...)
	lay := newLayout(g, st)
	for _, r := range g.rows {
		if err := t.Append(lay.texts(r)); err != nil {
			return err
		}
	}
	if g.total != nil {
		t.Footer(toAny(lay.texts(g.total))...)
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

// layout turns a grid's cells into terminal text: the parts of a cell are
// padded on the left to the widest of that part in the column (rows and
// total), so that counts, shares and interval ends line up; bars are drawn,
// in colour when the style has it.
type layout struct {
	g      *grid
	color  bool
	widths [][]int // per column, per part
}

func newLayout(g *grid, st Style) *layout {
	l := &layout{g: g, color: st.Color, widths: make([][]int, len(g.cols))}
	measure := func(r []cell) {
		for j, c := range r {
			for k, p := range c.parts {
				if k == len(l.widths[j]) {
					l.widths[j] = append(l.widths[j], 0)
				}
				l.widths[j][k] = max(l.widths[j][k], narrow.StringWidth(p))
			}
		}
	}
	for _, r := range g.rows {
		measure(r)
	}
	measure(g.total)
	return l
}

func (l *layout) texts(r []cell) []string {
	out := make([]string, len(r))
	for j, c := range r {
		switch {
		case len(c.parts) > 0:
			padded := make([]string, len(c.parts))
			for k, p := range c.parts {
				padded[k] = strings.Repeat(" ", l.widths[j][k]-narrow.StringWidth(p)) + p
			}
			out[j] = strings.Join(padded, l.g.cols[j].join)
		case l.color && c.tone != noTone && c.textOf("") != "":
			out[j] = toneColor[c.tone] + c.textOf("") + ansiReset
		default:
			out[j] = c.textOf("")
		}
	}
	return out
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

// tableWriter writes tables for a terminal (tablewriter) and draws charts
// (asciigraph), one block after another with a blank line between;
// section headings are underlined and key figures are lines of text.
type tableWriter struct{}

func (tableWriter) report(w io.Writer, m *Model, st Style) error {
	return writeBlocks(w, m, func(b block) error {
		var err error
		switch b := b.(type) {
		case *grid:
			err = renderTerminal(w, b, st)
		case *chart:
			err = drawChart(w, b, st)
		case *section:
			err = writeLines(w, append([]string{b.title, strings.Repeat("=", narrow.StringWidth(b.title))}, b.text...))
		case *summary:
			var lines []string
			for _, f := range b.figures {
				lines = append(lines, strings.TrimSpace(f.label+": "+f.value+"  "+f.detail))
			}
			err = writeLines(w, lines)
		}
		return err
	})
}

// writeBlocks writes m's blocks with write, as the text formats show them:
// a blank line between blocks, bar charts left out (the grid beside a bar
// chart draws its bars).
func writeBlocks(w io.Writer, m *Model, write func(block) error) error {
	first := true
	for _, b := range m.blocks {
		if c, ok := b.(*chart); ok && c.kind == barChart {
			continue
		}
		if !first {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		first = false
		if err := write(b); err != nil {
			return err
		}
	}
	return nil
}

// writeLines writes each line and a line end.
func writeLines(w io.Writer, lines []string) error {
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}

// rows are buffered and laid out as one table on Flush.
func (tableWriter) rows(w io.Writer, header []string, st Style) (RowWriter, error) {
	return &gridRows{w: w, header: header, render: func(w io.Writer, g *grid) error { return renderTerminal(w, g, st) }}, nil
}
