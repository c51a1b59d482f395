package nps

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestAdjustPValuesByHand(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name     string
		p        []float64
		holm, bh []float64
	}{
		{
			// Sorted: 0.005, 0.01, 0.03, 0.04 (m = 4).
			// Holm: 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, 1·0.04 = 0.04
			//       → running max 0.02, 0.03, 0.06, 0.06.
			// BH:   4/1·0.005 = 0.02, 4/2·0.01 = 0.02, 4/3·0.03 = 0.04, 4/4·0.04 = 0.04
			//       → running min from the top 0.02, 0.02, 0.04, 0.04.
			"four", []float64{0.01, 0.04, 0.03, 0.005},
			[]float64{0.03, 0.06, 0.06, 0.02},
			[]float64{0.02, 0.04, 0.04, 0.02},
		},
		{
			// Sorted 0.02, 0.5, 0.6. Holm: 0.06, 2·0.5 = 1, 0.6 → 0.06, 1, 1.
			// BH: 3·0.02 = 0.06, 3/2·0.5 = 0.75, 0.6 → 0.06, 0.6, 0.6.
			"capped at 1", []float64{0.5, 0.6, 0.02},
			[]float64{1, 1, 0.06},
			[]float64{0.6, 0.6, 0.06},
		},
		{
			// R's p.adjust(c(.01,.02,.03,.04,.05)) by hand: Holm 5·0.01 = 0.05,
			// 4·0.02 = 0.08, 3·0.03 = 0.09, 2·0.04 = 0.08 → 0.09, 0.05 → 0.09;
			// BH: every m/j·p(j) is 0.05.
			"five", []float64{0.01, 0.02, 0.03, 0.04, 0.05},
			[]float64{0.05, 0.08, 0.09, 0.09, 0.09},
			[]float64{0.05, 0.05, 0.05, 0.05, 0.05},
		},
		{
			// Ties get the same value: sorted 0.01, 0.01, 0.2.
			// Holm: 3·0.01 = 0.03, 2·0.01 = 0.02 → 0.03, 0.2 → 0.2.
			// BH: 3·0.01 = 0.03, 3/2·0.01 = 0.015, 0.2 → 0.015, 0.015, 0.2.
			"ties", []float64{0.01, 0.2, 0.01},
			[]float64{0.03, 0.2, 0.03},
			[]float64{0.015, 0.2, 0.015},
		},
		{
			// NaN stays NaN and does not count: m = 2.
			"NaN", []float64{0.01, nan, 0.04},
			[]float64{0.02, nan, 0.04},
			[]float64{0.02, nan, 0.04},
		},
		{"one", []float64{0.03}, []float64{0.03}, []float64{0.03}},
		{"none", nil, nil, nil},
	}
	same := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool {
			return (math.IsNaN(x) && math.IsNaN(y)) || math.Abs(x-y) < 1e-12
		})
	}
	for _, tt := range tests {
		in := slices.Clone(tt.p)
		for _, c := range []struct {
			a    Adjustment
			want []float64
		}{{Holm, tt.holm}, {BenjaminiHochberg, tt.bh}, {NoAdjustment, tt.p}} {
			if got := AdjustPValues(tt.p, c.a); !same(got, c.want) {
				t.Errorf("%s, %v: got %v, want %v", tt.name, c.a, got, c.want)
			}
		}
		if !same(in, tt.p) {
			t.Errorf("%s: input changed to %v", tt.name, tt.p)
		}
	}
	if got := AdjustPValues([]float64{0.1}, Adjustment(7)); !math.IsNaN(got[0]) {
		t.Errorf("unknown adjustment gave %v", got)
	}
}

// Properties that hold for any input: adjusted ≥ raw, ≤ 1, in the same
// order as the raw values, and BH never above Holm.
func TestAdjustPValuesProperties(t *testing.T) {
	for seed := uint64(1); seed <= 50; seed++ {
		x := seed * 0x9E3779B97F4A7C15
		var p []float64
		for range 1 + seed%12 {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			p = append(p, math.Pow(float64(x>>11)/(1<<53), 3)) // many small ones
		}
		holm, bh := AdjustPValues(p, Holm), AdjustPValues(p, BenjaminiHochberg)
		for i := range p {
			if holm[i] < p[i] || bh[i] < p[i] || holm[i] > 1 || bh[i] > holm[i]+1e-15 {
				t.Fatalf("%v: holm %v bh %v", p, holm, bh)
			}
			for j := range p {
				if p[i] < p[j] && (holm[i] > holm[j] || bh[i] > bh[j]) {
					t.Fatalf("%v: order not kept: holm %v bh %v", p, holm, bh)
				}
			}
		}
	}
}

func TestParseAdjustment(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Adjustment
		ok   bool
	}{
		{"holm", Holm, true}, {"bh", BenjaminiHochberg, true}, {"none", NoAdjustment, true},
		{"Holm", 0, false}, {"", 0, false}, {"bonferroni", 0, false}, {"fdr", 0, false},
	} {
		got, err := ParseAdjustment(tt.in)
		if (err == nil) != tt.ok || (tt.ok && (got != tt.want || got.String() != tt.in)) {
			t.Errorf("ParseAdjustment(%q) = %v, %v", tt.in, got, err)
		}
	}
	if s := fmt.Sprint(Adjustment(9)); s != "Adjustment(9)" {
		t.Errorf("unknown adjustment prints %q", s)
	}
}
