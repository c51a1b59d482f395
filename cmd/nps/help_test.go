package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

func helpOf(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	st := streams{in: strings.NewReader(""), out: &out, err: &out, getenv: func(string) string { return "" }}
	if code := run(context.Background(), append(args, "--help"), st); code != 0 {
		t.Fatalf("%v --help: status %d: %s", args, code, out.String())
	}
	return out.String()
}

// TestHelpFitsEightyColumns: every line of every command's help fits an
// 80-column terminal (SPEC section 6).
func TestHelpFitsEightyColumns(t *testing.T) {
	for _, args := range [][]string{
		{}, {"score"}, {"trend"}, {"compare"}, {"dist"}, {"classify"}, {"sample-size"}, {"inspect"},
		{"help"}, {"completion"}, {"completion", "bash"}, {"completion", "zsh"}, {"completion", "fish"}, {"completion", "powershell"},
	} {
		for i, line := range strings.Split(helpOf(t, args...), "\n") {
			if w := runewidth.StringWidth(strings.ReplaceAll(line, "\t", "        ")); w > 80 {
				t.Errorf("nps %s --help, line %d is %d columns: %q", strings.Join(args, " "), i+1, w, line)
			}
		}
	}
}

// TestHelpGroupsFlags: each command lists its flags under the headings of
// their groups, and only the flags it uses (docs/decisions.md has the
// table).
func TestHelpGroupsFlags(t *testing.T) {
	all := []string{"Flags:", "Input flags:", "Filter flags:", "Grouping flags:", "Statistics flags:", "Output flags:", "Global flags:"}
	cases := []struct {
		cmd      string
		headings []string
		has      []string
		hasNot   []string
	}{
		{"score", all, []string{"--fail-under X ", "--sort", "--weight-col", "--min-n"}, []string{"--only", "--id-col", "--rolling"}},
		{"trend", all, []string{"--rolling", "--fail-under", "--period PERIOD", `(default "month")`}, []string{"--sort", "--id-col"}},
		{"compare", all, []string{"--a SIDE", "--min-n"}, []string{"--sort", "--fail-under"}},
		{"dist", []string{"Flags:", "Input flags:", "Filter flags:", "Statistics flags:", "Output flags:", "Global flags:"},
			[]string{"--fail-under"}, []string{"Grouping flags:", "--by", "--period", "--sort"}},
		{"classify", []string{"Flags:", "Input flags:", "Filter flags:", "Output flags:", "Global flags:"},
			[]string{"--only", "(default csv)"}, []string{"Grouping flags:", "Statistics flags:", "--sort", "--ci-method", "--min-n", "--weight-col", "--fail-under"}},
		{"sample-size", []string{"Flags:", "Input flags:", "Filter flags:", "Grouping flags:", "Statistics flags:", "Output flags:", "Global flags:"},
			[]string{"--margin", "--confidence"}, []string{"--min-n", "--sort", "--fail-under"}},
		{"inspect", []string{"Input flags:", "Output flags:", "Global flags:"},
			[]string{"--id-col", "--comment-col", "--weight-col"}, []string{"Filter flags:", "--where", "--strict", "--ci-method", "--fail-under"}},
	}
	for _, c := range cases {
		help := helpOf(t, c.cmd)
		last := -1
		for _, h := range c.headings {
			i := strings.Index(help, "\n"+h+"\n")
			if i < 0 || i < last {
				t.Errorf("%s --help: heading %q missing or out of order", c.cmd, h)
			}
			last = i
		}
		for _, h := range all {
			if !slices.Contains(c.headings, h) && strings.Contains(help, "\n"+h+"\n") {
				t.Errorf("%s --help has the heading %q but no such flags", c.cmd, h)
			}
		}
		for _, s := range c.has {
			if !strings.Contains(help, s) {
				t.Errorf("%s --help lacks %q", c.cmd, s)
			}
		}
		for _, s := range c.hasNot {
			if strings.Contains(help, s) {
				t.Errorf("%s --help shows %q", c.cmd, s)
			}
		}
		if strings.Contains(help, "NaN") {
			t.Errorf("%s --help shows NaN", c.cmd)
		}
	}
}
