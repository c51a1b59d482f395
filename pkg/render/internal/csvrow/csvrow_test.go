package csvrow

import (
	"strings"
	"testing"

	"github.com/gocarina/gocsv"
)

const resultHeader = "n,promoters,passives,detractors,promoters_pct,passives_pct,detractors_pct,nps,ci_low,ci_high,low_n"

// TestHeader proves that gocsv flattens the embedded rows into their
// columns, in field order and without a prefix.
func TestHeader(t *testing.T) {
	tests := []struct {
		name string
		rows any
		want string
	}{
		{"Result", []Result[int64, float64, bool]{}, resultHeader},
		{"Weighted", []Weighted[int64, float64, bool]{}, resultHeader + ",weight_total,effective_n"},
		{"Compare", []Compare[*int64, *float64, *bool]{}, resultHeader + ",z,p_value,significant"},
		{"CompareWeighted", []CompareWeighted[*int64, *float64, *bool]{},
			resultHeader + ",weight_total,effective_n,z,p_value,significant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := gocsv.MarshalString(tt.rows)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want+"\n" {
				t.Errorf("header\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestCells checks that values land in their columns and that nil pointers
// are empty cells.
func TestCells(t *testing.T) {
	n, z := int64(7), 1.5
	rows := []CompareWeighted[*int64, *float64, *bool]{
		{Result: Result[*int64, *float64, *bool]{N: &n}, Test: Test[*float64, *bool]{Z: &z}},
	}
	got, err := gocsv.MarshalString(rows)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if want := "7,,,,,,,,,,,,,1.5,,"; len(lines) != 2 || lines[1] != want {
		t.Errorf("got\n%s\nwant row %s", got, want)
	}
}
