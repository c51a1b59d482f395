package reader

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/npskit/nps/pkg/survey"
	"github.com/xuri/excelize/v2"
)

func TestExcelNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"7.0000000000000009", "7"},                  // 0.7*10 as a workbook stores it
		{"7.000000000000001", "7"},                   // the same double written shortest
		{"6.9999999999999991", "7"},                  // from below
		{"0.30000000000000004", "0.3"},               // 0.1+0.2
		{"-2.0000000000000004", "-2"},                // a sign
		{"9.0000000000000002E-1", "0.9"},             // exponent form
		{"7", "7"},                                   // short values are left alone
		{"7.5", "7.5"},                               //
		{"0123", "0123"},                             // an id written as text
		{"123456789012345678", "123456789012345678"}, // beyond 1e15: as stored
		{"1.2345678901234567", "1.23456789012346"},
		{"abc7.0000000000000009", "abc7.0000000000000009"}, // text
		{"7.0000000000000009x", "7.0000000000000009x"},
		{"1-2-3.0000000000000001", "1-2-3.0000000000000001"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := excelNumber(tt.in); got != tt.want {
			t.Errorf("excelNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestXLSXFloatNoise: number cells that hold a double a little off a whole
// number (Excel shows 7) are read as Excel shows them, so they are scores.
func TestXLSXFloatNoise(t *testing.T) {
	f := excelize.NewFile()
	sh := "Sheet1"
	for i, v := range [][]any{{"score", "region"}, {nil, "a"}, {nil, "b"}, {nil, "c"}, {nil, "d"}} {
		if err := f.SetSheetRow(sh, "A"+string(rune('1'+i)), &v); err != nil {
			t.Fatal(err)
		}
	}
	// Raw values as Excel writes them (SetCellDefault keeps the text).
	for i, v := range []string{"7.0000000000000009", "9.0000000000000018", "2.9999999999999996", "10"} {
		if err := f.SetCellDefault(sh, "A"+string(rune('2'+i)), v); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "noise.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	_, rows, err := readAll([]string{path}, nil, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, r := range rows {
		if r.status != survey.Valid {
			t.Fatalf("line %d: status %d, fields %q", r.line, r.status, r.fields)
		}
		got = append(got, r.score)
	}
	if want := []int{7, 9, 3, 10}; !reflect.DeepEqual(got, want) {
		t.Errorf("scores %v, want %v", got, want)
	}
}
