package render

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/themes"
)

func themesFixture() *ThemesReport {
	long := "The invoice was wrong again and " + strings.Repeat("nobody answered my mails ", 8)
	return &ThemesReport{KeyNames: []string{"plan", "period"}, Comments: 9, Width: 40,
		Themes: []ThemeGroup{
			{Key: []string{"Pro", "2025-Q1"}, Category: "detractors", Comments: 5, Terms: []themes.Term{
				{Term: "invoice wrong", Count: 3, Share: 0.6, Z: 2.5, Examples: []string{long, "=invoice wrong"}},
			}},
			{Key: []string{"Pro", "2025-Q1"}, Category: "promoters", Comments: 4, Terms: nil},
		},
		New: []NewTerms{{Key: []string{"Pro"}, Period: "2025-Q1", Previous: "2024-Q4", Comments: 5, Terms: []themes.Term{
			{Term: "invoice", Count: 3, Share: 0.6, Previous: 0.1, Z: 3, Examples: []string{"invoice late"}},
		}}},
	}
}

func TestThemesFields(t *testing.T) {
	m := Themes(themesFixture())
	rows := readCSV(t, bytes.NewReader(write(t, CSV, m)), CSV)
	// SPEC §6's term fields, flattened: examples in columns of their own.
	want := []string{"plan", "period", "category", "comments", "term", "count", "share", "z", "example_1", "example_2", "example_3"}
	if !slices.Equal(rows[0], want) || len(rows) != 2 {
		t.Fatalf("CSV %v", rows)
	}
	// Examples are cut to the width around the term; a formula is
	// neutralised in CSV.
	if ex := rows[1][8]; len([]rune(ex)) > 40 || !strings.Contains(ex, "invoice") || !strings.HasSuffix(ex, "…") {
		t.Errorf("example_1 %q", ex)
	}
	if rows[1][9] != "'=invoice wrong" {
		t.Errorf("example_2 %q", rows[1][9])
	}
	doc := write(t, JSON, m)
	if got := names(t, doc); !slices.Equal(got, []string{"comments", "themes", "new"}) {
		t.Errorf("JSON keys %v", got)
	}
	if got := names(t, at(t, doc, "themes.0")); !slices.Equal(got, []string{"plan", "period", "category", "comments", "terms"}) {
		t.Errorf("theme keys %v", got)
	}
	if got := names(t, at(t, doc, "themes.0.terms.0")); !slices.Equal(got, []string{"term", "count", "share", "z", "examples"}) {
		t.Errorf("term keys %v", got)
	}
	if got := names(t, at(t, doc, "new.0")); !slices.Equal(got, []string{"plan", "period", "previous", "comments", "terms"}) {
		t.Errorf("new keys %v", got)
	}
	if got := names(t, at(t, doc, "new.0.terms.0")); !slices.Equal(got, []string{"term", "count", "share", "previous_share", "z", "examples"}) {
		t.Errorf("new term keys %v", got)
	}
	out := string(write(t, Table, m))
	for _, s := range []string{"detractors", "invoice wrong", "3 (60.0%)", "2.5", "new among detractors", "10.0%"} {
		if !strings.Contains(out, s) {
			t.Errorf("table lacks %q:\n%s", s, out)
		}
	}
}
