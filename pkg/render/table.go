package render

import (
	"bufio"
	"bytes"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

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

// renderTerminal writes g as a terminal table, then its notes: no frame,
// no column rules, a rule under the header and above the total row; it
// reads like `gh` or `kubectl` output and copies cleanly into an e-mail.
// With st.Width it fits that many columns (termTable.fit, or one block
// per row for a grid that asks for it); the notes are wrapped to it.
func renderTerminal(w io.Writer, g *grid, st Style) error {
	t := newTermTable(g, st)
	b := bufio.NewWriter(w)
	if st.Width > 0 && g.blocks && t.width(t.all()) > st.Width {
		t.writeBlocks(b, st.Width)
	} else {
		for i, panel := range t.fit(st.Width) {
			if i > 0 {
				b.WriteByte('\n')
			}
			if err := t.write(b, panel); err != nil {
				return err
			}
		}
	}
	for _, n := range g.notes {
		b.WriteString(wrapText(n, st.Width) + "\n")
	}
	return b.Flush()
}

// termTable is a grid as terminal text: the width of each part of the
// cells of each column (parts are padded on the left to the widest of that
// part in the column, so that counts, shares and interval ends line up)
// and of each column. The rows' text is made as lines are written, so that
// a grid whose rows are made on demand (grid.each) is never held.
type termTable struct {
	g       *grid
	color   bool
	head    []string
	parts   [][]int // per column, per part: the widest
	natural []int   // per column: the widest text, before any shortening
	widths  []int   // per column: as fitted
	n       int     // rows, without the total
	gap     int     // blanks between columns
}

// Gaps: one space before the first column, two between columns (one in a
// table that fits no other way).
const (
	tableMargin = 1
	tableGap    = 2
	minLabel    = 12 // labels this wide or less are never shortened
	minBar      = 10 // a shrunk bars column keeps at least this many
)

func newTermTable(g *grid, st Style) *termTable {
	t := &termTable{g: g, color: st.Color, head: make([]string, len(g.cols)), parts: make([][]int, len(g.cols)),
		widths: make([]int, len(g.cols)), gap: tableGap}
	// One pass: the widest of each part and, per column, of the cells
	// without parts; a cell with parts is as wide as its padded parts.
	plainW := make([]int, len(g.cols))
	mostParts := make([]int, len(g.cols))
	measure := func(r []cell) {
		for j, c := range r {
			if len(c.parts) == 0 {
				plainW[j] = max(plainW[j], narrow.StringWidth(c.textOf("")))
				continue
			}
			mostParts[j] = max(mostParts[j], len(c.parts))
			for k, p := range c.parts {
				if k == len(t.parts[j]) {
					t.parts[j] = append(t.parts[j], 0)
				}
				t.parts[j][k] = max(t.parts[j][k], narrow.StringWidth(p))
			}
		}
	}
	for r := range g.eachRow() {
		measure(r)
		t.n++
	}
	if g.total != nil {
		measure(g.total)
	}
	for j, c := range g.cols {
		if !c.bars {
			t.head[j] = c.head
		}
		w := max(narrow.StringWidth(t.head[j]), plainW[j])
		if m := mostParts[j]; m > 0 {
			pw := narrow.StringWidth(c.join) * (m - 1)
			for _, p := range t.parts[j][:m] {
				pw += p
			}
			w = max(w, pw)
		}
		t.widths[j] = w
	}
	t.natural = slices.Clone(t.widths)
	return t
}

// rowText is the text of each cell of r: parts padded and joined; cut
// with an ellipsis (bars drawn shorter) in a column narrowed by fit.
func (t *termTable) rowText(r []cell) []string {
	out := make([]string, len(t.g.cols))
	for j, c := range r {
		var s string
		if len(c.parts) == 0 {
			s = c.textOf("")
		} else {
			padded := make([]string, len(c.parts))
			for k, p := range c.parts {
				padded[k] = strings.Repeat(" ", t.parts[j][k]-narrow.StringWidth(p)) + p
			}
			s = strings.Join(padded, t.g.cols[j].join)
		}
		if t.widths[j] < t.natural[j] {
			if t.g.cols[j].bars {
				s = shrinkBar(s, t.widths[j])
			} else {
				s = ellipsis(s, t.widths[j])
			}
		}
		out[j] = s
	}
	return out
}

func (t *termTable) all() []int {
	cols := make([]int, len(t.widths))
	for j := range cols {
		cols[j] = j
	}
	return cols
}

// width is the width of a table of cols: its rules' length.
func (t *termTable) width(cols []int) int {
	w := 2*tableMargin + t.gap*(len(cols)-1)
	for _, j := range cols {
		w += t.widths[j]
	}
	return w
}

// fit makes the table fit limit columns (0: no limit) and returns its
// panels, the columns each shows. When shortening long labels with an
// ellipsis (left-aligned text wider than minLabel, the widest first) and
// drawing bars shorter makes the table fit, that is done; else the same
// with one blank between columns instead of two.
// Otherwise the table is split into panels that each repeat the label
// columns (labelColumns), labels shortened only where one panel still
// needs it, so that no column is ever dropped.
func (t *termTable) fit(limit int) [][]int {
	all := t.all()
	if limit <= 0 || t.width(all) <= limit {
		return [][]int{all}
	}
	for _, gap := range []int{tableGap, 1} {
		t.gap = gap
		old := t.shrunk(all, limit)
		if t.width(all) <= limit {
			t.shorten(old)
			return [][]int{all}
		}
		if old != nil {
			t.widths = old
		}
	}
	t.gap = tableGap
	keys := t.labelColumns(limit)
	var panels [][]int
	cur := slices.Clone(keys)
	for j := len(keys); j < len(all); j++ {
		if len(cur) > len(keys) && t.width(append(cur, j)) > limit {
			panels = append(panels, cur)
			cur = slices.Clone(keys)
		}
		cur = append(cur, j)
	}
	panels = append(panels, cur)
	for _, p := range panels {
		if t.width(p) > limit {
			t.shorten(t.shrunk(p, limit))
		}
	}
	return panels
}

// shrunk narrows the shrinkable columns of cols (text, heading included,
// to minLabel; bars to minBar; numbers never), the widest first, until they
// fit limit or none can give more, and returns the old widths; nil when
// no column could give anything.
func (t *termTable) shrunk(cols []int, limit int) []int {
	old := slices.Clone(t.widths)
	floor := func(j int) int {
		switch c := t.g.cols[j]; {
		case c.bars:
			return min(old[j], minBar)
		case c.right:
			return old[j]
		}
		return min(old[j], minLabel)
	}
	for over := t.width(cols) - limit; over > 0; over-- {
		widest := -1
		for _, j := range cols {
			if t.widths[j] > floor(j) && (widest < 0 || t.widths[j] > t.widths[widest]) {
				widest = j
			}
		}
		if widest < 0 {
			break
		}
		t.widths[widest]--
	}
	if slices.Equal(old, t.widths) {
		return nil
	}
	return old
}

// shorten shortens the headings of the columns narrowed since old (their
// cells are shortened as they are written, rowText). Nothing when old is
// nil.
func (t *termTable) shorten(old []int) {
	for j := range t.g.cols {
		if old != nil && t.widths[j] != old[j] {
			t.head[j] = ellipsis(t.head[j], t.widths[j])
		}
	}
}

// labelColumns are the columns every panel repeats: those left of the
// first number column (a result table's key columns), or, in a table of
// text, or when they would take more than half of limit, the first.
func (t *termTable) labelColumns(limit int) []int {
	for j, c := range t.g.cols {
		if c.right || c.bars {
			if keys := t.all()[:j]; j > 0 && t.width(keys) <= limit/2 {
				return keys
			}
			break
		}
	}
	return []int{0}
}

// ellipsis shortens s to width columns, its end replaced by "…".
func ellipsis(s string, width int) string {
	if narrow.StringWidth(s) <= width {
		return s
	}
	return narrow.Truncate(s, width, "…")
}

// shrinkBar scales a bar drawn maxBar columns long to width columns.
func shrinkBar(s string, width int) string {
	if s == "" || width >= maxBar {
		return s
	}
	eighths := 8 * (utf8.RuneCountInString(s) - 1)
	if r, _ := utf8.DecodeLastRuneInString(s); r == '█' {
		eighths += 8
	} else {
		eighths += strings.IndexRune("▏▎▍▌▋▊▉", r)/len("▏") + 1
	}
	return bar(float64(eighths) / float64(8*maxBar) * float64(width) / maxBar)
}

// tableRendition is the look of every terminal table: no outer frame, no
// column rules, a rule under the header and above the total row.
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

// maxTablewriterRows is the longest table tablewriter draws. It costs
// about 200,000 instructions a row (its debug logging and per-cell
// contexts): 9 s for a table of 100,000 groups (`score --by response_id`)
// against 1.7 s. Longer tables, which no one reads on a terminal but which
// must not take minutes, are written line by line to the same bytes
// (writeLines; TestTableDrawings holds the two equal).
const maxTablewriterRows = 2000

// write writes the table's columns cols: header, rule, rows, and the total
// row under a rule of its own.
func (t *termTable) write(b textWriter, cols []int) error {
	if t.n > maxTablewriterRows {
		t.writeLines(b, cols)
		return nil
	}
	return t.drawTable(b, cols)
}

// drawTable writes the table's columns cols with tablewriter. The cells
// are already padded (decimals line up) and fitted; tablewriter aligns them
// and draws the rules, its cell padding making the margin and the gaps.
func (t *termTable) drawTable(b textWriter, cols []int) error {
	aligns := make([]tw.Align, len(cols))
	pads := make([]tw.Padding, len(cols))
	for k, j := range cols {
		aligns[k] = tw.AlignLeft
		if t.g.cols[j].right {
			aligns[k] = tw.AlignRight
		}
		// margin | cell | gap | cell | margin: the gap is the right
		// padding of one cell and the left of the next.
		left, right := strings.Repeat(" ", tableMargin), strings.Repeat(" ", t.gap-tableMargin)
		if k == len(cols)-1 {
			right = strings.Repeat(" ", tableMargin)
		}
		pads[k] = tw.Padding{Left: left, Right: right, Overwrite: true}
	}
	cell := tw.CellConfig{
		Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNone},
		Alignment:  tw.CellAlignment{Global: tw.AlignLeft, PerColumn: aligns},
		Padding:    tw.CellPadding{PerColumn: pads},
	}
	var buf bytes.Buffer
	table := tablewriter.NewTable(&buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tableRendition())),
		tablewriter.WithConfig(tablewriter.Config{
			Header: cell, Row: cell, Footer: cell,
			Behavior: tw.Behavior{AutoHide: tw.Off, TrimSpace: tw.Off, TrimTab: tw.Off},
		}),
	)
	table.Header(t.texts(cols, t.head, nil)...)
	for r := range t.g.eachRow() {
		if err := table.Append(t.texts(cols, t.rowText(r), r)); err != nil {
			return err
		}
	}
	if t.g.total != nil {
		table.Footer(t.texts(cols, t.rowText(t.g.total), t.g.total)...)
	}
	if err := table.Render(); err != nil {
		return err
	}
	// tablewriter pads every line to the table's width; trailing blanks
	// are noise in a terminal, in golden files and in pasted text.
	for l := range strings.Lines(buf.String()) {
		b.WriteString(strings.TrimRight(l, " \n") + "\n")
	}
	return nil
}

// writeLines writes what drawTable draws, one line at a time.
func (t *termTable) writeLines(b textWriter, cols []int) {
	rule := strings.Repeat("─", t.width(cols)) + "\n"
	var l strings.Builder
	line := func(cells []any) {
		l.Reset()
		l.WriteString(strings.Repeat(" ", tableMargin))
		for k, c := range cells {
			if k > 0 {
				l.WriteString(strings.Repeat(" ", t.gap))
			}
			l.WriteString(c.(string))
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	line(t.texts(cols, t.head, nil))
	b.WriteString(rule)
	for r := range t.g.eachRow() {
		line(t.texts(cols, t.rowText(r), r))
	}
	if t.g.total != nil {
		b.WriteString(rule)
		line(t.texts(cols, t.rowText(t.g.total), t.g.total))
	}
}

// textWriter is where a table is written: a bufio.Writer, or a
// strings.Builder in tests.
type textWriter interface {
	io.StringWriter
	io.ByteWriter
}

// texts are the cells cols of one row's texts, each padded to its
// column's width (so that tablewriter's widths are the fitted ones) and in
// its tone's colour when the style has colour.
func (t *termTable) texts(cols []int, texts []string, cells []cell) []any {
	out := make([]any, len(cols))
	for k, j := range cols {
		s := texts[j]
		pad := strings.Repeat(" ", max(0, t.widths[j]-narrow.StringWidth(s)))
		if t.color && cells != nil && cells[j].tone != noTone && len(cells[j].parts) == 0 && s != "" {
			s = toneColor[cells[j].tone] + s + ansiReset
		}
		if t.g.cols[j].right {
			s = pad + s
		} else {
			s += pad
		}
		out[k] = s
	}
	return out
}

// writeBlocks writes the table as one block per row, for a table of text
// too wide for limit (inspect's columns): the row's first cell as a title,
// then each other column's heading and value (when it has one), the values
// wrapped to fit.
func (t *termTable) writeBlocks(b textWriter, limit int) {
	hw := 0
	for _, h := range t.head[1:] {
		hw = max(hw, narrow.StringWidth(h))
	}
	indent := strings.Repeat(" ", tableMargin+2+hw+tableGap)
	first := true
	rows := t.g.eachRow()
	if t.g.total != nil {
		rows = func(yield func([]cell) bool) {
			for r := range t.g.eachRow() {
				if !yield(r) {
					return
				}
			}
			yield(t.g.total)
		}
	}
	for row := range rows {
		if !first {
			b.WriteByte('\n')
		}
		first = false
		r := t.rowText(row)
		b.WriteString(strings.Repeat(" ", tableMargin) + wrapText(r[0], limit-tableMargin) + "\n")
		for j := 1; j < len(r); j++ {
			if r[j] == "" {
				continue // no role, no question: nothing to show
			}
			v := wrapText(r[j], limit-len(indent))
			v = strings.ReplaceAll(v, "\n", "\n"+indent)
			h := t.head[j] + strings.Repeat(" ", hw-narrow.StringWidth(t.head[j]))
			b.WriteString(strings.TrimRight(strings.Repeat(" ", tableMargin+2)+h+strings.Repeat(" ", tableGap)+v, " ") + "\n")
		}
	}
}

// wrapText breaks s into lines of at most width columns at spaces (0: no
// limit); continuation lines are indented by two spaces more than s. A
// word longer than a line stays whole.
func wrapText(s string, width int) string {
	return wrapHanging(s, width, "  ")
}

// wrapHanging is wrapText with hang (instead of two spaces) before the
// continuation lines.
func wrapHanging(s string, width int, hang string) string {
	if width <= 0 || narrow.StringWidth(s) <= width {
		return s
	}
	lead := s[:len(s)-len(strings.TrimLeft(s, " "))]
	indent := lead + hang
	var lines []string
	line := lead
	for _, word := range strings.Fields(s) {
		switch {
		case line == lead || line == indent:
			line += word
		case narrow.StringWidth(line)+1+narrow.StringWidth(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = indent + word
		}
	}
	return strings.Join(append(lines, line), "\n")
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
			// paragraphs: continued flush with their first line
			lines := []string{b.title, strings.Repeat("=", narrow.StringWidth(b.title))}
			for _, t := range b.text {
				lines = append(lines, wrapHanging(t, st.Width, ""))
			}
			err = writeLines(w, lines)
		case *summary:
			var lines []string
			for _, f := range b.figures {
				lines = append(lines, strings.TrimSpace(f.label+": "+f.value+"  "+f.detail))
			}
			err = writeWrapped(w, st.Width, lines)
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
	return writeWrapped(w, 0, lines)
}

// writeWrapped writes each line, wrapped to width (0: as it is), and a line
// end.
func writeWrapped(w io.Writer, width int, lines []string) error {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(wrapText(l, width) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// rows are buffered and laid out as one table on Flush.
func (tableWriter) rows(w io.Writer, header []string, st Style) (RowWriter, error) {
	return &gridRows{w: w, header: header, render: func(w io.Writer, g *grid) error { return renderTerminal(w, g, st) }}, nil
}
