package render

import (
	"iter"
	"math"
	"slices"
	"strings"

	"github.com/mattn/go-runewidth"
)

// grid is a table for people: columns, rows of cells, an optional total
// row set apart at the bottom (an overall, a difference), and notes under
// it. Its text is display text, already formatted and sanitised for a
// terminal; a writer adds only its own syntax (Markdown escapes, colour).
type grid struct {
	cols []column
	rows [][]cell
	// each, when set, stands for rows: a table too long to hold (score
	// --by response_id), its rows made again on every call.
	each  iter.Seq[[]cell]
	total []cell   // nil: no total row
	notes []string // one line each; "" is a blank line where notes are lines (a terminal)
	// blocks: a terminal table too wide for the terminal is written as
	// one block per row instead (inspect's columns).
	blocks bool
}

// eachRow yields the grid's rows (without the total).
func (g *grid) eachRow() iter.Seq[[]cell] {
	if g.each != nil {
		return g.each
	}
	return slices.Values(g.rows)
}

// column is a grid column.
type column struct {
	head  string
	right bool   // right-aligned: numbers
	join  string // between the parts of its cells that have several
	bars  bool   // its cells are bars (cell.bar); on a terminal they need no heading
}

// cell is one grid cell: plain text; or parts, such as "50" and "(41.7%)",
// which line up part by part down the column on a terminal and are joined
// by the column's join; or, in a bars column, a bar.
type cell struct {
	text  string
	parts []string
	bar   float64 // the bar's length as a fraction of the longest bar; 0 for none
	tone  tone    // colour on a colour terminal
}

// tone is a cell's colour, by what it stands for.
type tone uint8

const (
	noTone   tone = iota
	badTone       // detractors: red
	fairTone      // passives: yellow
	goodTone      // promoters: green
)

// plain makes cells of text.
func plain(texts ...string) []cell {
	cs := make([]cell, len(texts))
	for i, t := range texts {
		cs[i].text = t
	}
	return cs
}

// textOf is a cell's text without alignment: its parts joined by join.
func (c cell) textOf(join string) string {
	if len(c.parts) > 0 {
		return strings.Join(c.parts, join)
	}
	if c.bar > 0 {
		return bar(c.bar)
	}
	return c.text
}

const maxBar = 40 // the longest bar, in columns

// bar draws a bar fraction × 40 columns long with eighth blocks; a bar
// that is not empty always shows at least a sliver.
func bar(fraction float64) string {
	if math.IsNaN(fraction) || fraction <= 0 {
		return ""
	}
	eighths := int(math.Round(fraction * maxBar * 8))
	if eighths < 1 {
		eighths = 1
	}
	s := strings.Repeat("█", eighths/8)
	if r := eighths % 8; r > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[r-1])
	}
	return s
}

// narrow measures text we pad ourselves (Markdown source, composite cells,
// chart labels). East Asian ambiguous characters count as narrow whatever
// the locale, so output does not depend on the environment.
var narrow = &runewidth.Condition{EastAsianWidth: false}

// textGrid is a table of text from the data (classify's rows, inspect's
// summary and columns): every heading and cell sanitised, all left-aligned.
// A row shorter than the header leaves its last cells empty.
func textGrid(header []string, rows [][]string) *grid {
	g := &grid{cols: make([]column, len(header)), rows: make([][]cell, len(rows))}
	for j, h := range header {
		g.cols[j].head = sanitizeTerm(h)
	}
	for i, r := range rows {
		g.rows[i] = make([]cell, len(header))
		for j, c := range r {
			g.rows[i][j].text = sanitizeTerm(c)
		}
	}
	return g
}
