package nps

import (
	"math"
	"testing"
)

func TestBandsOf(t *testing.T) {
	b := DefaultBands()
	for _, c := range []struct {
		nps  float64
		want string
	}{
		{-100, "needs improvement"},
		{-0.01, "needs improvement"},
		{0, "good"},
		{29.99, "good"},
		{30, "great"},
		{69.5, "great"},
		{70, "excellent"},
		{100, "excellent"},
		{math.NaN(), ""},
	} {
		if got := b.Of(c.nps); got != c.want {
			t.Errorf("Of(%v) = %q, want %q", c.nps, got, c.want)
		}
	}
	if got := Bands(nil).Of(50); got != "" {
		t.Errorf("no bands: %q", got)
	}
}

func TestParseBands(t *testing.T) {
	b, err := ParseBands(" poor , -10:fair,40.5: strong ")
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != "poor,-10:fair,40.5:strong" {
		t.Errorf("String() = %q", b.String())
	}
	for x, want := range map[float64]string{-11: "poor", -10: "fair", 40: "fair", 40.5: "strong"} {
		if got := b.Of(x); got != want {
			t.Errorf("Of(%v) = %q, want %q", x, got, want)
		}
	}
	d, err := ParseBands(DefaultBands().String())
	if err != nil || d.String() != "needs improvement,0:good,30:great,70:excellent" {
		t.Errorf("default round trip: %v %v", d, err)
	}
	for _, bad := range []string{"", "0:good", "low,x:high", "low,10:", "low,10:a,5:b", "low,10:a,10:b", "low,NaN:a", "low,Inf:a"} {
		if _, err := ParseBands(bad); err == nil {
			t.Errorf("ParseBands(%q): no error", bad)
		}
	}
}

func TestResultBand(t *testing.T) {
	var tl Tally
	tl.Count[10], tl.Count[0] = 3, 1 // NPS 50
	if r := tl.Result(DefaultOptions()); r.Band != "great" {
		t.Errorf("band %q, want great", r.Band)
	}
	custom, _ := ParseBands("low,60:high")
	if r := tl.Result(Options{Bands: custom}); r.Band != "low" {
		t.Errorf("custom band %q, want low", r.Band)
	}
	var empty Tally
	if r := empty.Result(DefaultOptions()); r.Band != "" {
		t.Errorf("empty band %q", r.Band)
	}
}
