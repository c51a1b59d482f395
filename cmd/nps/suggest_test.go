package main

import (
	"slices"
	"testing"
)

func TestNearest(t *testing.T) {
	flags := []string{"period", "by", "tz", "sort", "where", "since", "score-col"}
	cases := []struct{ typo, want string }{
		{"perod", "period"},  // 1 edit
		{"preiod", "period"}, // 2 edits, within a third of 6
		{"Period", "period"}, // case is ignored
		{"scorecol", "score-col"},
		{"bx", "by"}, // 1 edit of 2 letters
		{"qq", ""},   // 2 edits from by and from tz: too far
		{"frobnicate", ""},
	}
	for _, c := range cases {
		if got := nearest(c.typo, flags); got != c.want {
			t.Errorf("nearest(%q) = %q, want %q", c.typo, got, c.want)
		}
	}
}

func TestByDistance(t *testing.T) {
	got := byDistance("Enterprize", []string{"Free", "Pro", "Enterprise", "Team"})
	// Enterprise is 1 edit away; Free, Pro and Team 8 each: a tie keeps the order
	want := []string{"Enterprise", "Free", "Pro", "Team"}
	if !slices.Equal(got, want) {
		t.Errorf("byDistance = %q, want %q", got, want)
	}
}
