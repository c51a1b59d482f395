package main

import (
	"io"
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/themes"
	"github.com/npskit/nps/pkg/usererr"
)

type themesOptions struct {
	base
	filter   filterFlags
	group    groupFlags
	stats    statsFlags
	lang     themes.Lang
	stem     bool
	top      int
	minCount int
}

// maxThemeGroups is how many groups themes ranks terms for: a group needs
// many comments to show any, and a group per respondent (--by email) held
// gigabytes of term counts. As many as a trend's periods (MaxPeriods).
const maxThemeGroups = breakdown.MaxPeriods

// categoryPlurals are the categories as themes names them, in
// nps.Category order.
var categoryPlurals = [3]string{nps.Detractor: "detractors", nps.Passive: "passives", nps.Promoter: "promoters"}

func newThemesCmd(a *app, runF func(*themesOptions) error) *cobra.Command {
	o := &themesOptions{base: base{app: a}}
	cmd := &cobra.Command{
		Use:   "themes [FILE...]",
		Short: "Show the words and phrases each category's comments stand out with",
		Long: `For detractors, passives and promoters: the words and two-word phrases their
comments use distinctively more than the other categories' comments, ranked
by the log-odds z-score with an informative Dirichlet prior (Monroe,
Colaresi & Quinn 2008), with how many comments use each, their share, and
example comments.

Comments are split at Unicode word boundaries, case-folded, and stripped of
numbers, e-mail addresses, URLs and stop words (English, German, French,
Spanish, Portuguese, Italian, Dutch: each comment's language is detected,
or set with --lang); --stem counts Snowball stems. A phrase never spans
punctuation. --by and --period give themes per group (at most 20,000); with
--period, "what is new" lists the detractors' terms whose share rose
significantly from the previous period to the last.`,
		Example: `  nps themes responses.csv
  nps themes responses.csv --by plan --top 5
  nps themes responses.csv --period quarter --lang de --stem`,
	}
	cmd.RunE = runE(&o.base, o, runF, runThemes)
	o.input.AddFlags(cmd)
	o.input.AddRoleFlags(cmd)
	o.filter.AddFlags(cmd, &o.input)
	o.group.AddFlags(cmd, &o.input, period.None)
	addGroup(cmd, headingOwn, func(f *pflag.FlagSet) {
		f.Var(newValue(&o.lang, themes.Auto, "auto", "string", parseLang), "lang", "the comments' `LANGUAGE`: auto (detected per comment), en, de, fr, es, pt, it or nl")
		f.BoolVar(&o.stem, "stem", false, "count Snowball word stems (crash for crashed, crashing) instead of words")
		f.Var(newValue(&o.top, 10, "10", "int", atLeast(1, "a count of 1 or more", "use 1 or more")), "top", "show at most `N` terms per category and group")
		f.Var(newValue(&o.minCount, 3, "3", "int", atLeast(1, "a count of 1 or more", "use 1 or more")), "min-count", "leave out terms used by fewer than `N` comments of the category")
	})
	completeChoices(cmd, "lang", []string{"auto", "en", "de", "fr", "es", "pt", "it", "nl"})
	o.stats.AddIntervalFlags(cmd)
	o.out.AddFlags(cmd, render.Table)
	return cmd
}

func parseLang(s string) (themes.Lang, error) {
	l, err := themes.ParseLang(s)
	if err != nil {
		return 0, &badValue{"a language", "use auto, en, de, fr, es, pt, it or nl"}
	}
	return l, nil
}

func runThemes(o *themesOptions) error {
	a, format, opt := &o.base, o.out.formatOr(render.Table), o.stats.options()
	g := o.group.grouping()
	g.MaxGroups = maxThemeGroups
	q, err := a.query(a.files, &o.filter, g)
	if err != nil {
		return err
	}
	topt := themes.Options{Lang: o.lang, Stem: o.stem}
	q.Extras = []engine.Extra{{Grouping: 0, New: func(columns []string, roles survey.Roles) (breakdown.Accumulator, []int, error) {
		if roles.Comment < 0 {
			return nil, nil, usererr.Usagef("name it with --comment-col COLUMN; columns are: "+joinList(columns, "and"), "no comment column found")
		}
		return themes.NewCounter(roles.Comment, topt), []int{roles.Comment}, nil
	}}}
	res, err := engine.Run(a.ctx, q)
	if res != nil {
		a.warn(res.Warnings)
	}
	if err = a.explainEmpty(q, res, err); err != nil {
		return err
	}
	if res.Dropped[0] {
		return usererr.Usagef("group by a column of fewer values, or by a longer --period (nps drivers finds the segments that drag the score)",
			"more than %d groups of %s: themes ranks each group's words, which needs many comments a group", maxThemeGroups, joinList(g.KeyNames(), "and"))
	}
	level := opt.Confidence
	zc := -nps.NormalQuantile((1 - level) / 2)
	rank := themes.RankOptions{Top: o.top, MinCount: int64(o.minCount), MinZ: zc}
	groups := res.Extras[0].(*themes.Counter).Groups()
	rep := &render.ThemesReport{Themes: []render.ThemeGroup{}}
	if len(g.By) > 0 || g.Period != period.None {
		rep.KeyNames = g.KeyNames()
	}
	for i := range groups {
		grp := &groups[i]
		for c := range 3 {
			rep.Comments += grp.Comments[c]
			rep.Themes = append(rep.Themes, render.ThemeGroup{
				Key: engine.KeyValues(grp.Key), Category: categoryPlurals[c], Comments: grp.Comments[c],
				Terms: themes.Rank(grp, nps.Category(c), rank),
			})
		}
	}
	if g.Period != period.None {
		rep.New = newTerms(groups, 1-level, rank)
	}
	return a.emit(func(w io.Writer) error { return render.Write(w, format, render.Themes(rep), a.style()) })
}

// newTerms is "what is new": per combination of --by values, the
// detractors' terms of the last period that rose from the period before.
func newTerms(groups []themes.Group, alpha float64, rank themes.RankOptions) []render.NewTerms {
	out := []render.NewTerms{}
	if len(groups) == 0 {
		return out
	}
	last := groups[0].Key.Period
	for _, g := range groups {
		if g.Key.Period.Ord > last.Ord {
			last = g.Key.Period
		}
	}
	prev := period.Period{Unit: last.Unit, Ord: last.Ord - 1}
	for i := range groups {
		cur := &groups[i]
		if cur.Key.Period != last {
			continue
		}
		j := slices.IndexFunc(groups, func(g themes.Group) bool {
			return g.Key.Period == prev && slices.Equal(g.Key.Segments, cur.Key.Segments)
		})
		if j < 0 {
			continue
		}
		out = append(out, render.NewTerms{
			Key: cur.Key.Segments, Period: last.Label(), Previous: prev.Label(),
			Comments: cur.Comments[nps.Detractor], Terms: themes.Rising(cur, &groups[j], alpha, rank),
		})
	}
	return out
}
