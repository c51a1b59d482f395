package reader

// What the first rows' values say about a column's role (issue 11): a
// score column holds mostly whole numbers 0-10 (or labelled end points), a
// label column holds promoter/passive/detractor words (a cross-check, as
// Qualtrics' _NPS_GROUP is, never the score), and a date column holds at
// least one value that reads as a date. Names alone picked a column of
// labels named "NPS" over its 0-10 sibling "ValorNPS", and a contract date
// none of whose values could be read.

import (
	"strings"
	"time"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/survey"
)

// columnValues are the non-blank values (trimmed) of the first rows of the
// first input, one slice per column; a column with none, or past the end,
// gives no evidence and is judged by its name alone.
type columnValues [][]string

func (v columnValues) of(i int) []string {
	if i < len(v) {
		return v[i]
	}
	return nil
}

// scoreFit counts the values that read as scores (0-10, or 1-11 for a
// recode; labelled end points too) and those that are answers at all
// (non-answer markers such as N/A left out).
func scoreFit(vals []string) (scores, answers int) {
	for _, v := range vals {
		switch _, st := survey.ParseScoreRange(v, 0, 11); st {
		case survey.Valid:
			scores++
			answers++
		case survey.Invalid:
			answers++
		}
	}
	return scores, answers
}

// Score candidates by values: a column of mostly NPS labels is none; one
// that holds mostly scores beats one that does not (a column of "9" and
// "abc", or of nothing valid, stays a candidate, its invalid values
// counted and reported, when nothing fits better).
const rankMostlyScores = 100

// scoreValueRank adds rankMostlyScores to a name's rank when most of the
// column's answers are scores (or it has none sampled); 0 for notScores.
func scoreValueRank(vals []string, nameRank int) int {
	if nameRank == 0 || notScores(vals) != "" {
		return 0
	}
	if scores, answers := scoreFit(vals); answers == 0 || 2*scores > answers {
		return nameRank + rankMostlyScores
	}
	return nameRank
}

// notScores says why a column whose name makes it a score candidate is
// not one by its values (most of them are NPS labels), or "".
func notScores(vals []string) string {
	if isLabelColumn(vals) {
		return "holds NPS group labels, not scores"
	}
	return ""
}

// isLabelColumn reports whether most values are NPS group labels.
func isLabelColumn(vals []string) bool {
	labels := 0
	for _, v := range vals {
		if npsLabel(v) >= 0 {
			labels++
		}
	}
	return labels > 0 && 2*labels > len(vals)
}

// npsLabels are the NPS group names in English, Spanish, Portuguese,
// French, German and Italian, in lower case: 0 detractor,
// 1 passive, 2 promoter.
var npsLabels = map[string]int{
	"detractor": 0, "detractors": 0, "detractores": 0, "detractora": 0, "detrator": 0, "detratores": 0,
	"détracteur": 0, "détracteurs": 0, "detraktor": 0, "detraktoren": 0, "kritiker": 0, "detrattore": 0, "detrattori": 0,
	"passive": 1, "passives": 1, "passives/neutrals": 1, "neutral": 1, "neutrals": 1, "pasivo": 1, "pasivos": 1, "pasiva": 1,
	"neutro": 1, "neutros": 1, "passivo": 1, "passivos": 1, "passif": 1, "passifs": 1, "neutre": 1, "neutres": 1,
	"passiver": 1, "indifferente": 1, "passivi": 1, "neutrale": 1, "neutrali": 1,
	"promoter": 2, "promoters": 2, "promotor": 2, "promotores": 2, "promotora": 2, "promoteur": 2, "promoteurs": 2,
	"promotoren": 2, "promotore": 2, "promotori": 2,
}

// npsLabel reads an NPS group label in any case: 0 detractor, 1 passive,
// 2 promoter, -1 for anything else.
func npsLabel(v string) int {
	if g, ok := npsLabels[strings.ToLower(strings.TrimSpace(v))]; ok {
		return g
	}
	return -1
}

// readableDates counts the values a fresh parser in format f reads as
// dates (after observing them all, as the reader does with its sample).
func readableDates(vals []string, f dates.Format) int {
	p, err := dates.NewParser(f, time.UTC, time.UTC)
	if err != nil {
		return 0
	}
	for _, v := range vals {
		p.Observe(v)
	}
	p.Decide()
	n := 0
	for _, v := range vals {
		if _, ok := p.Parse(v); ok {
			n++
		}
	}
	return n
}
