package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/usererr"
)

// byDistance returns the candidates ordered by their edit distance to s,
// ignoring case, nearest first; ties keep their order.
func byDistance(s string, candidates []string) []string {
	s = strings.ToLower(s)
	dist := func(c string) int { return levenshtein.ComputeDistance(s, strings.ToLower(c)) }
	out := slices.Clone(candidates)
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(dist(a), dist(b)) })
	return out
}

// nearest is the candidate that s is most likely a typo of: the nearest,
// when it is within a third of s's length in edits, rounded up; else "".
func nearest(s string, candidates []string) string {
	sorted := byDistance(s, candidates)
	if len(sorted) == 0 {
		return ""
	}
	if levenshtein.ComputeDistance(strings.ToLower(s), strings.ToLower(sorted[0])) > (len(s)+2)/3 {
		return ""
	}
	return sorted[0]
}

// maxValuesShown caps the values a hint lists.
const maxValuesShown = 10

// explainEmpty replaces the "no valid score" error of a run whose
// --where COL=VALUE matches no response with one that names the values
// the column has, nearest first: a mistyped value is the usual cause. It
// reads the inputs again, grouped by each such column, and only then.
func (b *base) explainEmpty(q engine.Query, res *engine.Result, err error) error {
	if err == nil || res == nil || res.Stats.Valid > 0 || res.Stats.Filtered == 0 ||
		len(q.Files) == 0 || slices.Contains(q.Files, "-") {
		return err
	}
	all := q
	all.Read.Where, all.Groupings = nil, nil
	conds := q.Read.Where[:0:0]
	for _, c := range q.Read.Where {
		if !c.Negate {
			conds = append(conds, c)
			all.Groupings = append(all.Groupings, engine.Grouping{By: []string{c.Column}})
		}
	}
	if len(conds) == 0 {
		return err
	}
	have, err2 := engine.Run(b.ctx, all)
	if err2 != nil {
		return err
	}
	for i, c := range conds {
		var values []string
		for _, g := range have.Groupings[i].Groups() {
			values = append(values, engine.KeyValues(g.Key)[0])
		}
		if slices.ContainsFunc(values, func(v string) bool { return strings.TrimSpace(v) == c.Value }) {
			continue
		}
		values = byDistance(c.Value, values)
		if len(values) > maxValuesShown {
			values = append(values[:maxValuesShown], "...")
		}
		return usererr.Newf(usererr.Data, "", 0, fmt.Sprintf("%s has: %s", c.Column, strings.Join(values, ", ")),
			"no valid score: --where %s=%s matches no response", c.Column, c.Value)
	}
	return err
}
