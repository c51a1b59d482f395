package render

import (
	"fmt"
	"strconv"

	"github.com/npskit/nps/pkg/themes"
)

// ThemeGroup is one group's and category's distinctive terms.
type ThemeGroup struct {
	Key      []string // in ThemesReport.KeyNames order
	Category string   // "detractors", "passives" or "promoters"
	Comments int64    // the category's comments in the group
	Terms    []themes.Term
}

// NewTerms are the detractors' terms of one group (its --by values) that
// rose from the previous period to the last.
type NewTerms struct {
	Key              []string // the --by values; KeyNames without "period"
	Period, Previous string
	Comments         int64 // detractor comments in Period
	Terms            []themes.Term
}

// ThemesReport is what `nps themes` prints.
type ThemesReport struct {
	KeyNames []string // the --by columns, then "period"; empty without grouping
	Comments int64    // comments read (valid scores, not blank)
	Themes   []ThemeGroup
	// New is "what is new" (with --period): nil without periods.
	New []NewTerms
	// Width is how many characters of a comment an example shows.
	Width int
}

// Themes is the model of a themes report: JSON {"comments": N, "themes":
// [{"key": {...}, "category", "comments", "terms": [{"term", "count",
// "share", "z", "examples": [...]}]}]}, with "new": [{"key", "period",
// "previous", "comments", "terms": [... "previous_share" ...]}] when
// grouped by period; CSV, TSV and JSON Lines a row per term (examples in
// example_1..3 columns); a table per category.
func Themes(rep *ThemesReport) *Model {
	width := rep.Width
	if width <= 0 {
		width = 80
	}
	termFields := func(t themes.Term, rising bool) object {
		ex := make([]value, len(t.Examples))
		for i, e := range t.Examples {
			ex[i] = text(themes.Excerpt(e, t.Term, width))
		}
		o := object{{"term", text(t.Term)}, {"count", count(t.Count)}, {"share", number(t.Share)}}
		if rising {
			o = append(o, field{"previous_share", number(t.Previous)})
		}
		return append(o, field{"z", number(t.Z)}, field{"examples", list(ex)})
	}
	groups := []value{}
	var rows []object
	for _, g := range rep.Themes {
		terms := []value{}
		for _, t := range g.Terms {
			tf := termFields(t, false)
			terms = append(terms, nested(tf))
			rows = append(rows, rep.themeRow(g.Key, g.Category, g.Comments, tf))
		}
		o := keyed(rep.KeyNames, g.Key, object{{"category", text(g.Category)}, {"comments", count(g.Comments)}, {"terms", list(terms)}})
		groups = append(groups, nested(o))
	}
	doc := object{{"comments", count(rep.Comments)}, {"themes", list(groups)}}
	if rep.New != nil {
		segNames := rep.KeyNames[:len(rep.KeyNames)-1]
		news := []value{}
		for _, n := range rep.New {
			terms := []value{}
			for _, t := range n.Terms {
				terms = append(terms, nested(termFields(t, true)))
			}
			o := object{}
			if len(segNames) > 0 {
				o = append(o, keyField(segNames, n.Key))
			}
			o = append(o, field{"period", text(n.Period)}, field{"previous", text(n.Previous)},
				field{"comments", count(n.Comments)}, field{"terms", list(terms)})
			news = append(news, nested(o))
		}
		doc = append(doc, field{"new", list(news)})
	}
	shape := rep.themeRow(nil, "", 0, termFields(themes.Term{}, false))
	return &Model{doc: doc, records: recordsOf(shape, rows), lines: rows, blocks: themesBlocks(rep, width)}
}

// themeRow is a term's flat record: the key, the category, then the term
// with its examples in columns of their own.
func (rep *ThemesReport) themeRow(key []string, category string, comments int64, tf object) object {
	o := object{}
	if len(rep.KeyNames) > 0 {
		o = append(o, keyField(rep.KeyNames, key))
	}
	o = append(o, field{"category", text(category)}, field{"comments", count(comments)})
	for _, f := range tf {
		if f.name != "examples" {
			o = append(o, f)
			continue
		}
		for i := range themes.MaxExamples {
			v := text("")
			if i < len(f.val.list) {
				v = f.val.list[i]
			}
			o = append(o, field{"example_" + strconv.Itoa(i+1), v})
		}
	}
	return o
}

func themesBlocks(rep *ThemesReport, width int) []block {
	g := &grid{}
	for _, k := range rep.KeyNames {
		g.cols = append(g.cols, column{head: sanitizeTerm(k)})
	}
	g.cols = append(g.cols, column{head: "category"}, column{head: "term"},
		column{head: "comments", right: true, join: " "}, column{head: "z", right: true}, column{head: "example"})
	addRow := func(key []string, category string, t themes.Term, extra string) {
		row := make([]cell, 0, len(g.cols))
		for _, k := range fitKey(key, len(rep.KeyNames)) {
			row = append(row, cell{text: termKey(k)})
		}
		ex := ""
		if len(t.Examples) > 0 {
			ex = sanitizeTerm(themes.Excerpt(t.Examples[0], t.Term, min(width, 60)))
		}
		tn := noTone
		switch category {
		case "detractors":
			tn = badTone
		case "passives":
			tn = fairTone
		case "promoters":
			tn = goodTone
		}
		row = append(row, cell{text: category + extra, tone: tn}, cell{text: sanitizeTerm(t.Term)},
			cell{parts: []string{strconv.FormatInt(t.Count, 10), "(" + fmtPct(100*t.Share) + ")"}},
			cell{text: fmt1(t.Z)}, cell{text: ex})
		g.rows = append(g.rows, row)
	}
	for _, tg := range rep.Themes {
		for _, t := range tg.Terms {
			addRow(tg.Key, tg.Category, t, "")
		}
	}
	g.notes = []string{
		fmt.Sprintf("Terms each category's comments use more than the other categories' (%d comments); z: the log-odds z-score (Monroe, Colaresi & Quinn 2008).", rep.Comments),
		"comments: how many of the category's comments use the term, and their share.",
	}
	blocks := []block{g}
	if rep.New != nil {
		n := &grid{}
		segNames := rep.KeyNames[:len(rep.KeyNames)-1]
		for _, k := range segNames {
			n.cols = append(n.cols, column{head: sanitizeTerm(k)})
		}
		n.cols = append(n.cols, column{head: "period"}, column{head: "new among detractors"},
			column{head: "comments", right: true, join: " "}, column{head: "before", right: true}, column{head: "z", right: true}, column{head: "example"})
		for _, nt := range rep.New {
			for _, t := range nt.Terms {
				row := []cell{}
				for _, k := range fitKey(nt.Key, len(segNames)) {
					row = append(row, cell{text: termKey(k)})
				}
				ex := ""
				if len(t.Examples) > 0 {
					ex = sanitizeTerm(themes.Excerpt(t.Examples[0], t.Term, min(width, 60)))
				}
				row = append(row, cell{text: sanitizeTerm(nt.Period)}, cell{text: sanitizeTerm(t.Term)},
					cell{parts: []string{strconv.FormatInt(t.Count, 10), "(" + fmtPct(100*t.Share) + ")"}},
					cell{text: fmtPct(100 * t.Previous)}, cell{text: fmt1(t.Z)}, cell{text: ex})
				n.rows = append(n.rows, row)
			}
		}
		if len(n.rows) == 0 {
			g.notes = append(g.notes, "New: no detractors' term rose significantly from the previous period.")
			return blocks
		}
		n.notes = []string{"New: detractors' terms whose share rose significantly from the previous period (Holm-adjusted across the terms)."}
		blocks = append(blocks, n)
	}
	return blocks
}
